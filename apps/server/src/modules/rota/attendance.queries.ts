import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { deputies, regions, rotaShifts, shiftDeputies, stations } from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';

/**
 * Published shifts in [from, to] in a scope, counted per deputy and station: rostered, attended
 * (present or late), late and absent.
 */
export async function attendanceRows(db: Db, scope: string, from: string, to: string) {
  return db
    .select({
      deputyId: shiftDeputies.deputyId,
      name: deputies.name,
      level: deputies.level,
      stationId: rotaShifts.stationId,
      stationName: stations.name,
      town: sql<string>`substr(${stations.regionCode}, 1, 9) || '000'`,
      rostered: sql<number>`count(*)::int`,
      attended: sql<number>`count(*) filter (where ${shiftDeputies.attendance} in ('present','late'))::int`,
      late: sql<number>`count(*) filter (where ${shiftDeputies.attendance} = 'late')::int`,
      absent: sql<number>`count(*) filter (where ${shiftDeputies.attendance} = 'absent')::int`,
    })
    .from(shiftDeputies)
    .innerJoin(deputies, eq(deputies.id, shiftDeputies.deputyId))
    .innerJoin(rotaShifts, eq(rotaShifts.id, shiftDeputies.shiftId))
    .innerJoin(stations, eq(stations.id, rotaShifts.stationId))
    .where(
      and(
        scopeWhere(rotaShifts.regionCode, scope),
        gte(shiftDeputies.date, from),
        lte(shiftDeputies.date, to),
        eq(rotaShifts.status, 'published'),
      ),
    )
    .groupBy(
      shiftDeputies.deputyId,
      deputies.name,
      deputies.level,
      rotaShifts.stationId,
      stations.name,
      stations.regionCode,
    );
}
export type AttendanceRow = Awaited<ReturnType<typeof attendanceRows>>[number];

export async function townNames(db: Db, codes: string[]) {
  return db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, codes));
}
