/**
 * wrk, the HTTP load generator the HTTP benchmarks use: C like pgbench's clients, so the load
 * takes little of a small machine's CPU from the server being measured (autocannon, in Node, took
 * 5–10× pgbench's client CPU per request, and on two cores capped the bare route it was meant
 * to compare with). Debian's package; installed here when missing and we may.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { text } from 'node:stream/consumers';

export function ensureWrk(): boolean {
  const probe = () => spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
  if (probe()) return true;
  if (process.getuid?.() !== 0) return false;
  console.error('wrk missing: apt-get install -y wrk …');
  let r = spawnSync('apt-get', ['install', '-y', '-qq', 'wrk'], { stdio: 'ignore' });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    r = spawnSync('apt-get', ['install', '-y', '-qq', 'wrk'], { stdio: 'ignore' });
  }
  return probe();
}

export interface WrkResult {
  /** 2xx/3xx responses. */
  requests: number;
  /** Latency percentiles (ms) of every request but each connection's first (see wrk-report.lua). */
  p50: number;
  p99: number;
  /** The slowest first request of a connection (ms): it waits for the server to accept the connection. */
  firstMax: number;
  errors: number;
  firstError: string | null;
}

/**
 * Runs wrk with the reporter script (wrk-report.lua), or a script that loads it with
 * `dofile(os.getenv("WRK_REPORT"))` and adds its own request().
 */
export async function runWrk(opts: {
  url: string;
  clients: number;
  seconds: number;
  script?: string;
  headers?: Record<string, string>;
  env?: Record<string, string>;
}): Promise<WrkResult> {
  const report = new URL('./wrk-report.lua', import.meta.url).pathname;
  const script = opts.script ?? report;
  // One connection per thread: the reporter pairs a thread's requests with its responses.
  const args = [
    `-t${opts.clients}`,
    `-c${opts.clients}`,
    `-d${opts.seconds}s`,
    '--timeout',
    '60s',
    '-s',
    script,
  ];
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}: ${v}`);
  const child = spawn('wrk', [...args, opts.url], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...opts.env, WRK_REPORT: report },
  });
  const [err] = await Promise.all([text(child.stderr!), once(child, 'exit')]);
  const m = /WRK (\{.*\})/.exec(err);
  if (!m) throw new Error(`wrk: ${err}`);
  return {
    ...(JSON.parse(m[1]!) as Omit<WrkResult, 'firstError'>),
    firstError: /FIRST ERROR (.*)/.exec(err)?.[1] ?? null,
  };
}
