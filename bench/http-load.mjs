// Load generator for the HTTP benchmarks, run in a worker thread so that the clients' own CPU
// does not sit on the server's event loop (pgbench's clients run in their own process too).
// workerData: { url, clients, seconds, headers, bodies: string[] } — each request takes the next
// body and an Idempotency-Key of its own. Posts back { latencies: number[], errors, firstError }.
import { parentPort, workerData } from 'node:worker_threads';

const { url, clients, seconds, headers, bodies } = workerData;
const latencies = [];
let errors = 0;
let firstError = null;
let seq = 0;
const end = performance.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: clients }, async (_, c) => {
    while (performance.now() < end) {
      const i = seq++;
      const t0 = performance.now();
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': `load-${c}-${i}` },
          body: bodies[i % bodies.length],
        });
        const text = await res.text();
        if (res.status === 200) latencies.push(performance.now() - t0);
        else {
          errors++;
          firstError ??= `${res.status} ${text.slice(0, 200)}`;
        }
      } catch (err) {
        errors++;
        firstError ??= String(err);
      }
    }
  }),
);
parentPort.postMessage({ latencies, errors, firstError });
