import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Lease } from '../../core/jobs.ts';
import type { Db } from '../../db/client.ts';
import { caseTimers } from '../../db/schema/index.ts';

export type TimerKind =
  | 'accept_warn'
  | 'accept_due'
  | 'reply_warn'
  | 'reply_due'
  | 'commitment_due'
  | 'rating_due';

export interface ClaimedTimer {
  id: number;
  caseId: string;
  kind: TimerKind;
  fireAt: Date;
  fencing: number;
}

/** Sets a timer in the caller's transaction (it exists only if the change commits). */
export async function insertTimer(
  db: Db,
  t: { caseId: string; regionCode: string; kind: TimerKind; fireAt: Date; caseSeq: number },
): Promise<void> {
  await db.insert(caseTimers).values(t);
}

/** Marks a case's unfired timers of the given kinds cancelled. */
export async function cancelUnfiredTimers(
  db: Db,
  caseId: string,
  kinds: TimerKind[],
  at: Date,
): Promise<void> {
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

/**
 * Claims due timers no other worker is claiming (FOR UPDATE SKIP LOCKED) and no live lease
 * holds, leasing them to `lease.worker` until `lease.until` and moving each one's fencing token on.
 */
export async function claimTimers(db: Db, lease: Lease): Promise<ClaimedTimer[]> {
  const res = await db.execute<{
    id: number | string;
    case_id: string;
    kind: TimerKind;
    fire_at: Date | string;
    fencing: number | string;
  }>(sql`
    update ${caseTimers} t set lease_owner = ${lease.worker}, lease_until = ${lease.until}, fencing = t.fencing + 1
    where t.id in (
      select id from ${caseTimers}
      where fired_at is null and fire_at <= ${lease.now} and (lease_until is null or lease_until < ${lease.now})
      order by fire_at limit ${lease.batch}
      for update skip locked)
    returning t.id, t.case_id, t.kind, t.fire_at, t.fencing`);
  return res.rows.map((r) => ({
    id: Number(r.id),
    caseId: r.case_id,
    kind: r.kind,
    fireAt: new Date(r.fire_at),
    fencing: Number(r.fencing),
  }));
}

/** The fencing check: locks the timer if our token is still current and it has not fired. */
export async function holdTimer(tx: Db, timer: ClaimedTimer): Promise<boolean> {
  const [row] = await tx
    .select({ id: caseTimers.id })
    .from(caseTimers)
    .where(
      and(eq(caseTimers.id, timer.id), eq(caseTimers.fencing, timer.fencing), isNull(caseTimers.firedAt)),
    )
    .for('update');
  return row !== undefined;
}

/** Marks a held timer fired (in the transaction that holds its row lock). */
export async function markTimerFired(
  tx: Db,
  timer: ClaimedTimer,
  fired: { at: Date; by: string; outcome: string },
): Promise<void> {
  await tx
    .update(caseTimers)
    .set({ firedAt: fired.at, firedBy: fired.by, outcome: fired.outcome, leaseUntil: null })
    .where(eq(caseTimers.id, timer.id));
}
