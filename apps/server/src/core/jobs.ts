/**
 * The one job runner. Background work that several server processes may run at once (the case
 * timers, the notification outbox, the hotspot rollups) is a queue of rows, and every such queue
 * runs the same way:
 *
 * 1. **claim**: take up to `batch` due rows no other worker holds (`FOR UPDATE SKIP LOCKED`) and
 *    stamp a lease on them, `leaseMs` from now, with a fencing token (a counter, or the lease
 *    itself) that changes with every claim;
 * 2. for each row, in its own unit (a transaction, or none): **hold** — is the token still the
 *    row's? A worker that stalled past its lease finds the row claimed by another and leaves it —
 *    then **work**, then **complete** (again only under the token);
 * 3. a row whose work throws is **failed** under the retry policy (back-off, then give up), or,
 *    for a queue without one, keeps its lease and is claimed again when the lease runs out.
 *
 * One row's failure never stops the rest of the batch. The table-specific SQL (claim, hold,
 * complete, fail) is the module's, in its `*.queries.ts`; this file holds the loop, the lease
 * arithmetic, the order of the fencing check and the retry decision.
 */

/** What a claim is told: who claims, when, how many rows, and until when they are ours. */
export interface Lease {
  worker: string;
  now: Date;
  until: Date;
  batch: number;
}

/** How often a failing row is tried, and how long to wait after the n-th attempt failed. */
export interface RetryPolicy {
  maxAttempts: number;
  delayMs: (attempt: number) => number;
}

/** A failed attempt as the queue records it. */
export interface Failure {
  error: unknown;
  /** The error's message, for a `last_error` column. */
  message: string;
  /** Attempts including this one. */
  attempts: number;
  /** When to try again (recorded even when giving up, for the record). */
  retryAt: Date;
  /** The last attempt failed: mark the row failed for good. */
  giveUp: boolean;
}

/**
 * A queue of rows, as its module describes it. `Tx` is what one row's unit hands to hold, work
 * and complete (a transaction handle where the work must commit with the completion).
 */
export interface JobQueue<T, R = void, Tx = void> {
  /** Claims due rows with FOR UPDATE SKIP LOCKED, stamping `lease.until` and a fencing token. */
  claim(lease: Lease): Promise<T[]>;
  /** The unit one row's hold, work and completion share: a transaction, or none. */
  unit<X>(fn: (tx: Tx) => Promise<X>): Promise<X>;
  /** The fencing check before the work: the claim's token is still the row's (locking it). */
  hold?(tx: Tx, item: T): Promise<boolean>;
  work(tx: Tx, item: T): Promise<R>;
  /** Records the success under the token; false when the token moved on meanwhile. */
  complete(tx: Tx, item: T, result: R): Promise<boolean>;
  /** Without it, a failing row keeps its lease and is claimed again once the lease runs out. */
  retry?: {
    policy: RetryPolicy;
    /** Attempts made before this claim. */
    attempts(item: T): number;
    /** Records the failure under the token; false when the token moved on meanwhile. */
    fail(item: T, failure: Failure): Promise<boolean>;
  };
}

/**
 * done: completed; lost: the token moved on (another worker has the row); retried / failed: the
 * work threw and the row waits for its next attempt / was given up.
 */
export type JobOutcome = 'done' | 'lost' | 'retried' | 'failed';

export interface JobBatchResult {
  claimed: number;
  done: number;
  lost: number;
  retried: number;
  failed: number;
}

/** Rows of a batch whose work threw with no retry policy to record it (they keep their lease). */
export class JobBatchError extends AggregateError {
  constructor(
    errors: unknown[],
    readonly result: JobBatchResult,
  ) {
    super(errors, `${errors.length} of ${result.claimed} claimed jobs failed`);
    this.name = 'JobBatchError';
  }
}

/** The lease a claim at `now` stamps: ours until `now + leaseMs`. */
export function leaseAt(worker: string, now: Date, opts: { batch: number; leaseMs: number }): Lease {
  return { worker, now, until: new Date(now.getTime() + opts.leaseMs), batch: opts.batch };
}

/** The retry decision after a failed attempt at `now`. */
function failureOf(policy: RetryPolicy, before: number, error: unknown, now: Date): Failure {
  const attempts = before + 1;
  return {
    error,
    message: String((error as Error | undefined)?.message ?? error),
    attempts,
    retryAt: new Date(now.getTime() + policy.delayMs(attempts)),
    giveUp: attempts >= policy.maxAttempts,
  };
}

/**
 * Runs one claimed row: hold, work, complete in its unit; a throw goes to the retry policy.
 * Without a policy the error is thrown (the row keeps its lease). `now` dates a retry.
 */
export async function runJob<T, R, Tx>(queue: JobQueue<T, R, Tx>, item: T, now: Date): Promise<JobOutcome> {
  try {
    const completed = await queue.unit(async (tx) => {
      if (queue.hold && !(await queue.hold(tx, item))) return false;
      return queue.complete(tx, item, await queue.work(tx, item));
    });
    return completed ? 'done' : 'lost';
  } catch (error) {
    if (!queue.retry) throw error;
    const failure = failureOf(queue.retry.policy, queue.retry.attempts(item), error, now);
    if (!(await queue.retry.fail(item, failure))) return 'lost';
    return failure.giveUp ? 'failed' : 'retried';
  }
}

/**
 * One pass over a queue: claims a batch under a fresh lease and runs each row on its own, in
 * claim order. Every row is run whatever happens to the others; rows that threw without a retry
 * policy are thrown together afterwards as a {@link JobBatchError}.
 */
export async function runJobBatch<T, R, Tx>(
  queue: JobQueue<T, R, Tx>,
  opts: { worker: string; now: Date; batch: number; leaseMs: number },
): Promise<JobBatchResult> {
  const items = await queue.claim(leaseAt(opts.worker, opts.now, opts));
  const result: JobBatchResult = { claimed: items.length, done: 0, lost: 0, retried: 0, failed: 0 };
  const errors: unknown[] = [];
  for (const item of items) {
    try {
      result[await runJob(queue, item, opts.now)]++;
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length > 0) throw new JobBatchError(errors, result);
  return result;
}
