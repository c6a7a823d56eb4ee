import { and, asc, eq, gt, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { deputies, deputyStations, regions, stations } from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';
import { escapeLike } from '../stations/stations.queries.ts';

export interface DeputyFilter {
  scope: string;
  level?: string;
  q?: string;
  stationId?: string;
  after?: [string, string] | null;
  limit: number;
}

const columns = {
  id: deputies.id,
  name: deputies.name,
  gender: deputies.gender,
  level: deputies.level,
  regionCode: deputies.regionCode,
  regionName: regions.name,
  constituency: deputies.constituency,
  occupation: deputies.occupation,
  leadingCadre: deputies.leadingCadre,
  bio: deputies.bio,
};

export async function listDeputies(db: Db, f: DeputyFilter) {
  return db
    .select(columns)
    .from(deputies)
    .leftJoin(regions, eq(regions.code, deputies.regionCode))
    .where(
      and(
        scopeWhere(deputies.regionCode, f.scope),
        f.level ? eq(deputies.level, f.level) : undefined,
        f.q ? ilike(deputies.name, `%${escapeLike(f.q)}%`) : undefined,
        f.stationId
          ? sql`exists (select 1 from ${deputyStations} where ${deputyStations.deputyId} = ${deputies.id} and ${deputyStations.stationId} = ${f.stationId})`
          : undefined,
        f.after
          ? or(
              gt(deputies.level, f.after[0]),
              and(eq(deputies.level, f.after[0]), gt(deputies.id, f.after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(asc(deputies.level), asc(deputies.id))
    .limit(f.limit + 1);
}

export async function getDeputy(db: Db, id: string) {
  const [row] = await db
    .select(columns)
    .from(deputies)
    .leftJoin(regions, eq(regions.code, deputies.regionCode))
    .where(eq(deputies.id, id));
  return row;
}

/** Station names per deputy, for one page of deputies in one query. */
export async function stationsOfDeputies(
  db: Db,
  ids: string[],
): Promise<Map<string, { id: string; name: string; role: string }[]>> {
  const out = new Map<string, { id: string; name: string; role: string }[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .select({
      deputyId: deputyStations.deputyId,
      id: stations.id,
      name: stations.name,
      role: deputyStations.role,
    })
    .from(deputyStations)
    .innerJoin(stations, eq(stations.id, deputyStations.stationId))
    .where(inArray(deputyStations.deputyId, ids))
    .orderBy(asc(stations.name));
  for (const r of rows) {
    const list = out.get(r.deputyId) ?? [];
    list.push({ id: r.id, name: r.name, role: r.role });
    out.set(r.deputyId, list);
  }
  return out;
}
