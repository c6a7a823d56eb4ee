#!/usr/bin/env node
/**
 * Migration drift: fails when the Drizzle schema (apps/server/src/db/schema) says something the
 * migrations in apps/server/drizzle do not, i.e. when `npm run db:generate` would write a new
 * migration that nobody committed.
 *
 * drizzle-kit generate diffs the schema against the newest snapshot in <out>/meta (no database).
 * It runs here on a copy of the folder in a temporary directory, so the repository's folder is
 * never written; any file that appears or changes in the copy is drift. `drizzle-kit check` then
 * checks the committed snapshots themselves (read-only: collisions of parallel migrations).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const CONFIG = join(ROOT, 'apps/server/drizzle.config.ts');
const OUT = join(ROOT, 'apps/server/drizzle');
const KIT = join(ROOT, 'node_modules/.bin/drizzle-kit');
// A schema change that could be a rename makes drizzle-kit ask; without a terminal it says so and
// exits 0 (0.31), but should a version wait for an answer instead, the wait ends here.
const TIMEOUT_MS = 120_000;

function kit(args) {
  const r = spawnSync(KIT, args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: TIMEOUT_MS,
  });
  return { ...r, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function files(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), base) : [relative(base, join(dir, e.name))],
  );
}

const tmp = mkdtempSync(join(tmpdir(), 'lianluo-drift-'));
let failed = false;
try {
  const copy = join(tmp, 'drizzle');
  cpSync(OUT, copy, { recursive: true });
  // drizzle-kit takes `out` relative to the working directory (it prefixes './').
  writeFileSync(
    join(tmp, 'drizzle.config.ts'),
    `import base from ${JSON.stringify(CONFIG)};\nexport default { ...base, out: ${JSON.stringify(relative(ROOT, copy))} };\n`,
  );
  const gen = kit(['generate', '--config', join(tmp, 'drizzle.config.ts')]);
  if (gen.error?.code === 'ETIMEDOUT') {
    console.error(
      'drizzle-kit generate waited for an answer (a column or table rename?): the schema changed.',
    );
    console.error('Run `npm run db:generate` in a terminal and commit the migration.');
    failed = true;
  } else if (/Interactive prompts require a TTY/.test(gen.output)) {
    // drizzle-kit then prints the error and still exits 0.
    console.error(
      'drizzle-kit generate would ask whether a column or table was renamed: the schema changed.',
    );
    console.error('Run `npm run db:generate` in a terminal, answer, review and commit the migration.');
    failed = true;
  } else if (gen.status !== 0) {
    console.error(gen.output.trim());
    console.error(`drizzle-kit generate failed (exit ${gen.status ?? gen.signal})`);
    failed = true;
  } else {
    const before = new Set(files(OUT));
    const changed = files(copy).filter(
      (f) => !before.has(f) || !readFileSync(join(copy, f)).equals(readFileSync(join(OUT, f))),
    );
    if (changed.length > 0) {
      failed = true;
      console.error('The schema differs from the migrations: `npm run db:generate` would write');
      for (const f of changed) {
        console.error(`  apps/server/drizzle/${f}${before.has(f) ? ' (changed)' : ' (new)'}`);
        if (f.endsWith('.sql')) {
          const sql = readFileSync(join(copy, f), 'utf8').trim().split('\n');
          for (const line of sql.slice(0, 20)) console.error(`    ${line}`);
          if (sql.length > 20) console.error(`    … ${sql.length - 20} more lines`);
        }
      }
      console.error('Generate the migration (npm run db:generate), review it and commit it.');
    } else if (!/No schema changes/.test(gen.output)) {
      // Nothing written, but not the all-clear either: an error drizzle-kit did not exit on.
      console.error(gen.output.trim());
      console.error('drizzle-kit generate neither wrote a migration nor said the schema is unchanged');
      failed = true;
    } else {
      console.log('schema = migrations (drizzle-kit generate has nothing to write)');
    }
  }

  const check = kit(['check', '--config', CONFIG]);
  if (check.status !== 0 || check.error) {
    console.error(check.output.trim());
    console.error('drizzle-kit check failed');
    failed = true;
  } else {
    console.log('drizzle-kit check: snapshots consistent');
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
