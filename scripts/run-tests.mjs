// Runs node's test runner over the test files of the given roots (folders, or single files).
// Node 20's `--test` takes no globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [suffix = '.test.ts', ...roots] = process.argv.slice(2);
const files = [];
for (const root of roots.length ? roots : ['packages', 'apps/server/src']) {
  if (statSync(root).isFile()) {
    if (root.endsWith(suffix)) files.push(root);
    continue;
  }
  for (const rel of readdirSync(root, { recursive: true })) {
    const p = join(root, String(rel));
    if (p.includes('node_modules')) continue;
    if (p.endsWith(suffix) && statSync(p).isFile()) files.push(p);
  }
}
files.sort();
if (files.length === 0) {
  console.error(`no test files ending in ${suffix}`);
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files],
  { stdio: 'inherit' },
);
process.exit(r.status ?? 1);
