// End-to-end tests: generate the demo county once into a template, then run the e2e files (all of
// e2e/, or those named on the command line); each starts its own server on a copy of the template
// (e2e/support.ts), so the slow part — a year of demo history — is paid once per run rather than
// once per file.
//
// On the embedded database by default. With DATABASE_URL set (scripts/with-postgres.sh, as
// `npm run test:e2e:pg` does) the demo is seeded into a template database on that PostgreSQL
// server instead, and each server runs on its own database created from that template.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const files = process.argv.slice(2);
const serverUrl = process.env.DATABASE_URL || '';
const template = mkdtempSync(join(tmpdir(), 'lianluo-e2e-template-'));
const templateDb = serverUrl ? `lianluo_e2e_template_${randomBytes(4).toString('hex')}` : '';

/** Runs one statement on the PostgreSQL server (its maintenance database). */
async function admin(statement) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

function urlOf(db) {
  const u = new URL(serverUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

try {
  if (templateDb) await admin(`create database ${templateDb}`);
  // The field key (field.key) and attachments are written to the template folder either way;
  // the rows go to the embedded database in it, or to the template database.
  const t0 = Date.now();
  const seed = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/cli/seed.ts'], {
    stdio: 'inherit',
    env: { ...process.env, LIANLUO_DATA_DIR: template, DATABASE_URL: templateDb ? urlOf(templateDb) : '' },
  });
  if (seed.status !== 0) throw new Error(`seeding the demo failed (exit ${seed.status})`);
  console.log(
    `e2e template seeded on ${templateDb ? 'PostgreSQL' : 'PGlite'} in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  const run = spawnSync(
    process.execPath,
    ['scripts/run-tests.mjs', '.e2e.ts', ...(files.length ? files : ['e2e'])],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        TEST_CONCURRENCY: '1',
        E2E_TEMPLATE_DIR: template,
        E2E_TEMPLATE_DATABASE: templateDb,
        DATABASE_URL: serverUrl,
      },
    },
  );
  process.exitCode = run.status ?? 1;
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  if (templateDb) await admin(`drop database if exists ${templateDb} with (force)`).catch(() => undefined);
  rmSync(template, { recursive: true, force: true });
}
