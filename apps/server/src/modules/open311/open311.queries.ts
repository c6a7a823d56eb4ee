import { FINAL_CASE_STATUSES, REPLY_ACTIONS, type ReplyKind } from '@lianluo/domain';
import { and, asc, desc, eq, gte, inArray, lt, lte, notInArray, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  caseEvents,
  cases,
  categories,
  departments,
  open311Keys,
  open311Requests,
  regions,
  stations,
  users,
} from '../../db/schema/index.ts';
import { scoped } from '../../db/scope.ts';

export async function allCategories(db: Db) {
  return db.select().from(categories).orderBy(asc(categories.key));
}

export async function findCategory(db: Db, key: string) {
  const [row] = await db.select().from(categories).where(eq(categories.key, key));
  return row;
}

export async function regionExists(db: Db, code: string): Promise<boolean> {
  const [row] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code));
  return Boolean(row);
}

export interface RequestFilter {
  /** Region prefix of the jurisdiction. */
  scope: string;
  numbers?: string[];
  serviceCodes?: string[];
  from?: Date;
  to?: Date;
  status?: 'open' | 'closed';
  limit: number;
}

/**
 * Cases of a jurisdiction with what Open311 may show of them (the presenter decides), the lead
 * department, the station and the time of the last event.
 */
export async function findRequests(db: Db, f: RequestFilter) {
  const final = [...FINAL_CASE_STATUSES];
  const where: (SQL | undefined)[] = [];
  if (f.numbers) where.push(inArray(cases.number, f.numbers));
  if (f.serviceCodes) where.push(inArray(cases.categoryKey, f.serviceCodes));
  if (f.from) where.push(gte(cases.registeredAt, f.from));
  if (f.to) where.push(lte(cases.registeredAt, f.to));
  if (f.status === 'open') where.push(notInArray(cases.status, final));
  if (f.status === 'closed') where.push(inArray(cases.status, final));
  return db
    .select({
      id: cases.id,
      number: cases.number,
      status: cases.status,
      categoryKey: cases.categoryKey,
      categoryName: categories.name,
      publicText: cases.publicText,
      publishedAt: cases.publishedAt,
      consentPublish: cases.consentPublish,
      addressMasked: cases.addressMasked,
      latitude: cases.latitude,
      longitude: cases.longitude,
      registeredAt: cases.registeredAt,
      replyDueAt: cases.replyDueAt,
      lastSatisfaction: cases.lastSatisfaction,
      departmentName: departments.name,
      stationName: stations.name,
      updatedAt: caseEvents.at,
    })
    .from(cases)
    .leftJoin(categories, eq(categories.key, cases.categoryKey))
    .leftJoin(departments, eq(departments.id, cases.leadDepartmentId))
    .leftJoin(stations, eq(stations.id, cases.stationId))
    .leftJoin(caseEvents, and(eq(caseEvents.caseId, cases.id), eq(caseEvents.seq, cases.lastSeq)))
    .where(scoped(cases.regionCode, f.scope, ...where))
    .orderBy(desc(cases.registeredAt), desc(cases.id))
    .limit(f.limit);
}

export type RequestRow = Awaited<ReturnType<typeof findRequests>>[number];

/** The latest reply (答复) of each case, from its event rows. */
export async function latestReplies(
  db: Db,
  caseIds: string[],
): Promise<Map<string, { kind: ReplyKind; content: string }>> {
  if (caseIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([caseEvents.caseId], { caseId: caseEvents.caseId, payload: caseEvents.payload })
    .from(caseEvents)
    .where(and(inArray(caseEvents.caseId, caseIds), inArray(caseEvents.action, [...REPLY_ACTIONS])))
    .orderBy(caseEvents.caseId, desc(caseEvents.seq));
  const out = new Map<string, { kind: ReplyKind; content: string }>();
  for (const r of rows) {
    const reply = (r.payload as { reply?: { kind: ReplyKind; content: string } }).reply;
    if (reply?.kind && typeof reply.content === 'string') out.set(r.caseId, reply);
  }
  return out;
}

// ---------------------------------------------------------------- requests written

export async function insertRequest(db: Db, row: typeof open311Requests.$inferInsert): Promise<void> {
  await db.insert(open311Requests).values(row);
}

// ---------------------------------------------------------------- API keys

export type KeyRow = typeof open311Keys.$inferSelect;

export async function insertKey(db: Db, row: typeof open311Keys.$inferInsert): Promise<KeyRow> {
  const [inserted] = await db.insert(open311Keys).values(row).returning();
  return inserted!;
}

/** Keys of a region prefix, newest first (keyset on created_at, id), one more than `limit`. */
export async function keysOfScope(
  db: Db,
  scope: string,
  after: [string, string] | null,
  limit: number,
): Promise<(KeyRow & { createdByName: string | null })[]> {
  const rows = await db
    .select({ key: open311Keys, createdByName: users.displayName })
    .from(open311Keys)
    .leftJoin(users, eq(users.id, open311Keys.createdBy))
    .where(
      scoped(
        open311Keys.regionCode,
        scope,
        after
          ? or(
              lt(open311Keys.createdAt, new Date(after[0])),
              and(eq(open311Keys.createdAt, new Date(after[0])), lt(open311Keys.id, after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(open311Keys.createdAt), desc(open311Keys.id))
    .limit(limit + 1);
  return rows.map((r) => ({ ...r.key, createdByName: r.createdByName }));
}

export async function keyById(db: Db, id: string): Promise<KeyRow | undefined> {
  const [r] = await db.select().from(open311Keys).where(eq(open311Keys.id, id));
  return r;
}

export async function keyByHash(db: Db, keyHash: string): Promise<KeyRow | undefined> {
  const [r] = await db.select().from(open311Keys).where(eq(open311Keys.keyHash, keyHash));
  return r;
}

export async function markKeyRevoked(db: Db, id: string, at: Date, by: string): Promise<KeyRow> {
  const [updated] = await db
    .update(open311Keys)
    .set({ revokedAt: at, revokedBy: by })
    .where(eq(open311Keys.id, id))
    .returning();
  return updated!;
}

export async function markKeyUsed(db: Db, id: string, at: Date): Promise<void> {
  await db.update(open311Keys).set({ lastUsedAt: at }).where(eq(open311Keys.id, id));
}

/** The names of regions by code (codes that do not exist are left out). */
export async function regionNames(db: Db, codes: string[]) {
  if (codes.length === 0) return [];
  return db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, codes));
}
