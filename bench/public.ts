/**
 * Public pages benchmark (not a test): weight and first paint of the pages a person opens from a
 * station's QR code on a slow village network, and the station page's rate against a bare
 * Fastify route.
 *
 *   npm run bench:public
 *   BENCH_SECONDS=20 BENCH_CLIENTS=64 npm run bench:public
 *
 * 1. starts two server processes on local ports: the real app on a fresh embedded database
 *    (one county, a station with 8 deputies, 8 weeks of published rota, approved cases on its
 *    board, photos), and a bare Fastify app with one route;
 * 2. in Chromium under emulated slow 3G (400 kbit/s both ways, 400 ms RTT, cache off) loads the
 *    station page and the raise-an-opinion page 3 times each: bytes transferred (gzip, as sent;
 *    photos counted apart), first contentful paint (median);
 * 3. 64 concurrent clients (wrk, else autocannon) on the station page and on the bare route, in alternating
 *    short rounds: requests/s of each, the server's CPU per request, and the median ratio.
 * Targets (issue 6): ≤ 50 KB per page without photos, FCP < 1.5 s, station page ≥ 50 % of bare.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { chromium } from 'playwright-core';
import { ensureWrk, runWrk } from './wrk.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const LOADS = 3;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// ---- the two servers (child processes, so the load generator does not share their event loop)

async function serveBare() {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/bare', async () => ({ hello: 'world' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  console.log(`READY ${JSON.stringify({ url: `http://127.0.0.1:${port}` })}`);
}

async function serveApp() {
  const { buildApp } = await import('../apps/server/src/app.ts');
  const { freshDatabase, testDeps, TestClock, loginAs, as } = await import(
    '../apps/server/src/test/harness.ts'
  );
  const { buildWorld, PASSWORD } = await import('../apps/server/src/test/fixtures.ts');
  const { deputies, deputyStations } = await import('../apps/server/src/db/schema/index.ts');
  const { default: sharp } = await import('sharp');
  const { shanghaiDate, addDays } = await import('@lianluo/domain');

  const database = await freshDatabase();
  const deps = { ...testDeps(database, new TestClock(new Date())), now: () => new Date() };
  const app = await buildApp({ database, deps });
  const world = await buildWorld(deps);
  const station = world.stations.A1;
  // A realistic station: 8 deputies grouped into it, each with a photo.
  const extra = await deps.db
    .insert(deputies)
    .values(
      ['王建国', '李秀英', '张伟', '刘洋', '陈静', '杨帆', '赵磊'].map((name, i) => ({
        regionCode: '439901001000',
        name,
        gender: i % 2 ? 'female' : 'male',
        level: i < 3 ? 'county' : 'town',
        occupation: '种植户',
      })),
    )
    .returning({ id: deputies.id });
  await deps.db
    .insert(deputyStations)
    .values(extra.map((d) => ({ deputyId: d.id, stationId: station, regionCode: '439901001000' })));
  const town = as(app, await loginAs(app, 'town_a1', PASSWORD));
  const ids = [world.deputies.A1, ...extra.map((d) => d.id)];
  await town({
    method: 'PATCH',
    url: `/api/stations/${station}`,
    payload: {
      address: '甲一镇人民路1号便民服务中心二楼',
      openingHours: '工作日 8:30–17:30',
      latitude: 28.2,
      longitude: 112.9,
    },
  });
  const rule = await town({
    method: 'POST',
    url: `/api/stations/${station}/rota-rules`,
    payload: {
      rule: { kind: 'weekly', weekday: 3 },
      startTime: '09:00',
      endTime: '11:30',
      perShift: 2,
      deputyIds: ids,
    },
  });
  if (rule.statusCode !== 201) throw new Error(`rota rule: ${rule.statusCode} ${rule.body}`);
  const today = shanghaiDate(new Date());
  // Rota rules need the official holiday calendar, which is published year by year: stay in
  // this year (from late November that is fewer weeks), or in the next when it is loaded.
  let pub = await town({
    method: 'POST',
    url: `/api/rota-rules/${rule.json().id}/publish`,
    payload: { from: today, to: addDays(today, 56) },
  });
  if (pub.statusCode === 503) {
    pub = await town({
      method: 'POST',
      url: `/api/rota-rules/${rule.json().id}/publish`,
      payload: { from: today, to: `${today.slice(0, 4)}-12-31` },
    });
  }
  if (pub.statusCode !== 200) throw new Error(`publishing the rota: ${pub.statusCode} ${pub.body}`);
  await town({
    method: 'POST',
    url: `/api/cases/${world.cases.A1}/publish`,
    payload: { text: '张**反映的沟渠堵塞问题：镇里已安排清淤，沟渠已疏通，尾水改排污水管网。' },
  });
  const photo = await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#7a9' } })
    .jpeg()
    .toBuffer();
  const boundary = '----bench';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\n\r\n`),
    photo,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  for (const url of [`/api/stations/${station}/photo`, ...ids.map((id) => `/api/deputies/${id}/photo`)]) {
    const r = await town({
      method: 'PUT',
      url,
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  console.log(`READY ${JSON.stringify({ url: `http://127.0.0.1:${port}`, station })}`);
}

function start(mode: string): Promise<{ child: ChildProcess; info: { url: string; station?: string } }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/public.ts', mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = out.match(/READY (\{.*\})/);
      if (m) resolve({ child, info: JSON.parse(m[1]!) });
    });
    child.once('exit', (code) => reject(new Error(`${mode} exited ${code}: ${out}`)));
  });
}

// ---- measurements

interface Load {
  bytes: number;
  photoBytes: number;
  fcp: number;
  status: number;
}

async function loadOnSlow3G(url: string): Promise<Load> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 393, height: 851 },
      isMobile: true,
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 400,
      downloadThroughput: (400 * 1000) / 8,
      uploadThroughput: (400 * 1000) / 8,
    });
    const types = new Map<string, string>();
    let bytes = 0;
    let photoBytes = 0;
    cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.response.mimeType));
    cdp.on('Network.loadingFinished', (e) => {
      if ((types.get(e.requestId) ?? '').startsWith('image/')) photoBytes += e.encodedDataLength;
      else bytes += e.encodedDataLength;
    });
    const res = await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(200);
    const fcp = await page.evaluate(
      () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    );
    return { bytes, photoBytes, fcp, status: res?.status() ?? 0 };
  } finally {
    await browser.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One round on a URL: wrk when the machine has it (a C client, as light as pgbench's), else autocannon. */
async function rate(url: string, seconds: number, headers: Record<string, string> = {}) {
  if (WRK) {
    const r = await runWrk({ url, clients: CLIENTS, seconds, headers });
    if (r.errors) throw new Error(`${url}: ${r.errors} errors, first ${r.firstError}`);
    return { requests: r.requests, p50: r.p50, p99: r.p99 };
  }
  const r = await autocannon({ url, connections: CLIENTS, duration: seconds, headers });
  if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { requests: r['2xx'], p50: r.latency.p50, p99: r.latency.p99 };
}
const WRK = process.argv[2]?.startsWith('--serve') ? false : ensureWrk();

/** CPU time (ms) a server process has used so far, from /proc (Linux). */
function cpuMs(child: ChildProcess): number {
  const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS;
}
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);

async function main() {
  console.log(`public pages benchmark — ${CLIENTS} clients × ${SECONDS} s; slow 3G = 400 kbit/s, 400 ms RTT`);
  console.log(
    `node ${process.version}; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} CPUs`,
  );
  const app = await start('--serve-app');
  const bare = await start('--serve-bare');
  try {
    const pages = [
      ['station page', `${app.info.url}/p/stations/${app.info.station}`],
      ['raise-an-opinion page', `${app.info.url}/p/opinion?station=${app.info.station}`],
    ] as const;
    console.log('\npage weight and first paint (median of 3 cold loads in Chromium, slow 3G):');
    for (const [name, url] of pages) {
      const loads: Load[] = [];
      for (let i = 0; i < LOADS; i++) loads.push(await loadOnSlow3G(url));
      const status = loads[0]!.status;
      const kb = median(loads.map((l) => l.bytes)) / 1024;
      const fcp = median(loads.map((l) => l.fcp));
      const photos = median(loads.map((l) => l.photoBytes)) / 1024;
      console.log(
        `  ${name.padEnd(22)} HTTP ${status}${status === 200 ? '' : ' (not the page: measured the error page the server sent instead)'}` +
          `  ${kb.toFixed(1)} KB without photos (target ≤ 50, ratio ${(kb / 50).toFixed(2)})` +
          `  + photos ${photos.toFixed(1)} KB` +
          `  FCP ${fcp.toFixed(0)} ms (target < 1500, ratio ${(fcp / 1500).toFixed(2)})`,
      );
    }
    // Alternating short rounds rather than one long run each: on a shared machine the
    // neighbours' load then weighs on both sides alike. The ratio is the median of the rounds'.
    console.log(
      `\nrate under ${CLIENTS} concurrent clients (${WRK ? 'wrk' : 'autocannon'}; gzip accepted, as a phone asks; ${ROUNDS} alternating rounds):`,
    );
    const sides = {
      station: { url: `${app.info.url}/p/stations/${app.info.station}`, child: app.child },
      bare: { url: `${bare.info.url}/bare`, child: bare.child },
    };
    const totals = { station: { requests: 0, cpu: 0, p99: 0 }, bare: { requests: 0, cpu: 0, p99: 0 } };
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const got = { station: 0, bare: 0 };
      for (const side of ['station', 'bare'] as const) {
        const cpu0 = cpuMs(sides[side].child);
        const r = await rate(sides[side].url, SECONDS / ROUNDS, { 'accept-encoding': 'gzip' });
        totals[side].cpu += cpuMs(sides[side].child) - cpu0;
        totals[side].requests += r.requests;
        totals[side].p99 = Math.max(totals[side].p99, r.p99);
        got[side] = r.requests;
      }
      ratios.push(got.station / got.bare);
    }
    for (const side of ['station', 'bare'] as const) {
      const t = totals[side];
      console.log(
        `  ${side === 'station' ? 'station page' : 'bare Fastify'}   ${(t.requests / SECONDS).toFixed(0).padStart(6)} req/s` +
          `  p99 ${t.p99} ms (worst round)  server CPU ${((t.cpu * 1000) / t.requests).toFixed(0)} µs per request`,
      );
    }
    console.log(
      `  ratio          ${(median(ratios) * 100).toFixed(1)} % of bare, median of rounds (${ratios
        .map((r) => (r * 100).toFixed(0))
        .join(' ')}) (target ≥ 50 %)`,
    );
  } finally {
    app.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
  }
}

if (process.argv[2] === '--serve-app') await serveApp();
else if (process.argv[2] === '--serve-bare') await serveBare();
else await main();
