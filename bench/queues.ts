/**
 * Queue and supervision-list benchmark (not a test): 1,000,000 cases generated with SQL
 * generate_series, then GET /api/supervision (county office) and GET /api/cases/queues
 * (a department handler) measured over HTTP. Target: each < 50 ms.
 *
 *   npm run bench:queues     (starts a throwaway cluster when DATABASE_URL is unset)
 *   BENCH_CASES=1000000 BENCH_RUNS=50 npm run bench:queues
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CALENDAR_ENTRIES, HolidayCalendar } from '@lianluo/domain';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app.ts';
import { DEFAULT_SETTINGS } from '../apps/server/src/core/context.ts';
import { createFieldCrypto } from '../apps/server/src/crypto/fields.ts';
import { openDatabase } from '../apps/server/src/db/client.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { categories, departments, regions, users } from '../apps/server/src/db/schema/index.ts';
import { hashPassword } from '../apps/server/src/modules/auth/passwords.ts';
import { ensureCalendar } from '../apps/server/src/runtime.ts';
import { diskStorage } from '../apps/server/src/storage/storage.ts';

if (!process.env.DATABASE_URL) {
  const r = spawnSync(
    'bash',
    ['scripts/with-postgres.sh', process.execPath, '--import', 'tsx', 'bench/queues.ts'],
    {
      stdio: 'inherit',
    },
  );
  process.exit(r.status ?? 1);
}

const N = Number(process.env.BENCH_CASES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const url = process.env.DATABASE_URL;
const name = `lianluo_bq_${randomBytes(4).toString('hex')}`;
const admin = async (q: string) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(q);
  await c.end();
};
await admin(`create database ${name}`);
const u = new URL(url);
u.pathname = `/${name}`;
const database = await openDatabase({ url: u.toString(), poolSize: 8 });
await migrate(database);
await ensureCalendar(database.db);
const db = database.db;
await db.insert(regions).values([
  { code: '430000000000', name: '湖南省', level: 'province', parentCode: null },
  { code: '439900000000', name: '云州市', level: 'city', parentCode: '430000000000' },
  { code: '439901000000', name: '清溪县', level: 'county', parentCode: '439900000000' },
]);
await db.insert(categories).values({ key: 'environment', name: '环境保护' });
const depts = await db
  .insert(departments)
  .values(
    Array.from({ length: 30 }, (_, i) => ({
      regionCode: '439901000000',
      name: `清溪县第${i + 1}局`,
      shortName: `第${i + 1}局`,
      kind: 'government',
      level: 'county',
    })),
  )
  .returning({ id: departments.id });
const password = 'Bench#Pass2026';
const hash = await hashPassword(password);
await db.insert(users).values([
  {
    username: 'county',
    displayName: '县联工委',
    passwordHash: hash,
    role: 'county_office',
    regionCode: '439901000000',
  },
  {
    username: 'dept',
    displayName: '经办人',
    passwordHash: hash,
    role: 'department_handler',
    regionCode: '439901000000',
    departmentId: depts[0]!.id,
  },
]);

console.log(`generating ${N.toLocaleString()} cases with generate_series …`);
let t0 = performance.now();
const deptArray = `array[${depts.map((d) => `'${d.id}'::uuid`).join(',')}]`;
// A year of history in one county: 19 towns × 5 villages; most closed, ~6% open, ~1% supervised,
// ~0.5% overdue; every referred case has a lead department.
await db.execute(
  sql.raw(`
  insert into cases (number, region_code, channel, title, content, status, urgency, level, registered_at,
    lead_department_id, reply_due_at, closed_at, supervision, supervised_at, overdue_at, last_seq)
  select 'LL-439901-B-' || g,
    '439901' || lpad(((g % 19) + 1)::text, 3, '0') || lpad(((g % 5) + 1)::text, 3, '0'),
    'phone', '批量意见' || g, '批量生成的意见内容', st, 'normal', 'county',
    now() - ((g % 365) || ' days')::interval,
    case when st in ('registered','triaged') then null else (${deptArray})[((g / 7) % 30) + 1] end,
    case when st in ('assigned','accepted','reopened') then now() + (((g % 40) - 10) || ' days')::interval else null end,
    case when st = 'closed' then now() - ((g % 300) || ' days')::interval else null end,
    case when g % 100 = 0 then (case when g % 300 = 0 then 'key' else 'ordinary' end) else 'none' end,
    case when g % 100 = 0 then now() - ((g % 60) || ' days')::interval else null end,
    case when g % 200 = 1 and st in ('assigned','accepted','reopened') then now() - ((g % 20) || ' days')::interval else null end,
    3
  from (select g, case
      when g % 100 < 94 then 'closed'
      when g % 100 = 94 then 'registered'
      when g % 100 = 95 then 'assigned'
      when g % 100 = 96 then 'accepted'
      when g % 100 = 97 then 'replied'
      when g % 100 = 98 then 'fed_back'
      else 'reopened' end as st
    from generate_series(1, ${N}) g) s`),
);
// What autovacuum does after a bulk load: statistics, and the visibility map that lets the queue
// counts read the open-cases index alone.
await db.execute(sql`vacuum analyze cases`);
console.log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const calendar = new HolidayCalendar(DEFAULT_CALENDAR_ENTRIES);
const app = await buildApp({
  database,
  deps: {
    db,
    now: () => new Date(),
    crypto: createFieldCrypto(randomBytes(32)),
    calendar: async () => calendar,
    settings: { ...DEFAULT_SETTINGS, sessionIdleMinutes: 120 },
    storage: diskStorage(mkdtempSync(join(tmpdir(), 'lianluo-bench-'))),
  },
});
const login = async (username: string) => {
  const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const c = r.cookies.find((x) => x.name === 'lianluo_sid');
  return `lianluo_sid=${c!.value}`;
};
const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
async function measure(label: string, cookie: string, path: string) {
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < RUNS + 5; i++) {
    t0 = performance.now();
    const r = await app.inject({ method: 'GET', url: path, headers: { cookie } });
    const dt = performance.now() - t0;
    if (r.statusCode !== 200) throw new Error(`${path}: ${r.statusCode} ${r.body}`);
    if (i >= 5) times.push(dt);
    const j = r.json();
    items = j.items?.length ?? Object.values(j as Record<string, number>).reduce((a, b) => a + Number(b), 0);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))]!.toFixed(1);
  console.log(
    `  ${label.padEnd(34)} p50 ${p(0.5).padStart(6)} ms   p99 ${p(0.99).padStart(6)} ms   (${items} rows/count)`,
  );
}
console.log(`\nresult (${N.toLocaleString()} cases, ${RUNS} runs each, target < 50 ms)`);
await measure('supervision list (county office)', await login('county'), `/api/supervision?month=${month}`);
await measure('department queues (handler)', await login('dept'), '/api/cases/queues');
await measure('county queues (county office)', await login('county'), '/api/cases/queues');
await app.close();
await database.close();
await admin(`drop database if exists ${name} with (force)`);
