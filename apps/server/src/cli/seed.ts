import { sql } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import { openRuntime } from '../runtime.ts';
import { DEMO_PASSWORD, demoAccounts, ensureDemo, isSeeded } from '../seed/demo.ts';

/**
 * `npm run seed` loads the demo county into an empty database; `npm run seed -- --reset` first
 * drops everything (all data, not just the demo) and migrates afresh.
 */
const reset = process.argv.includes('--reset');
const config = loadConfig();
let runtime = await openRuntime(config);
if (reset) {
  await runtime.database.db.execute(sql`drop schema if exists public cascade`);
  await runtime.database.db.execute(sql`drop schema if exists drizzle cascade`);
  await runtime.database.db.execute(sql`create schema public`);
  await runtime.database.close();
  runtime = await openRuntime(config);
} else if (await isSeeded(runtime.database.db)) {
  console.log('the database already holds data; use `npm run seed -- --reset` to regenerate the demo');
  await runtime.database.close();
  process.exit(0);
}
const t0 = Date.now();
await ensureDemo(runtime.deps);
console.log(`demo county generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(
  `demo accounts (password ${DEMO_PASSWORD}): ${demoAccounts()
    .map((a) => a.username)
    .join(', ')}`,
);
await runtime.database.close();
