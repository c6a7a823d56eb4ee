import { resolve } from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from './context.ts';

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  logLevel: string;
  settings: Settings;
}

/** Reads the environment once, at start; nothing else in the server reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const int = (name: string, fallback: number) => {
    const v = env[name];
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${v}`);
    return n;
  };
  return {
    port: int('PORT', 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.LIANLUO_DATA_DIR ?? 'data'),
    logLevel: env.LOG_LEVEL ?? 'info',
    settings: {
      ...DEFAULT_SETTINGS,
      sessionIdleMinutes: int('LIANLUO_SESSION_IDLE_MINUTES', DEFAULT_SETTINGS.sessionIdleMinutes),
      secureCookies: env.LIANLUO_SECURE_COOKIES === '1',
    },
  };
}
