import { and, asc, desc, eq, gt, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  checklistEvidence,
  checklistItems,
  checklistTemplates,
  deputies,
  deputyStations,
  regions,
  stationAssessments,
  stations,
  users,
} from '../../db/schema/index.ts';
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
export type StationListRow = Awaited<ReturnType<typeof listStations>>[number];

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
export type StationDetailRow = NonNullable<Awaited<ReturnType<typeof getStation>>>;

export async function listStationDeputies(db: Db, stationId: string) {
  return db
    .select({ id: deputies.id, name: deputies.name, level: deputies.level, role: deputyStations.role })
    .from(deputyStations)
    .innerJoin(deputies, eq(deputies.id, deputyStations.deputyId))
    .where(eq(deputyStations.stationId, stationId))
    .orderBy(asc(deputies.level), asc(deputies.name));
}
export type StationDeputyRow = Awaited<ReturnType<typeof listStationDeputies>>[number];

/** LIKE metacharacters in a search box are searched for literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The station's whole row (for scope checks and writes; other modules use it too). */
export async function findStationRow(db: Db, id: string) {
  return db.query.stations.findFirst({ where: eq(stations.id, id) });
}
/** These stations' rows (the ones that exist). */
export async function stationRowsByIds(db: Db, ids: string[]) {
  return db.select().from(stations).where(inArray(stations.id, ids));
}

/** Every station in a scope, by name: what an import matches station names against. */
export async function stationNamesInScope(db: Db, scope: string) {
  return db
    .select({ id: stations.id, name: stations.name, regionCode: stations.regionCode })
    .from(stations)
    .where(scopeWhere(stations.regionCode, scope));
}

export async function insertStation(db: Db, values: typeof stations.$inferInsert): Promise<{ id: string }> {
  const [row] = await db.insert(stations).values(values).returning({ id: stations.id });
  return row!;
}

export type StationPatch = Partial<typeof stations.$inferInsert>;

export async function updateStationRow(db: Db, id: string, patch: StationPatch): Promise<void> {
  await db.update(stations).set(patch).where(eq(stations.id, id));
}

export async function findRegion(db: Db, code: string) {
  const [r] = await db.select().from(regions).where(eq(regions.code, code));
  return r;
}

export async function regionNames(db: Db, codes: string[]) {
  return db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, codes));
}

export async function userRegions(db: Db, ids: string[]) {
  return db.select({ id: users.id, regionCode: users.regionCode }).from(users).where(inArray(users.id, ids));
}

// ---------------------------------------------------------------------------------------------
// Standardisation checklists (七有, 十有 and local variants), their evidence and assessments.

export async function templatesOfCounty(db: Db, county: string) {
  return db.select().from(checklistTemplates).where(eq(checklistTemplates.regionCode, county));
}

/** Inserts a template unless the county already has one under the key; the new row, or undefined. */
export async function insertTemplateIfAbsent(
  db: Db,
  values: { regionCode: string; key: string; name: string },
) {
  const [tpl] = await db.insert(checklistTemplates).values(values).onConflictDoNothing().returning();
  return tpl;
}

export async function insertTemplate(db: Db, values: { regionCode: string; key: string; name: string }) {
  const [tpl] = await db.insert(checklistTemplates).values(values).returning();
  return tpl;
}

export async function findTemplate(db: Db, id: string) {
  const [tpl] = await db.select().from(checklistTemplates).where(eq(checklistTemplates.id, id));
  return tpl;
}

export async function findTemplateByKey(db: Db, county: string, key: string) {
  const [tpl] = await db
    .select()
    .from(checklistTemplates)
    .where(and(eq(checklistTemplates.regionCode, county), eq(checklistTemplates.key, key)));
  return tpl;
}

export async function renameTemplate(db: Db, id: string, name: string): Promise<void> {
  await db.update(checklistTemplates).set({ name }).where(eq(checklistTemplates.id, id));
}

export async function insertItems(db: Db, values: (typeof checklistItems.$inferInsert)[]): Promise<void> {
  await db.insert(checklistItems).values(values);
}

export async function updateItem(db: Db, id: string, set: { text: string; position: number }): Promise<void> {
  await db.update(checklistItems).set(set).where(eq(checklistItems.id, id));
}

export async function findItem(db: Db, id: string) {
  const [item] = await db.select().from(checklistItems).where(eq(checklistItems.id, id));
  return item;
}

/** A template's items, unordered. */
export async function itemsOfTemplate(db: Db, templateId: string) {
  return db.select().from(checklistItems).where(eq(checklistItems.templateId, templateId));
}

/** A template's items in their order. */
export async function orderedItemsOfTemplate(db: Db, templateId: string) {
  return db
    .select()
    .from(checklistItems)
    .where(eq(checklistItems.templateId, templateId))
    .orderBy(asc(checklistItems.position));
}

/** The items of several templates in their order. */
export async function orderedItemsOfTemplates(db: Db, templateIds: string[]) {
  return db
    .select()
    .from(checklistItems)
    .where(inArray(checklistItems.templateId, templateIds))
    .orderBy(asc(checklistItems.position));
}

/** Item ids per template, for completion counts. */
export async function itemIdsOfTemplates(db: Db, templateIds: string[]) {
  return db
    .select({ id: checklistItems.id, templateId: checklistItems.templateId })
    .from(checklistItems)
    .where(inArray(checklistItems.templateId, templateIds));
}

export async function evidenceOfStation(db: Db, stationId: string) {
  return db
    .select()
    .from(checklistEvidence)
    .where(eq(checklistEvidence.stationId, stationId))
    .orderBy(asc(checklistEvidence.recordedAt));
}
export type EvidenceRow = Awaited<ReturnType<typeof evidenceOfStation>>[number];

/** Which items have evidence at which station, in a scope. */
export async function evidencedItemsInScope(db: Db, scope: string) {
  return db
    .selectDistinct({ stationId: checklistEvidence.stationId, itemId: checklistEvidence.itemId })
    .from(checklistEvidence)
    .where(scopeWhere(checklistEvidence.regionCode, scope));
}

export async function findEvidence(db: Db, id: string) {
  return db.query.checklistEvidence.findFirst({ where: eq(checklistEvidence.id, id) });
}

export async function insertEvidence(
  db: Db,
  values: typeof checklistEvidence.$inferInsert,
): Promise<{ id: string }> {
  const [row] = await db.insert(checklistEvidence).values(values).returning({ id: checklistEvidence.id });
  return row!;
}

export async function assessmentsOfStation(db: Db, stationId: string) {
  return db
    .select()
    .from(stationAssessments)
    .where(eq(stationAssessments.stationId, stationId))
    .orderBy(desc(stationAssessments.assessedAt));
}
export type AssessmentRow = Awaited<ReturnType<typeof assessmentsOfStation>>[number];

export async function insertAssessment(
  db: Db,
  values: typeof stationAssessments.$inferInsert,
): Promise<{ id: string }> {
  const [row] = await db.insert(stationAssessments).values(values).returning({ id: stationAssessments.id });
  return row!;
}

/** The stations of a scope with their checklist template, by region code. */
export async function stationTemplatesInScope(db: Db, scope: string) {
  return db
    .select({
      id: stations.id,
      name: stations.name,
      regionCode: stations.regionCode,
      templateId: stations.checklistTemplateId,
    })
    .from(stations)
    .where(scopeWhere(stations.regionCode, scope))
    .orderBy(asc(stations.regionCode));
}
