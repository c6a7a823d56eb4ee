import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Browser, chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
  /**
   * Moves the server's clock by `ms` from real time (only with `startServer({ clock: true })`,
   * which loads e2e/fake-clock.ts into the server process).
   */
  setClockOffset: (ms: number) => Promise<void>;
}

export interface ServerOptions {
  /** Load the test clock into the server so the test can move time forward. */
  clock?: boolean;
}

/** Runs one statement on the PostgreSQL server named by `url`. */
async function pgAdmin(url: string, statement: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/**
 * The database a new server runs on. With E2E_TEMPLATE_DATABASE (scripts/e2e.mjs seeded the demo
 * into it on the PostgreSQL server of DATABASE_URL) a fresh database copied from that template,
 * dropped when the server stops; otherwise DATABASE_URL as it is, or the embedded database.
 */
async function databaseFor(): Promise<{ url?: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  const template = process.env.E2E_TEMPLATE_DATABASE;
  if (!serverUrl || !template) return { url: serverUrl || undefined, drop: async () => {} };
  if (!/^[a-z0-9_]+$/.test(template)) throw new Error(`bad E2E_TEMPLATE_DATABASE: ${template}`);
  const name = `lianluo_e2e_${randomBytes(6).toString('hex')}`;
  // CREATE DATABASE … TEMPLATE copies the files: a second or two for the whole demo county.
  await pgAdmin(serverUrl, `create database ${name} template ${template}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: () => pgAdmin(serverUrl, `drop database if exists ${name} with (force)`),
  };
}

/**
 * Starts the real server as a child process, the way `npm start` does, on a copy of the seeded
 * template (embedded database, or a PostgreSQL database made from the template database), or on a
 * fresh database when there is no template, and waits until it is ready.
 */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'lianluo-e2e-'));
  const database = await databaseFor();
  // scripts/e2e.mjs seeds the demo county once; each server gets its own copy of it. On
  // PostgreSQL the folder holds what the rows need besides: the field key and the attachments.
  const template = process.env.E2E_TEMPLATE_DIR;
  const copy = process.env.E2E_TEMPLATE_DATABASE
    ? !!database.url
    : !database.url && !!template && existsSync(join(template, 'pglite'));
  if (template && copy) {
    cpSync(template, dataDir, { recursive: true });
  }
  const clockFile = join(dataDir, 'e2e-clock-offset');
  writeFileSync(clockFile, '0');
  let log = '';
  const preload = opts.clock ? ['--import', './e2e/fake-clock.ts'] : [];
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', ...preload, 'apps/server/src/main.ts'],
    {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LIANLUO_DATA_DIR: dataDir,
        DATABASE_URL: database.url ?? '',
        LOG_LEVEL: 'warn',
        E2E_CLOCK_FILE: clockFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  // Seeding the demo county takes minutes on a small, busy machine.
  const deadline = Date.now() + Number(process.env.E2E_SERVER_TIMEOUT_MS ?? 600_000);
  for (;;) {
    if (child.exitCode !== null) {
      await database.drop().catch(() => undefined);
      throw new Error(`server exited early:\n${log}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok && log.includes('is running')) break;
    } catch {}
    if (Date.now() > deadline) {
      // Do not leave a half-started server (and its database) running after the suite gives up.
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await database.drop().catch(() => undefined);
      throw new Error(`server not ready in time:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await settle(url);
  return {
    url,
    output: () => log,
    setClockOffset: async (ms: number) => {
      if (!opts.clock) throw new Error('startServer({ clock: true }) is needed to move the clock');
      writeFileSync(clockFile, String(ms));
      child.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, 300));
    },
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * The demo history leaves about 2,000 due case timers and 3,000 queued messages that a new
 * server's first worker pass (5 s after start) works off, holding the embedded database for tens
 * of seconds on a busy machine. Waits until pages answer promptly again (three quick answers in
 * a row), so the first page load of a test does not time out.
 */
async function settle(url: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 6000));
  const deadline = Date.now() + 300_000;
  let quick = 0;
  while (quick < 3 && Date.now() < deadline) {
    const t0 = Date.now();
    const ok = await fetch(`${url}/login`, { headers: { connection: 'close' } }).then(
      (r) => r.arrayBuffer().then(() => r.ok),
      () => false, // a dropped connection while the server is busy: try again
    );
    quick = ok && Date.now() - t0 < 1000 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
