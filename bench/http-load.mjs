// Load generator for the HTTP benchmarks, run as a child process so that the clients' CPU is
// neither on the server's event loop nor counted as the server's (pgbench's clients run in a
// process of their own too). autocannon rather than fetch: on two cores fetch's own cost per
// request left the database less CPU than pgbench's C clients leave it.
// Reads { url, clients, seconds, headers, bodies: string[] } as JSON on stdin; each request takes
// the next body and an Idempotency-Key of its own. Prints { requests, p50, p99, errors, firstError }.

import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import autocannon from 'autocannon';

const { url, clients, seconds, headers, bodies } = JSON.parse(await text(process.stdin));
let seq = 0;
// Each run its own keys: a key seen before would be answered as a replay, not a new case.
const run = randomBytes(4).toString('hex');
let firstError = null;
const r = await autocannon({
  url,
  connections: clients,
  duration: seconds,
  method: 'POST',
  headers,
  requests: [
    {
      setupRequest: (req) => {
        const i = seq++;
        return {
          ...req,
          headers: { ...req.headers, 'idempotency-key': `bench-${run}-${i}` },
          body: bodies[i % bodies.length],
        };
      },
      onResponse: (status, body) => {
        if (status !== 200) firstError ??= `${status} ${String(body).slice(0, 200)}`;
      },
    },
  ],
});
process.stdout.write(
  JSON.stringify({
    requests: r['2xx'],
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx + r.timeouts,
    firstError,
  }),
);
