// End-to-end tests: generate the demo county once into a template data folder, then run every
// e2e file; each starts its own server on a copy of the template (e2e/support.ts), so the slow
// part — a year of demo history — is paid once per run rather than once per file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const template = mkdtempSync(join(tmpdir(), 'lianluo-e2e-template-'));
const env = { ...process.env, LIANLUO_DATA_DIR: template, DATABASE_URL: '' };
try {
  const seed = spawnSync(process.execPath, ['--import', 'tsx', 'apps/server/src/cli/seed.ts'], {
    stdio: 'inherit',
    env,
  });
  if (seed.status !== 0) process.exit(seed.status ?? 1);
  const run = spawnSync(process.execPath, ['scripts/run-tests.mjs', '.e2e.ts', 'e2e'], {
    stdio: 'inherit',
    env: { ...process.env, TEST_CONCURRENCY: '1', E2E_TEMPLATE_DIR: template },
  });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(template, { recursive: true, force: true });
}
