import { and, asc, eq, gt, ilike, inArray, isNotNull, or, sql } from 'drizzle-orm';
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
export type DeputyRow = Awaited<ReturnType<typeof listDeputies>>[number];

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

/** The deputy's whole row (for scope checks and writes; other modules use it too). */
export async function findDeputyRow(db: Db, id: string) {
  return db.query.deputies.findFirst({ where: eq(deputies.id, id) });
}

/** These deputies' names and constituency regions (the ones that exist). */
export async function deputyNames(db: Db, ids: string[]) {
  return db
    .select({ id: deputies.id, name: deputies.name, regionCode: deputies.regionCode })
    .from(deputies)
    .where(inArray(deputies.id, ids));
}

/** Replaces a deputy's station links (编组进站) with these. */
export async function replaceStationLinks(
  db: Db,
  deputyId: string,
  links: { stationId: string; role: string; regionCode: string }[],
): Promise<void> {
  await db.delete(deputyStations).where(eq(deputyStations.deputyId, deputyId));
  if (links.length) await db.insert(deputyStations).values(links.map((l) => ({ deputyId, ...l })));
}

/** The blind indexes of every ID number on the roster. */
export async function idNumberIndexes(db: Db): Promise<Set<string | null>> {
  const rows = await db
    .select({ idx: deputies.idNumberIndex })
    .from(deputies)
    .where(isNotNull(deputies.idNumberIndex));
  return new Set(rows.map((e) => e.idx));
}

/** The region codes that exist in a scope. */
export async function regionCodesInScope(db: Db, scope: string): Promise<Set<string>> {
  const rows = await db.select({ code: regions.code }).from(regions).where(scopeWhere(regions.code, scope));
  return new Set(rows.map((r) => r.code));
}

export async function insertDeputy(db: Db, values: typeof deputies.$inferInsert): Promise<{ id: string }> {
  const [d] = await db.insert(deputies).values(values).returning({ id: deputies.id });
  return d!;
}

/** Links a new deputy to stations; a link already there is left as it is. */
export async function addStationLinks(
  db: Db,
  links: { deputyId: string; stationId: string; regionCode: string; role: string }[],
): Promise<void> {
  await db.insert(deputyStations).values(links).onConflictDoNothing();
}

/** The roster of a scope, by level, region and name. */
export async function rosterInScope(db: Db, scope: string) {
  return db
    .select()
    .from(deputies)
    .where(scopeWhere(deputies.regionCode, scope))
    .orderBy(asc(deputies.level), asc(deputies.regionCode), asc(deputies.name));
}
export type RosterRow = Awaited<ReturnType<typeof rosterInScope>>[number];

/** Station names of every deputy link in a scope. */
export async function stationLinksInScope(db: Db, scope: string) {
  return db
    .select({ deputyId: deputyStations.deputyId, name: stations.name })
    .from(deputyStations)
    .innerJoin(stations, eq(stations.id, deputyStations.stationId))
    .where(and(scopeWhere(deputyStations.regionCode, scope)));
}
