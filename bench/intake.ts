/**
 * Intake benchmark (not a test): createCase over HTTP against PostgreSQL's own insert rate.
 *
 *   npm run bench:intake            (starts a throwaway cluster when DATABASE_URL is unset)
 *   BENCH_SECONDS=20 BENCH_CLIENTS=64 npm run bench:intake
 *
 * 1. starts the server (same process, real HTTP on a local port, the pool as deployed) on a
 *    fresh database;
 * 2. in BENCH_ROUNDS (2) alternating rounds that share the 20 s: 64 concurrent clients (wrk, a C
 *    client like pgbench's; autocannon when wrk cannot be had) POST /api/cases, then pgbench runs
 *    an insert-only script of the same row shape (case row with its search tokens, its event row
 *    and the Idempotency-Key row, one statement) with the same clients, prepared as our intake
 *    statement is (-M prepared);
 * 3. prints both rates and the ratio (target ≥ 40 %, p99 < 50 ms), both sides' p50/p99, and the
 *    CPU each side spent per request (server, database, clients): on a shared or small machine
 *    the rates move with the neighbours, the CPU per request much less.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { text } from 'node:stream/consumers';
import { DEFAULT_CALENDAR_ENTRIES, HolidayCalendar } from '@lianluo/domain';
import { searchTokens } from '@lianluo/text';
import pg from 'pg';
import { buildApp } from '../apps/server/src/app.ts';
import { DEFAULT_SETTINGS } from '../apps/server/src/core/context.ts';
import { createFieldCrypto } from '../apps/server/src/crypto/fields.ts';
import { openDatabase } from '../apps/server/src/db/client.ts';
import { migrate } from '../apps/server/src/db/migrate.ts';
import { categories, regions, stations, users } from '../apps/server/src/db/schema/index.ts';
import { hashPassword } from '../apps/server/src/modules/auth/passwords.ts';
import { ensureCalendar } from '../apps/server/src/runtime.ts';
import { diskStorage } from '../apps/server/src/storage/storage.ts';
import { ensureWrk, runWrk, type WrkResult } from './wrk.ts';

if (!process.env.DATABASE_URL) {
  const r = spawnSync(
    'bash',
    ['scripts/with-postgres.sh', process.execPath, '--import', 'tsx', 'bench/intake.ts'],
    {
      stdio: 'inherit',
    },
  );
  process.exit(r.status ?? 1);
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const url = process.env.DATABASE_URL;
const name = `lianluo_bench_${randomBytes(4).toString('hex')}`;
{
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
}
// Through the Unix socket when the server offers one (both we and pgbench use it): on a small
// virtual machine loopback TCP costs more per round trip than the statement itself.
const u = new URL(process.env.LIANLUO_PG_SOCKET_URL ?? url);
u.pathname = `/${name}`;
const dbUrl = u.toString();
// CPU time in ms from /proc (Linux): fields 14–17 of stat are utime, stime, cutime, cstime.
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);
const statOf = (pid: number | 'self') => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ", field 3 (state) is index 0: ppid is 1, utime 11, stime 12, cutime 13, cstime 14.
  return {
    ppid: Number(f[1]),
    own: (Number(f[11]) + Number(f[12])) * TICK_MS,
    reaped: (Number(f[13]) + Number(f[14])) * TICK_MS,
  };
};
const childrenCpuMs = () => statOf('self').reaped;
const postmaster = await (async () => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query<{ pid: number }>('select pg_backend_pid() as pid');
  const ppid = statOf(rows[0]!.pid).ppid;
  await c.end();
  return ppid;
})();
/** Waits until no backend serves the bench database: their CPU is then in the postmaster's reaped total. */
async function backendsGone(application: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  for (let i = 0; i < 100; i++) {
    const { rows } = await c.query<{ n: number }>(
      'select count(*)::int as n from pg_stat_activity where datname = $1 and application_name = $2',
      [name, application],
    );
    if (rows[0]!.n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await c.end();
  await new Promise((r) => setTimeout(r, 100));
}

/** All the database server's CPU so far: the postmaster, its live children and those it reaped. */
async function backendsCpuMs(): Promise<number> {
  let ms = statOf(postmaster).own + statOf(postmaster).reaped;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = statOf(Number(d));
      if (st.ppid === postmaster) ms += st.own;
    } catch {
      // gone meanwhile: its time is now in the postmaster's reaped total
    }
  }
  return ms;
}
const database = await openDatabase({
  url: dbUrl,
  poolSize: process.env.BENCH_POOL ? Number(process.env.BENCH_POOL) : undefined,
});
await migrate(database);
await ensureCalendar(database.db);
const db = database.db;
await db.insert(regions).values([
  { code: '430000000000', name: '湖南省', level: 'province', parentCode: null },
  { code: '439900000000', name: '云州市', level: 'city', parentCode: '430000000000' },
  { code: '439901000000', name: '清溪县', level: 'county', parentCode: '439900000000' },
  { code: '439901001000', name: '城关镇', level: 'town', parentCode: '439901000000' },
  { code: '439901001001', name: '石桥村', level: 'village', parentCode: '439901001000' },
]);
await db.insert(categories).values({ key: 'environment', name: '环境保护' });
const [station] = await db
  .insert(stations)
  .values({ regionCode: '439901001001', kind: 'village', name: '石桥村人大代表联络点' })
  .returning({ id: stations.id });
const password = 'Bench#Pass2026';
await db.insert(users).values({
  username: 'bench',
  displayName: '联络员',
  passwordHash: await hashPassword(password),
  role: 'station_officer',
  regionCode: '439901001001',
  stationId: station!.id,
});
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
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'bench', password }),
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
if (!login.ok) throw new Error(`login failed ${login.status}`);

const [benchUser] = await db.select({ id: users.id }).from(users);

const body = (i: number) =>
  JSON.stringify({
    regionCode: '439901001001',
    stationId: station!.id,
    channel: 'reception',
    title: '村口沟渠堵塞',
    content: '村民反映：污水处理厂尾水排入的沟渠堵塞，污水漫进稻田。',
    personName: '李四海',
    personPhone: `139${String(i % 100_000_000).padStart(8, '0')}`,
    address: '城关镇石桥村3组18号',
    consentPublish: true,
  });

type LoadResult = WrkResult & { client: string };

async function loadWithWrk(seconds: number): Promise<LoadResult> {
  const r = await runWrk({
    url: `${base}/api/cases`,
    clients: CLIENTS,
    seconds,
    script: new URL('./intake.lua', import.meta.url).pathname,
    env: { BENCH_COOKIE: cookie, BENCH_STATION: station!.id, BENCH_RUN: randomBytes(4).toString('hex') },
  });
  return { client: 'wrk', ...r };
}

async function loadWithAutocannon(seconds: number): Promise<LoadResult> {
  const child = spawn(process.execPath, [new URL('./http-load.mjs', import.meta.url).pathname], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  child.stdin.end(
    JSON.stringify({
      url: `${base}/api/cases`,
      clients: CLIENTS,
      seconds,
      headers: { 'content-type': 'application/json', cookie },
      bodies: Array.from({ length: 1000 }, (_, i) => body(1000 + i)),
    }),
  );
  const [out] = await Promise.all([text(child.stdout), once(child, 'exit')]);
  // autocannon's percentiles hold each connection's first request too.
  return { client: 'autocannon', firstMax: Number.NaN, ...JSON.parse(out) };
}

// Warm-up.
for (let i = 0; i < 50; i++) {
  await fetch(`${base}/api/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: body(i),
  });
}
// pgbench: the same rows (the case with its search tokens, its registration event and the
// Idempotency-Key row, one statement), no application.
const tokens = searchTokens('村口沟渠堵塞\n村民反映：污水处理厂尾水排入的沟渠堵塞，污水漫进稻田。');
const pgbenchDir = mkdtempSync(join(tmpdir(), 'lianluo-pgbench-'));
const script = join(pgbenchDir, 'insert.sql');
writeFileSync(
  script,
  `with k as (
  insert into idempotency_keys (actor_id, key, route, request_hash, status, response, created_at)
  values ('${benchUser!.id}', 'pgbench-' || gen_random_uuid(), 'createCase', md5(random()::text), 200,
    '{"id":"00000000-0000-0000-0000-000000000000"}', now())),
c as (
  insert into cases (number, region_code, station_id, channel, title, content, search_tokens, status, urgency, level,
    person_name_masked, person_phone_masked, person_name_cipher, person_phone_cipher, person_phone_index,
    address_masked, address_cipher, anonymous, consent_publish, registered_at, last_seq)
  values ('PB-' || gen_random_uuid(), '439901001001', '${station!.id}', 'reception', '村口沟渠堵塞',
    '村民反映：污水处理厂尾水排入的沟渠堵塞，污水漫进稻田。', '${tokens}', 'registered', 'normal', 'village',
    '李**', '139****1234', 'v1.aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccccccccc',
    'v1.aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccccccccc',
    'dddddddddddddddddddddddddddddddddddddddddddd', '城关镇石桥村',
    'v1.aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccccccccc',
    false, true, now(), 1)
  returning id, region_code)
insert into case_events (case_id, region_code, seq, at, action, to_status, payload)
select id, region_code, 1, now(), 'register', 'registered', '{"channel":"reception"}' from c;
`,
);

/** One pgbench run of `seconds`: its transactions, every transaction's latency (ms) from its log. */
function runPgbench(seconds: number, round: number) {
  const prefix = join(pgbenchDir, `log${round}`);
  const out = execFileSync(
    'pgbench',
    // -l: every transaction's latency in a log, for pgbench's own p50/p99 beside ours.
    ['-n', '-M', 'prepared', '-c', String(CLIENTS), '-j', '4', '-T', String(seconds)].concat([
      '-l',
      `--log-prefix=${prefix}`,
      '-f',
      script,
      dbUrl,
    ]),
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Log lines: client, transaction, latency in µs, script, epoch s, µs.
  const latencies = readdirSync(pgbenchDir)
    .filter((f) => f.startsWith(`log${round}.`))
    .flatMap((f) => readFileSync(join(pgbenchDir, f), 'utf8').trim().split('\n'))
    .map((line) => Number(line.split(' ')[2]) / 1000);
  const txns = Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1] ?? Number.NaN);
  return { txns, latencies };
}

// Alternating rounds, ours then pgbench's: on a shared machine the neighbours' load then weighs
// on both sides alike. The ratio is of the totals. CPU is accounted too, so that a busy machine
// still shows where each request's time goes: this process (the server), the database's
// backends (live ones from /proc, exited ones in the postmaster's reaped total) and the clients
// (our children: wrk, pgbench).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const slice = SECONDS / ROUNDS;
console.log(
  `${ROUNDS} rounds of ${slice} s each: createCase over HTTP, then pgbench; ${CLIENTS} clients each …`,
);
const ours = {
  requests: 0,
  errors: 0,
  serverMs: 0,
  dbMs: 0,
  clientMs: 0,
  p50: [] as number[],
  p99: [] as number[],
  firstMax: [] as number[],
};
const theirs = { txns: 0, dbMs: 0, clientMs: 0, latencies: [] as number[] };
const loopDelays: { p99: number; max: number }[] = [];
const useWrk = ensureWrk();
let client = 'autocannon';
for (let round = 0; round < ROUNDS; round++) {
  const cpu0 = { server: process.cpuUsage(), db: await backendsCpuMs(), children: childrenCpuMs() };
  // A monitor per round: pgbench is run synchronously and would count as one long stall.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const load = useWrk ? await loadWithWrk(slice) : await loadWithAutocannon(slice);
  loopDelay.disable();
  loopDelays.push({ p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 });
  const used = process.cpuUsage(cpu0.server);
  ours.serverMs += (used.user + used.system) / 1000;
  ours.dbMs += (await backendsCpuMs()) - cpu0.db;
  ours.clientMs += childrenCpuMs() - cpu0.children;
  ours.requests += load.requests;
  ours.errors += load.errors;
  ours.p50.push(load.p50);
  ours.p99.push(load.p99);
  ours.firstMax.push(load.firstMax);
  client = load.client;
  if (load.firstError) console.log(`  first error: ${load.firstError}`);

  const pg0 = { db: await backendsCpuMs(), client: childrenCpuMs() };
  const run = runPgbench(slice, round);
  await backendsGone('pgbench');
  theirs.dbMs += (await backendsCpuMs()) - pg0.db;
  theirs.clientMs += childrenCpuMs() - pg0.client;
  theirs.txns += run.txns;
  theirs.latencies.push(...run.latencies);
}
await app.close();
await database.close();

{
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

const apiRate = ours.requests / SECONDS;
const tps = theirs.txns / SECONDS;
theirs.latencies.sort((a, b) => a - b);
const pgPct = (p: number) =>
  theirs.latencies[Math.min(theirs.latencies.length - 1, Math.floor(theirs.latencies.length * p))] ??
  Number.NaN;
// The rounds' own percentiles: wrk reports no merged histogram; the worse round's p99 is shown.
const ms = (x: number) => `${x.toFixed(1)} ms`;
console.log('\nresult');
console.log(
  `  createCase (HTTP, ${client})  ${apiRate.toFixed(0).padStart(6)} /s   p50 ${ms(Math.max(...ours.p50))}   p99 ${ms(Math.max(...ours.p99))}   errors ${ours.errors}`,
);
console.log(
  `  pgbench (same rows)     ${tps.toFixed(0).padStart(6)} /s   p50 ${ms(pgPct(0.5))}   p99 ${ms(pgPct(0.99))}`,
);
// Each connection's first request waits for the server to accept the connection (libuv accepts
// one per turn of the event loop); pgbench's connection set-up is not in its latencies either.
console.log(
  `  (p50/p99 without each connection's first request; the slowest of those: ${ms(Math.max(...ours.firstMax))})`,
);
console.log(
  `  ratio                   ${((apiRate / tps) * 100).toFixed(1)} % of pgbench (target ≥ 40 %, p99 < 50 ms)`,
);
console.log(
  `  server event loop delay: p99 ${ms(Math.max(...loopDelays.map((d) => d.p99)))}, max ${ms(Math.max(...loopDelays.map((d) => d.max)))}`,
);
// Per request, in µs of CPU: what a busy or small machine makes of the rates above.
const per = (total: number, n: number) => `${((total * 1000) / n).toFixed(0).padStart(5)} µs`;
console.log('\nCPU per request (all cores; the rates above divide the machine between these)');
console.log(
  `  createCase: server ${per(ours.serverMs, ours.requests)}   database ${per(ours.dbMs, ours.requests)}   clients ${per(ours.clientMs, ours.requests)}`,
);
console.log(
  `  pgbench:    server     —      database ${per(theirs.dbMs, theirs.txns)}   clients ${per(theirs.clientMs, theirs.txns)}`,
);
