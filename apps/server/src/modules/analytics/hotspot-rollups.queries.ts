import { and, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { Lease } from '../../core/jobs.ts';
import type { Db } from '../../db/client.ts';
import { cases, hotspotRollups } from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';

/** A rollup row the job has claimed: its key and the lease that is the fencing token. */
export interface ClaimedRollup {
  scope: string;
  periodFrom: string;
  periodTo: string;
  worker: string;
  leaseUntil: Date;
}

/** The figures a computation writes (and the lease it clears). */
export interface RollupFigures {
  computedAt: Date;
  refreshAfter: Date | null;
  caseCount: number;
  items: unknown;
}

const keyOf = (r: { scope: string; periodFrom: string; periodTo: string }) =>
  and(
    eq(hotspotRollups.scope, r.scope),
    eq(hotspotRollups.periodFrom, r.periodFrom),
    eq(hotspotRollups.periodTo, r.periodTo),
  );

/**
 * Claims due rollups (queued, or stale and read since `readSince`) no other worker is claiming
 * (FOR UPDATE SKIP LOCKED) and no live lease holds, leasing them to `lease.worker`.
 */
export async function claimRollups(db: Db, lease: Lease, readSince: Date): Promise<ClaimedRollup[]> {
  const res = await db.execute<{ scope: string; period_from: string; period_to: string }>(sql`
    update ${hotspotRollups} r set lease_owner = ${lease.worker}, lease_until = ${lease.until}
    from (
      select scope, period_from, period_to from ${hotspotRollups}
      where refresh_after <= ${lease.now} and requested_at >= ${readSince}
        and (lease_until is null or lease_until < ${lease.now})
      order by refresh_after limit ${lease.batch}
      for update skip locked) due
    where r.scope = due.scope and r.period_from = due.period_from and r.period_to = due.period_to
    returning r.scope, r.period_from::text as period_from, r.period_to::text as period_to`);
  return res.rows.map((r) => ({
    scope: r.scope,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    worker: lease.worker,
    leaseUntil: lease.until,
  }));
}

/** Our lease still holds the row: no other worker has claimed it since. */
const ours = (r: ClaimedRollup) =>
  and(keyOf(r), eq(hotspotRollups.leaseOwner, r.worker), eq(hotspotRollups.leaseUntil, r.leaseUntil));

/** The fencing check before computing. */
export async function holdRollup(db: Db, r: ClaimedRollup): Promise<boolean> {
  const [row] = await db.select({ scope: hotspotRollups.scope }).from(hotspotRollups).where(ours(r));
  return row !== undefined;
}

/** Stores a claimed row's new figures and clears its lease, under our lease. */
export async function storeClaimedRollup(db: Db, r: ClaimedRollup, figures: RollupFigures): Promise<boolean> {
  const rows = await db
    .update(hotspotRollups)
    .set({ ...figures, leaseOwner: null, leaseUntil: null })
    .where(ours(r))
    .returning({ scope: hotspotRollups.scope });
  return rows.length > 0;
}

/** Stores figures a reader computed (inserting the row, or replacing it), read at `requestedAt`. */
export async function upsertRollup(
  db: Db,
  key: { scope: string; periodFrom: string; periodTo: string },
  figures: RollupFigures,
  requestedAt: Date,
): Promise<void> {
  const values = { ...figures, leaseOwner: null, leaseUntil: null };
  await db
    .insert(hotspotRollups)
    .values({ ...key, requestedAt, ...values })
    .onConflictDoUpdate({
      target: [hotspotRollups.scope, hotspotRollups.periodFrom, hotspotRollups.periodTo],
      set: { ...values, requestedAt },
    });
}

/** Cases of a region scope (a code prefix), for the job's rollups of that scope. */
export const casesInScope = (scope: string): SQL => scopeWhere(cases.regionCode, scope);

/** The cases `visibility` lets through registered in [from, to): the clustering's input. */
export async function casesRegisteredBetween(db: Db, visibility: SQL, from: Date, to: Date) {
  return db
    .select({
      id: cases.id,
      title: cases.title,
      content: cases.content,
      regionCode: cases.regionCode,
      at: cases.registeredAt,
    })
    .from(cases)
    .where(and(visibility, gte(cases.registeredAt, from), lt(cases.registeredAt, to)));
}

export interface RollupKey {
  scope: string;
  periodFrom: string;
  periodTo: string;
}

const keyWhere = (k: RollupKey) =>
  and(
    eq(hotspotRollups.scope, k.scope),
    eq(hotspotRollups.periodFrom, k.periodFrom),
    eq(hotspotRollups.periodTo, k.periodTo),
  );

export async function findRollup(db: Db, k: RollupKey) {
  const [row] = await db
    .select({
      computedAt: hotspotRollups.computedAt,
      requestedAt: hotspotRollups.requestedAt,
      items: hotspotRollups.items,
    })
    .from(hotspotRollups)
    .where(keyWhere(k));
  return row;
}

export async function markRollupRead(db: Db, k: RollupKey, at: Date): Promise<void> {
  await db.update(hotspotRollups).set({ requestedAt: at }).where(keyWhere(k));
}

/** Deletes the rollups last read before `before`; returns how many. */
export async function deleteRollupsUnreadSince(db: Db, before: Date): Promise<number> {
  const gone = await db
    .delete(hotspotRollups)
    .where(lt(hotspotRollups.requestedAt, before))
    .returning({ scope: hotspotRollups.scope });
  return gone.length;
}

/** The county and town code prefixes (6 and 9 digits) of the cases registered since `since`. */
export async function countiesAndTownsWithCasesSince(db: Db, since: Date) {
  return db
    .selectDistinct({
      county: sql<string>`substr(${cases.regionCode}, 1, 6)`,
      town: sql<string>`substr(${cases.regionCode}, 1, 9)`,
    })
    .from(cases)
    .where(gte(cases.registeredAt, since));
}

/** Inserts queued rollup rows, leaving existing ones as they are; returns how many were new. */
export async function insertQueuedRollups(
  db: Db,
  rows: (typeof hotspotRollups.$inferInsert)[],
): Promise<number> {
  const inserted = await db
    .insert(hotspotRollups)
    .values(rows)
    .onConflictDoNothing()
    .returning({ scope: hotspotRollups.scope });
  return inserted.length;
}
