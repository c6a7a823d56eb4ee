import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type Assume, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema/index.ts';

/**
 * Both drivers answer a raw statement with `{ rows }` (node-postgres' QueryResult, PGlite's
 * Results), so `db.execute<Row>(sql)` is typed as that on either database.
 */
interface RowsResultHKT extends PgQueryResultHKT {
  type: RowsOf<Assume<this['row'], Record<string, unknown>>>;
}

interface RowsOf<T> {
  rows: T[];
}

export type Db = PgDatabase<RowsResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs a statement outside Drizzle (health checks, test setup). */
  ping(): Promise<void>;
  /** Applies the migrations of `folder` not yet applied, with the driver's own migrator. */
  applyMigrations(folder: string): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… — use a PostgreSQL server. Without it, PGlite runs in-process. */
  url?: string;
  /** PGlite data folder; omitted = in memory (tests). */
  dataDir?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      application_name: 'lianluo',
      connectionTimeoutMillis: 5000,
    });
    // Without a listener an idle client's error (server restart) would crash the process.
    pool.on('error', () => {});
    const db = drizzleNodePg(pool, { schema });
    return {
      db,
      kind: 'postgres',
      applyMigrations: (migrationsFolder) => migrateNodePg(db, { migrationsFolder }),
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: () => pool.end(),
    };
  }
  const release = opts.dataDir ? lockDataDir(opts.dataDir) : () => {};
  let client: PGlite;
  try {
    client = opts.dataDir ? await PGlite.create(join(opts.dataDir, 'pglite')) : await PGlite.create();
  } catch (err) {
    release();
    throw new Error(
      `cannot open the embedded database in ${opts.dataDir}: ${(err as Error).message}. ` +
        'The folder is left as it is; restore it from a backup or move it aside to start afresh.',
    );
  }
  const db = drizzlePglite(client, { schema });
  return {
    db,
    kind: 'pglite',
    applyMigrations: (migrationsFolder) => migratePglite(db, { migrationsFolder }),
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      await client.close();
      release();
    },
  };
}

/**
 * PGlite does not lock its data folder, and two processes writing to it corrupt it.
 * Take a pid lock file so a second server on the same folder refuses to start.
 */
function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, 'lianluo.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new Error(`data directory ${dir} is in use by pid ${pid}`);
      }
      // A stale lock from a process that died: take it over.
      if (existsSync(lockPath)) rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`cannot lock data directory ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
