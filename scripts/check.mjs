#!/usr/bin/env node
/**
 * `npm run check`: every structural guard of docs/architecture.md, one after another, then a
 * summary; exits 1 if any failed. `npm run check -- sql size` runs only the named guards.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const bin = (name) => join(ROOT, 'node_modules/.bin', name);
const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts ?? {};

/** name, what it guards, and the command (or why it is skipped). */
const GUARDS = [
  {
    name: 'migrations',
    what: 'schema = committed migrations (drizzle-kit generate + check, no database)',
    cmd: [process.execPath, ['scripts/check-migrations.mjs']],
  },
  {
    name: 'layers',
    what: 'imports point down the layers of docs/architecture.md, no import cycles (dependency-cruiser)',
    cmd: [bin('depcruise'), ['--config', '.dependency-cruiser.cjs', 'apps', 'packages']],
  },
  {
    name: 'sql',
    what: 'SQL only in *.queries.ts (and db/, seed/, cli/, tests)',
    cmd: [process.execPath, ['scripts/check-sql.mjs']],
  },
  {
    name: 'size',
    what: 'no source file over 500 lines (seed data, generated code and migrations aside)',
    cmd: [process.execPath, ['scripts/check-size.mjs']],
  },
  {
    name: 'unused',
    what: 'no unused file, export or dependency, no undeclared one (knip)',
    cmd: [bin('knip'), ['--no-progress']],
  },
  {
    name: 'promises',
    what: 'no floating promise, no non-exhaustive switch (Biome, type-aware; also part of `npm run lint`)',
    cmd: [
      bin('biome'),
      ['lint', '--only=nursery/noFloatingPromises', '--only=nursery/useExhaustiveSwitchCases', '.'],
    ],
  },
  {
    name: 'api-types',
    what: 'apps/console/src/api/schema.d.ts = the OpenAPI document',
    ...(scripts['api:types']
      ? { cmd: ['npm', ['run', '--silent', 'api:types', '--', '--check']] }
      : { skip: 'no api:types script in package.json yet' }),
  },
];

const only = process.argv.slice(2);
const unknown = only.filter((n) => !GUARDS.some((g) => g.name === n));
if (unknown.length > 0) {
  console.error(`unknown guard(s): ${unknown.join(', ')}; guards: ${GUARDS.map((g) => g.name).join(', ')}`);
  process.exit(2);
}

const results = [];
for (const g of GUARDS) {
  if (only.length > 0 && !only.includes(g.name)) continue;
  console.log(`\n── ${g.name}: ${g.what}`);
  if (g.skip) {
    console.log(`skipped: ${g.skip}`);
    results.push({ ...g, status: 'skipped', ms: 0 });
    continue;
  }
  const t0 = Date.now();
  const [cmd, args] = g.cmd;
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  const status = r.status === 0 ? 'ok' : 'FAILED';
  if (r.error) console.error(`${cmd}: ${r.error.message}`);
  results.push({ ...g, status, ms: Date.now() - t0 });
}

console.log('\n── summary');
for (const r of results) {
  console.log(`  ${r.status.padEnd(7)} ${r.name.padEnd(11)} ${r.ms ? `${(r.ms / 1000).toFixed(1)} s` : ''}`);
}
const failed = results.filter((r) => r.status === 'FAILED');
if (failed.length > 0) {
  console.log(`\n${failed.length} guard(s) failed: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
console.log('\nall guards passed');
