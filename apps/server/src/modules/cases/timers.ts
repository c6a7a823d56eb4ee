import { randomUUID } from 'node:crypto';
import type { Deps } from '../../core/context.ts';
import { type JobQueue, leaseAt, runJob, runJobBatch } from '../../core/jobs.ts';
import type { Db } from '../../db/client.ts';
import {
  type ClaimedTimer,
  cancelUnfiredTimers,
  claimTimers,
  holdTimer,
  insertTimer,
  markTimerFired,
  type TimerKind,
} from './timers.queries.ts';

export type { ClaimedTimer, TimerKind };

/** What a timer does when it fires, in the transaction that marks it fired; returns the outcome. */
export type TimerEffect = (tx: Db, timer: ClaimedTimer, at: Date) => Promise<string>;

const LEASE_MS = 60_000;
const BATCH = 20;

/** Sets a timer in the caller's transaction (it exists only if the change commits). */
export const scheduleTimer = insertTimer;

/** Cancels a case's unfired timers of the given kinds (a referral replaces the old clock). */
export const cancelTimers = cancelUnfiredTimers;

/**
 * The case timers as a job queue (core/jobs.ts): FOR UPDATE SKIP LOCKED picks rows no other
 * worker is claiming, the lease keeps them ours, and the fencing token (a fresh number per claim)
 * lets only the latest claimant fire the timer — a worker that stalled past its lease finds it
 * gone. The effect and the completion share one transaction, so the effect happens exactly once.
 * No retry policy: a timer whose effect throws keeps its lease and is claimed again after it.
 */
function timerQueue(
  deps: Omit<Deps, 'log'>,
  worker: string,
  effect: TimerEffect,
): JobQueue<ClaimedTimer, { at: Date; outcome: string }, Db> {
  return {
    claim: (lease) => claimTimers(deps.db, lease),
    unit: (fn) => deps.db.transaction((tx) => fn(tx)),
    hold: holdTimer,
    work: async (tx, timer) => {
      const at = deps.now();
      return { at, outcome: await effect(tx, timer, at) };
    },
    complete: async (tx, timer, { at, outcome }) => {
      await markTimerFired(tx, timer, { at, by: worker, outcome });
      return true;
    },
  };
}

/** Claims due timers for `worker`, leased for `leaseMs` (see {@link timerQueue}). */
export function claimDueTimers(
  db: Db,
  worker: string,
  now: Date,
  opts: { batch?: number; leaseMs?: number } = {},
): Promise<ClaimedTimer[]> {
  return claimTimers(
    db,
    leaseAt(worker, now, { batch: opts.batch ?? BATCH, leaseMs: opts.leaseMs ?? LEASE_MS }),
  );
}

/**
 * Runs one claimed timer's effect and marks it fired, in one transaction, only if our fencing
 * token is still current and it has not fired: the effect happens exactly once.
 */
export async function completeTimer(
  deps: Omit<Deps, 'log'>,
  worker: string,
  timer: ClaimedTimer,
  effect: TimerEffect,
): Promise<boolean> {
  return (await runJob(timerQueue(deps, worker, effect), timer, deps.now())) === 'done';
}

/**
 * One pass of a worker: claim what is due and fire it. Returns how many fired. A timer whose
 * effect throws does not stop the others; the errors are thrown together afterwards.
 */
export async function runTimersOnce(
  deps: Omit<Deps, 'log'>,
  worker: string,
  effect: TimerEffect,
  opts: { batch?: number; leaseMs?: number } = {},
): Promise<number> {
  const result = await runJobBatch(timerQueue(deps, worker, effect), {
    worker,
    now: deps.now(),
    batch: opts.batch ?? BATCH,
    leaseMs: opts.leaseMs ?? LEASE_MS,
  });
  return result.done;
}

export const workerId = () => `w-${process.pid}-${randomUUID().slice(0, 8)}`;
