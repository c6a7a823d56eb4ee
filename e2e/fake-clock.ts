/**
 * Test-only clock for the server process: loaded with `--import` by `startServer({ clock: true })`,
 * it shifts `Date` (and so `new Date()`, `Date.now()` and PGlite's `now()`) by an offset the test
 * writes to E2E_CLOCK_FILE and announces with SIGUSR2. It lets an end-to-end test make a
 * commitment fall due without waiting days. Never loaded outside e2e.
 *
 * On PostgreSQL the database's own now() is not moved. The server passes deps.now() (JavaScript's
 * clock) into its queries and rows; SQL now() is only the default of a few created_at columns.
 */
import { readFileSync } from 'node:fs';

const file = process.env.E2E_CLOCK_FILE;
let offset = 0;

function read(): void {
  if (!file) return;
  try {
    const n = Number(readFileSync(file, 'utf8').trim());
    offset = Number.isFinite(n) ? n : 0;
  } catch {
    offset = 0;
  }
}
read();
process.on('SIGUSR2', read);

const RealDate = Date;
const now = () => RealDate.now() + offset;

globalThis.Date = new Proxy(RealDate, {
  construct(target, args, newTarget) {
    return args.length === 0
      ? Reflect.construct(target, [now()], newTarget)
      : Reflect.construct(target, args, newTarget);
  },
  apply() {
    return new RealDate(now()).toString();
  },
  get(target, prop, receiver) {
    if (prop === 'now') return now;
    return Reflect.get(target, prop, receiver);
  },
}) as DateConstructor;
