import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Failure, JobBatchError, type JobQueue, type Lease, runJob, runJobBatch } from './jobs.ts';

/**
 * The runner's own rules, on a queue of plain objects: the lease a claim is given, the fencing
 * check before the work and at completion, the retry decision, and one row's failure leaving the
 * rest of the batch alone. The SQL behind real queues is tested with them (cases/timers.test.ts,
 * notify/outbox.test.ts, analytics/hotspot-rollups.test.ts).
 */
interface Row {
  id: number;
  attempts: number;
  /** What the fake table says: the row is still ours. */
  ours: boolean;
  failing?: boolean;
}

const now = new Date('2026-06-15T02:00:00Z');

function queue(rows: Row[], opts: { retry?: boolean; completeLost?: number[] } = {}) {
  const log: string[] = [];
  const failures: Failure[] = [];
  const leases: Lease[] = [];
  const q: JobQueue<Row, string, string> = {
    claim: async (lease) => {
      leases.push(lease);
      return rows.slice(0, lease.batch);
    },
    unit: (fn) => fn('tx'),
    hold: async (tx, r) => {
      assert.equal(tx, 'tx');
      return r.ours;
    },
    work: async (_tx, r) => {
      log.push(`work ${r.id}`);
      if (r.failing) throw new Error(`row ${r.id} broke`);
      return `result ${r.id}`;
    },
    complete: async (_tx, r, result) => {
      log.push(`complete ${r.id}: ${result}`);
      return !opts.completeLost?.includes(r.id);
    },
    retry: opts.retry
      ? {
          policy: { maxAttempts: 3, delayMs: (n) => n * 1000 },
          attempts: (r) => r.attempts,
          fail: async (r, f) => {
            failures.push(f);
            return r.ours;
          },
        }
      : undefined,
  };
  return { q, log, failures, leases };
}

test('a claim is given the lease: who, how many, and until now + leaseMs', async () => {
  const { q, leases } = queue([]);
  const r = await runJobBatch(q, { worker: 'w1', now, batch: 7, leaseMs: 60_000 });
  assert.deepEqual(r, { claimed: 0, done: 0, lost: 0, retried: 0, failed: 0 });
  assert.deepEqual(leases, [{ worker: 'w1', now, batch: 7, until: new Date(now.getTime() + 60_000) }]);
});

test('a row that is no longer ours is not worked on, nor completed', async () => {
  const { q, log } = queue([
    { id: 1, attempts: 0, ours: false },
    { id: 2, attempts: 0, ours: true },
  ]);
  const r = await runJobBatch(q, { worker: 'w', now, batch: 10, leaseMs: 1000 });
  assert.deepEqual(r, { claimed: 2, done: 1, lost: 1, retried: 0, failed: 0 });
  assert.deepEqual(log, ['work 2', 'complete 2: result 2']);
});

test('a completion refused under a moved-on token counts as lost, not done', async () => {
  const { q } = queue([{ id: 1, attempts: 0, ours: true }], { completeLost: [1] });
  assert.equal(await runJob(q, { id: 1, attempts: 0, ours: true }, now), 'lost');
});

test('one failing row does not stop the batch; without a retry policy its error is thrown after it', async () => {
  const { q, log } = queue([
    { id: 1, attempts: 0, ours: true },
    { id: 2, attempts: 0, ours: true, failing: true },
    { id: 3, attempts: 0, ours: true },
  ]);
  const err = await runJobBatch(q, { worker: 'w', now, batch: 10, leaseMs: 1000 }).then(
    () => assert.fail('expected the batch to throw'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof JobBatchError);
  assert.deepEqual(err.result, { claimed: 3, done: 2, lost: 0, retried: 0, failed: 0 });
  assert.equal(err.errors.length, 1);
  assert.match(String((err.errors[0] as Error).message), /row 2 broke/);
  assert.deepEqual(log, ['work 1', 'complete 1: result 1', 'work 2', 'work 3', 'complete 3: result 3']);
});

test('with a retry policy a failure is recorded with back-off, and given up after the last attempt', async () => {
  const { q, failures } = queue(
    [
      { id: 1, attempts: 0, ours: true, failing: true },
      { id: 2, attempts: 2, ours: true, failing: true },
      { id: 3, attempts: 0, ours: true },
    ],
    { retry: true },
  );
  const r = await runJobBatch(q, { worker: 'w', now, batch: 10, leaseMs: 1000 });
  assert.deepEqual(r, { claimed: 3, done: 1, lost: 0, retried: 1, failed: 1 });
  assert.deepEqual(
    failures.map((f) => ({ attempts: f.attempts, giveUp: f.giveUp, retryAt: f.retryAt, message: f.message })),
    [
      { attempts: 1, giveUp: false, retryAt: new Date(now.getTime() + 1000), message: 'row 1 broke' },
      { attempts: 3, giveUp: true, retryAt: new Date(now.getTime() + 3000), message: 'row 2 broke' },
    ],
  );
});

test('a failure that can no longer be recorded under the token counts as lost', async () => {
  const { q } = queue([], { retry: true });
  const row = { id: 1, attempts: 0, ours: true, failing: true };
  // The row was ours when the work began and was claimed by another before the failure was written.
  const fail = q.retry!.fail;
  q.retry!.fail = async (r, f) => {
    await fail({ ...r, ours: false }, f);
    return false;
  };
  assert.equal(await runJob(q, row, now), 'lost');
});
