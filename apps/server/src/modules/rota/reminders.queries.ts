import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { rotaShifts, shiftDeputies, stations } from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';

export interface UnremindedShift {
  shiftId: string;
  deputyId: string;
  regionCode: string;
  date: string;
  start: string;
  end: string;
  stationName: string;
  address: string;
}

/**
 * The published shifts on `date` in the scope (null: everywhere) whose deputy has not been
 * reminded, locked FOR UPDATE SKIP LOCKED: rows another transaction holds are passed by.
 */
export async function lockUnremindedShifts(
  tx: Db,
  scope: string | null,
  date: string,
): Promise<UnremindedShift[]> {
  return tx
    .select({
      shiftId: rotaShifts.id,
      deputyId: shiftDeputies.deputyId,
      regionCode: rotaShifts.regionCode,
      date: rotaShifts.date,
      start: rotaShifts.startTime,
      end: rotaShifts.endTime,
      stationName: stations.name,
      address: stations.address,
    })
    .from(shiftDeputies)
    .innerJoin(rotaShifts, eq(rotaShifts.id, shiftDeputies.shiftId))
    .innerJoin(stations, eq(stations.id, rotaShifts.stationId))
    .where(
      and(
        scope === null ? undefined : scopeWhere(rotaShifts.regionCode, scope),
        eq(shiftDeputies.date, date),
        eq(rotaShifts.date, date),
        eq(rotaShifts.status, 'published'),
        isNull(shiftDeputies.remindedAt),
      ),
    )
    .for('update', { of: shiftDeputies, skipLocked: true });
}

/** Stamps the (shift, deputy) reminded; true only if this call turned `reminded_at` from null. */
export async function stampReminded(
  tx: Db,
  r: { shiftId: string; deputyId: string },
  at: Date,
): Promise<boolean> {
  const stamped = await tx
    .update(shiftDeputies)
    .set({ remindedAt: at })
    .where(
      and(
        eq(shiftDeputies.shiftId, r.shiftId),
        eq(shiftDeputies.deputyId, r.deputyId),
        isNull(shiftDeputies.remindedAt),
      ),
    )
    .returning({ id: shiftDeputies.deputyId });
  return stamped.length > 0;
}
