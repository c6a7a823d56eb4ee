import { resolve } from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from './core/context.ts';

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
  const outcome = (v: string | undefined): Settings['ratingTimeoutCountsAs'] => {
    if (v === undefined || v === '') return DEFAULT_SETTINGS.ratingTimeoutCountsAs;
    if (v === 'satisfied' || v === 'basically_satisfied') return v;
    throw new Error(`LIANLUO_RATING_TIMEOUT_COUNTS_AS must be satisfied or basically_satisfied, got ${v}`);
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
      // Per deployment, not per county: it bounds what one request may make the server buffer
      // and store on its disk, which is the operator's to size (counties share both).
      maxAttachmentBytes: int('LIANLUO_MAX_ATTACHMENT_BYTES', DEFAULT_SETTINGS.maxAttachmentBytes),
      // The deployment's defaults; an administrator may set other values per county.
      ratingWaitDays: int('LIANLUO_RATING_WAIT_DAYS', DEFAULT_SETTINGS.ratingWaitDays),
      ratingTimeoutCountsAs: outcome(env.LIANLUO_RATING_TIMEOUT_COUNTS_AS),
    },
  };
}
