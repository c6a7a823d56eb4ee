import { and, asc, eq, gt, ilike, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { deputies, deputyStations, regions, stations } from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';

export interface StationFilter {
  scope: string;
  kind?: string;
  q?: string;
  after?: [string, string] | null;
  limit: number;
}

const deputyCount = sql<number>`(select count(*)::int from ${deputyStations} where ${deputyStations.stationId} = ${stations.id})`;

export async function listStations(db: Db, f: StationFilter) {
  return db
    .select({
      id: stations.id,
      name: stations.name,
      kind: stations.kind,
      regionCode: stations.regionCode,
      regionName: regions.name,
      address: stations.address,
      grade: stations.grade,
      deputyCount,
    })
    .from(stations)
    .leftJoin(regions, eq(regions.code, stations.regionCode))
    .where(
      and(
        scopeWhere(stations.regionCode, f.scope),
        f.kind ? eq(stations.kind, f.kind) : undefined,
        f.q
          ? or(ilike(stations.name, `%${escapeLike(f.q)}%`), ilike(stations.address, `%${escapeLike(f.q)}%`))
          : undefined,
        f.after
          ? or(
              gt(stations.regionCode, f.after[0]),
              and(eq(stations.regionCode, f.after[0]), gt(stations.id, f.after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(asc(stations.regionCode), asc(stations.id))
    .limit(f.limit + 1);
}

export async function getStation(db: Db, id: string) {
  const [row] = await db
    .select({
      id: stations.id,
      name: stations.name,
      kind: stations.kind,
      regionCode: stations.regionCode,
      regionName: regions.name,
      address: stations.address,
      grade: stations.grade,
      openingHours: stations.openingHours,
      latitude: stations.latitude,
      longitude: stations.longitude,
      deputyCount,
    })
    .from(stations)
    .leftJoin(regions, eq(regions.code, stations.regionCode))
    .where(eq(stations.id, id));
  return row;
}

export async function listStationDeputies(db: Db, stationId: string) {
  return db
    .select({ id: deputies.id, name: deputies.name, level: deputies.level, role: deputyStations.role })
    .from(deputyStations)
    .innerJoin(deputies, eq(deputies.id, deputyStations.deputyId))
    .where(eq(deputyStations.stationId, stationId))
    .orderBy(asc(deputies.level), asc(deputies.name));
}

/** LIKE metacharacters in a search box are searched for literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
