import { addDays, REPLY_ACTIONS, startOfShanghaiDay } from '@lianluo/domain';
import { normalize } from '@lianluo/text';
import { and, asc, desc, eq, gte, inArray, isNotNull, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  caseEvents,
  cases,
  categories,
  deputies,
  deputyStations,
  regions,
  rotaShifts,
  shiftDeputies,
  stations,
} from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';
import { sqlList } from '../../db/sql-lists.ts';

/** Which part of the network a public board covers: one station, or a region prefix. */
export type BoardWhere = { stationId: string } | { prefix: string };

const whereOf = (w: BoardWhere): SQL =>
  'stationId' in w ? eq(cases.stationId, w.stationId) : scopeWhere(cases.regionCode, w.prefix);

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface BoardFilter {
  q?: string;
  category?: string;
  limit: number;
}

/**
 * Approved, consented cases with their results, newest first. Only staff-approved text leaves
 * here: the public text (checked for phone and ID numbers when approved), the reply kind and the
 * status. Never a name, phone, address, the raw content or the title typed at intake (from the
 * public form that is the person's own first words, which nobody approved).
 */
export async function boardItems(db: Db, w: BoardWhere, f: BoardFilter) {
  const terms = normalize(f.q ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 5);
  // "cases"."id" by hand: drizzle leaves a column unqualified inside a select list.
  const replyKind = sql<string | null>`(select e.payload->'reply'->>'kind' from ${caseEvents} e
    where e.case_id = "cases"."id" and e.action in (${sqlList(REPLY_ACTIONS)})
    order by e.seq desc limit 1)`;
  const rows = await db
    .select({
      id: cases.id,
      number: cases.number,
      status: cases.status,
      categoryName: categories.name,
      stationName: stations.name,
      publicText: cases.publicText,
      publishedAt: cases.publishedAt,
      satisfaction: cases.lastSatisfaction,
      replyKind,
    })
    .from(cases)
    .leftJoin(categories, eq(categories.key, cases.categoryKey))
    .leftJoin(stations, eq(stations.id, cases.stationId))
    .where(
      and(
        whereOf(w),
        isNotNull(cases.publishedAt),
        eq(cases.consentPublish, true),
        ne(cases.status, 'withdrawn'),
        f.category ? eq(cases.categoryKey, f.category) : undefined,
        // Keyword: every term in the approved text or the (public) number — never what is not
        // shown, or the search would tell what it holds. The number lets a link point at one
        // item (the form's similar list).
        ...terms.map(
          (t) =>
            sql`(${cases.publicText} ilike ${`%${escapeLike(t)}%`} or ${cases.number} ilike ${`%${escapeLike(t)}%`})`,
        ),
      ),
    )
    .orderBy(desc(cases.publishedAt), desc(cases.id))
    .limit(f.limit);
  return rows;
}

/** "本月收到 N 件，已办结 M 件，满意率 X%" for the board's scope, this month in Shanghai. */
export async function monthlyCounts(db: Db, w: BoardWhere, today: string) {
  const monthStart = startOfShanghaiDay(`${today.slice(0, 8)}01`);
  const [counts] = await db
    .select({
      received: sql<number>`count(*) filter (where ${cases.registeredAt} >= ${monthStart} and ${cases.status} <> 'withdrawn')::int`,
      closed: sql<number>`count(*) filter (where ${cases.closedAt} >= ${monthStart} and ${cases.status} = 'closed')::int`,
    })
    .from(cases)
    .where(
      and(whereOf(w), sql`(${cases.registeredAt} >= ${monthStart} or ${cases.closedAt} >= ${monthStart})`),
    );
  const [rated] = await db
    .select({
      n: sql<number>`count(*)::int`,
      good: sql<number>`count(*) filter (where ${caseEvents.payload}->>'satisfaction' in ('satisfied','basically_satisfied'))::int`,
    })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .where(and(whereOf(w), eq(caseEvents.action, 'rate'), gte(caseEvents.at, monthStart)));
  const n = Number(rated?.n ?? 0);
  return {
    received: Number(counts?.received ?? 0),
    closed: Number(counts?.closed ?? 0),
    rated: n,
    satisfaction: n ? Number(rated!.good) / n : null,
  };
}

export async function categoryOptions(db: Db) {
  return db
    .select({ key: categories.key, name: categories.name })
    .from(categories)
    .orderBy(asc(categories.key));
}

/** The deputies grouped into a station (编组进站), for its page. */
export async function stationDeputies(db: Db, stationId: string) {
  return db
    .select({
      id: deputies.id,
      name: deputies.name,
      level: deputies.level,
      occupation: deputies.occupation,
      hasPhoto: sql<boolean>`${deputies.photoThumbKey} is not null`,
      photoVersion: sql<string | null>`left(${deputies.photoThumbKey}, 8)`,
    })
    .from(deputyStations)
    .innerJoin(deputies, eq(deputies.id, deputyStations.deputyId))
    .where(eq(deputyStations.stationId, stationId))
    .orderBy(asc(deputies.level), asc(deputies.name))
    .limit(100);
}

/** A deputy's stations and next published reception times. */
export async function deputyPublic(db: Db, deputyId: string, today: string) {
  const sts = await db
    .select({ id: stations.id, name: stations.name, address: stations.address })
    .from(deputyStations)
    .innerJoin(stations, eq(stations.id, deputyStations.stationId))
    .where(eq(deputyStations.deputyId, deputyId))
    .orderBy(asc(stations.name));
  const next = await db
    .select({
      date: rotaShifts.date,
      startTime: rotaShifts.startTime,
      endTime: rotaShifts.endTime,
      stationId: stations.id,
      stationName: stations.name,
    })
    .from(shiftDeputies)
    .innerJoin(rotaShifts, eq(rotaShifts.id, shiftDeputies.shiftId))
    .innerJoin(stations, eq(stations.id, rotaShifts.stationId))
    .where(
      and(
        eq(shiftDeputies.deputyId, deputyId),
        eq(rotaShifts.status, 'published'),
        gte(rotaShifts.date, today),
        lte(rotaShifts.date, addDays(today, 92)),
      ),
    )
    .orderBy(asc(rotaShifts.date), asc(rotaShifts.startTime))
    .limit(8);
  return { stations: sts, next };
}

// ---------------------------------------------------------------- stations, deputies, regions

export async function stationById(db: Db, id: string) {
  return db.query.stations.findFirst({ where: eq(stations.id, id) });
}

export async function deputyById(db: Db, id: string) {
  return db.query.deputies.findFirst({ where: eq(deputies.id, id) });
}

export async function regionByCode(db: Db, code: string) {
  return db.query.regions.findFirst({ where: eq(regions.code, code) });
}

/** A station as the opinion form names it. */
export async function stationRef(db: Db, id: string) {
  const [s] = await db
    .select({ id: stations.id, name: stations.name, regionCode: stations.regionCode })
    .from(stations)
    .where(eq(stations.id, id));
  return s;
}

/** Every station, by region code and name. */
export async function stationRefs(db: Db) {
  return db
    .select({ id: stations.id, name: stations.name, regionCode: stations.regionCode })
    .from(stations)
    .orderBy(stations.regionCode, stations.name);
}

export async function deputyRef(db: Db, id: string) {
  const [d] = await db
    .select({ id: deputies.id, name: deputies.name })
    .from(deputies)
    .where(eq(deputies.id, id));
  return d;
}

/** The stations a deputy is grouped into (编组进站), by name. */
export async function deputyStationRefs(db: Db, deputyId: string) {
  return db
    .select({ id: stations.id, name: stations.name, regionCode: stations.regionCode })
    .from(deputyStations)
    .innerJoin(stations, eq(stations.id, deputyStations.stationId))
    .where(eq(deputyStations.deputyId, deputyId))
    .orderBy(stations.name);
}

/** The names of regions by code (codes that do not exist are left out). */
export async function regionNames(db: Db, codes: string[]) {
  if (codes.length === 0) return [];
  return db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, codes));
}

export async function categoryExists(db: Db, key: string): Promise<boolean> {
  const [c] = await db.select().from(categories).where(eq(categories.key, key));
  return Boolean(c);
}

// ---------------------------------------------------------------- photos

export interface PhotoKeys {
  photoKey: string | null;
  photoThumbKey: string | null;
}

export async function stationPhotoKeys(db: Db, id: string): Promise<PhotoKeys | undefined> {
  return db.query.stations.findFirst({
    where: eq(stations.id, id),
    columns: { photoKey: true, photoThumbKey: true },
  });
}

export async function deputyPhotoKeys(db: Db, id: string): Promise<PhotoKeys | undefined> {
  return db.query.deputies.findFirst({
    where: eq(deputies.id, id),
    columns: { photoKey: true, photoThumbKey: true },
  });
}

export async function setStationPhoto(db: Db, id: string, p: PhotoKeys): Promise<void> {
  await db.update(stations).set(p).where(eq(stations.id, id));
}

export async function setDeputyPhoto(db: Db, id: string, p: PhotoKeys): Promise<void> {
  await db.update(deputies).set(p).where(eq(deputies.id, id));
}
