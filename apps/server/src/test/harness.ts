import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CALENDAR_ENTRIES, HolidayCalendar } from '@lianluo/domain';
import type { InjectOptions } from 'fastify';
import pg from 'pg';
import { type App, type AppOptions, buildApp } from '../app.ts';
import { DEFAULT_SETTINGS, type Deps } from '../core/context.ts';
import { createFieldCrypto } from '../crypto/fields.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { ensureCalendar } from '../runtime.ts';
import { diskStorage } from '../storage/storage.ts';

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public current: Date) {}
  now = () => new Date(this.current);
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database
 * on the PostgreSQL server named by DATABASE_URL (dropped by close()).
 */
export async function freshDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  let database: Database;
  let dropDatabase = async () => {};
  if (url) {
    const name = `lianluo_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    database = await openDatabase({ url: u.toString(), poolSize: 4 });
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    database = await openDatabase({});
  }
  await migrate(database);
  await ensureCalendar(database.db);
  const close = database.close;
  return {
    ...database,
    close: async () => {
      await close();
      await dropDatabase();
    },
  };
}

const TEST_KEY = Buffer.alloc(32, 7);

export function testDeps(database: Database, clock: TestClock): Omit<Deps, 'log'> {
  const calendar = new HolidayCalendar(DEFAULT_CALENDAR_ENTRIES);
  return {
    db: database.db,
    now: clock.now,
    crypto: createFieldCrypto(TEST_KEY),
    calendar: async () => calendar,
    settings: { ...DEFAULT_SETTINGS },
    storage: diskStorage(mkdtempSync(join(tmpdir(), 'lianluo-att-'))),
  };
}

export interface TestApp {
  app: App;
  database: Database;
  deps: Omit<Deps, 'log'>;
  clock: TestClock;
  /** Call from the test file's top-level after(). */
  close: () => Promise<void>;
}

/** `options`: the app's settings from the configuration (trustProxy, open311RatePerMinute). */
export async function startTestApp(
  now = new Date('2026-06-15T02:00:00Z'),
  options: Pick<
    AppOptions,
    'trustProxy' | 'open311RatePerMinute' | 'serveConsole' | 'consoleDist' | 'logger'
  > = {},
): Promise<TestApp> {
  const database = await freshDatabase();
  const clock = new TestClock(now);
  const deps = testDeps(database, clock);
  const app = await buildApp({ database, deps, ...options });
  const close = async () => {
    await app.close();
    await database.close();
  };
  return { app, database, deps, clock, close };
}

/** Signs in through the API and returns the cookie header to send with later requests. */
export async function loginAs(app: App, username: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'lianluo_sid');
  if (!cookie) throw new Error('no session cookie');
  return `lianluo_sid=${cookie.value}`;
}

export function as(app: App, cookie: string) {
  return (opts: InjectOptions) => app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie } });
}
