import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Deps } from '../../core/context.ts';
import type { Db } from '../../db/client.ts';
import { caseTimers } from '../../db/schema/index.ts';

export type TimerKind =
  | 'accept_warn'
  | 'accept_due'
  | 'reply_warn'
  | 'reply_due'
  | 'commitment_due'
  | 'rating_due';

/** Sets a timer in the caller's transaction (it exists only if the change commits). */
export async function scheduleTimer(
  db: Db,
  t: { caseId: string; regionCode: string; kind: TimerKind; fireAt: Date; caseSeq: number },
): Promise<void> {
  await db.insert(caseTimers).values(t);
}

/** Cancels a case's unfired timers of the given kinds (a referral replaces the old clock). */
export async function cancelTimers(db: Db, caseId: string, kinds: TimerKind[], at: Date): Promise<void> {
  await db
    .update(caseTimers)
    .set({ firedAt: at, outcome: 'cancelled' })
    .where(
      and(
        eq(caseTimers.caseId, caseId),
        isNull(caseTimers.firedAt),
        sql`${caseTimers.kind} in (${sql.join(
          kinds.map((k) => sql`${k}`),
          sql`, `,
        )})`,
      ),
    );
}

export interface ClaimedTimer {
  id: number;
  caseId: string;
  kind: TimerKind;
  fireAt: Date;
  fencing: number;
}

/**
 * Claims due timers: FOR UPDATE SKIP LOCKED picks rows no other worker is claiming, the lease
 * keeps them ours for `leaseMs`, and the fencing token (a fresh number per claim) lets only the
 * latest claimant complete the timer — a worker that stalled past its lease finds it gone.
 */
export async function claimDueTimers(
  db: Db,
  worker: string,
  now: Date,
  opts: { batch?: number; leaseMs?: number } = {},
): Promise<ClaimedTimer[]> {
  const lease = new Date(now.getTime() + (opts.leaseMs ?? 60_000));
  const res = (await db.execute(sql`
    update ${caseTimers} t set lease_owner = ${worker}, lease_until = ${lease}, fencing = t.fencing + 1
    where t.id in (
      select id from ${caseTimers}
      where fired_at is null and fire_at <= ${now} and (lease_until is null or lease_until < ${now})
      order by fire_at limit ${opts.batch ?? 20}
      for update skip locked)
    returning t.id, t.case_id, t.kind, t.fire_at, t.fencing`)) as unknown as {
    rows: {
      id: number | string;
      case_id: string;
      kind: TimerKind;
      fire_at: Date | string;
      fencing: number | string;
    }[];
  };
  return res.rows.map((r) => ({
    id: Number(r.id),
    caseId: r.case_id,
    kind: r.kind,
    fireAt: new Date(r.fire_at),
    fencing: Number(r.fencing),
  }));
}

/**
 * Runs one claimed timer's effect and marks it fired, in one transaction, only if our fencing
 * token is still current and it has not fired: the effect happens exactly once.
 */
export async function completeTimer(
  deps: Omit<Deps, 'log'>,
  worker: string,
  timer: ClaimedTimer,
  effect: (tx: Db, timer: ClaimedTimer, at: Date) => Promise<string>,
): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: caseTimers.id })
      .from(caseTimers)
      .where(
        and(eq(caseTimers.id, timer.id), eq(caseTimers.fencing, timer.fencing), isNull(caseTimers.firedAt)),
      )
      .for('update');
    if (!row) return false;
    const at = deps.now();
    const outcome = await effect(tx as unknown as Db, timer, at);
    await tx
      .update(caseTimers)
      .set({ firedAt: at, firedBy: worker, outcome, leaseUntil: null })
      .where(eq(caseTimers.id, timer.id));
    return true;
  });
}

/** One pass of a worker: claim what is due and fire it. Returns how many fired. */
export async function runTimersOnce(
  deps: Omit<Deps, 'log'>,
  worker: string,
  effect: (tx: Db, timer: ClaimedTimer, at: Date) => Promise<string>,
  opts: { batch?: number; leaseMs?: number } = {},
): Promise<number> {
  const claimed = await claimDueTimers(deps.db, worker, deps.now(), opts);
  let fired = 0;
  for (const t of claimed) if (await completeTimer(deps, worker, t, effect)) fired++;
  return fired;
}

export const workerId = () => `w-${process.pid}-${randomUUID().slice(0, 8)}`;
