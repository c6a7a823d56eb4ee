import { REPLY_ACTIONS, scopePrefix } from '@lianluo/domain';
import { and, desc, eq, gt, gte, inArray, isNotNull, isNull, ne, type SQL, sql } from 'drizzle-orm';
import { AppError } from '../../core/errors.ts';
import { OPEN_STATUSES } from '../../core/policies/case-visibility.queries.ts';
import type { Db } from '../../db/client.ts';
import {
  caseEvents,
  cases,
  categories,
  categorySuggestions,
  commonIssues,
  departments,
  routingRules,
  stations,
  textModels,
} from '../../db/schema/index.ts';
import { sqlList } from '../../db/sql-lists.ts';

/** Cases staff have triaged (a category chosen by a person): the training set of the classifier. */
export async function triagedCases(db: Db, limit: number) {
  return db
    .select({ title: cases.title, content: cases.content, label: cases.categoryKey })
    .from(cases)
    .where(
      and(
        isNotNull(cases.categoryKey),
        sql`exists (select 1 from ${caseEvents} where ${caseEvents.caseId} = ${cases.id} and ${caseEvents.action} = 'triage')`,
      ),
    )
    .orderBy(desc(cases.registeredAt))
    .limit(limit);
}

/**
 * One trainer at a time across processes: takes a transaction-scoped advisory lock, or answers
 * false at once when another process holds it.
 */
export async function tryTrainerLock(tx: Db): Promise<boolean> {
  const [row] = await tx
    .select({ ok: sql<boolean>`pg_try_advisory_xact_lock(7316001)` })
    .from(sql`(select 1) as lock`);
  return row?.ok === true;
}

/** Stores a trained model; the same version trained twice is stored once. */
export async function saveModel(db: Db, row: typeof textModels.$inferInsert) {
  await db.insert(textModels).values(row).onConflictDoNothing();
}

export async function latestModel(db: Db) {
  const [row] = await db
    .select()
    .from(textModels)
    .where(eq(textModels.active, true))
    .orderBy(desc(textModels.trainedAt))
    .limit(1);
  return row;
}

/** The active model's version and training time, without the model itself (megabytes of JSON). */
export async function latestModelStamp(db: Db) {
  const [row] = await db
    .select({ version: textModels.version, trainedAt: textModels.trainedAt })
    .from(textModels)
    .where(eq(textModels.active, true))
    .orderBy(desc(textModels.trainedAt))
    .limit(1);
  return row;
}

/** Whether staff have triaged a case (chosen its category) after `at`: new training data. */
export async function triagedSince(db: Db, at: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: caseEvents.id })
    .from(caseEvents)
    .where(and(eq(caseEvents.action, 'triage'), gt(caseEvents.at, at)))
    .limit(1);
  return !!row;
}

export async function listModels(db: Db) {
  return db
    .select({
      version: textModels.version,
      trainedAt: textModels.trainedAt,
      samples: textModels.samples,
      perClass: textModels.perClass,
      trigger: textModels.trigger,
      active: textModels.active,
      suggested: sql<number>`(select count(*)::int from ${categorySuggestions} s where s.model_version = ${textModels.version})`,
      decided: sql<number>`(select count(*)::int from ${categorySuggestions} s where s.model_version = ${textModels.version} and s.accepted is not null)`,
      accepted: sql<number>`(select count(*)::int from ${categorySuggestions} s where s.model_version = ${textModels.version} and s.accepted)`,
    })
    .from(textModels)
    .orderBy(desc(textModels.trainedAt))
    .limit(20);
}

export const categoryNames = (db: Db) => db.select().from(categories);

/** The department that answers a category in a region: the routing rule with the longest prefix. */
export async function routeCategory(db: Db, categoryKey: string, regionCode: string) {
  const rules = await db
    .select({ id: departments.id, name: departments.name, ruleRegion: routingRules.regionCode })
    .from(routingRules)
    .innerJoin(departments, eq(departments.id, routingRules.departmentId))
    .where(eq(routingRules.categoryKey, categoryKey));
  const best = rules
    .map((r) => ({ ...r, prefix: scopePrefix(r.ruleRegion) }))
    .filter((r) => regionCode.startsWith(r.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  return best ? { id: best.id, name: best.name } : null;
}

/**
 * Cases for the similarity index registered since `since`, oldest first, a page at a time: those
 * after `after` in (registered_at, id) order.
 */
export async function casesSince(db: Db, since: Date, after: { at: Date; id: string } | null, limit: number) {
  return db
    .select({
      id: cases.id,
      title: cases.title,
      content: cases.content,
      regionCode: cases.regionCode,
      registeredAt: cases.registeredAt,
    })
    .from(cases)
    .where(
      and(
        gte(cases.registeredAt, since),
        after
          ? sql`(${cases.registeredAt}, ${cases.id}) > (${after.at.toISOString()}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(cases.registeredAt, cases.id)
    .limit(limit);
}

export async function casesByIds(db: Db, ids: string[], visibility: SQL) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: cases.id,
      number: cases.number,
      title: cases.title,
      status: cases.status,
      regionCode: cases.regionCode,
      stationName: stations.name,
      registeredAt: cases.registeredAt,
      commonIssueId: cases.commonIssueId,
      commonIssueTitle: commonIssues.title,
      commonIssueSize: sql<
        number | null
      >`(select count(*)::int from ${cases} m where m.common_issue_id = "cases"."common_issue_id")`,
    })
    .from(cases)
    .leftJoin(stations, eq(stations.id, cases.stationId))
    .leftJoin(commonIssues, eq(commonIssues.id, cases.commonIssueId))
    .where(and(inArray(cases.id, ids), visibility));
}

/** A case by id with the text a reply is assessed against, if it is within `visibility`. */
export async function findVisibleCase(db: Db, id: string, visibility: SQL) {
  const [row] = await db
    .select({
      id: cases.id,
      title: cases.title,
      content: cases.content,
      leadDepartmentId: cases.leadDepartmentId,
    })
    .from(cases)
    .where(and(eq(cases.id, id), visibility));
  return row;
}

/** Full-text search (the case's search tokens against `tsQuery`), best rank first, at most 50. */
export async function searchCases(db: Db, visibility: SQL, tsQuery: string) {
  const rank = sql<number>`ts_rank(to_tsvector('simple', ${cases.searchTokens}), to_tsquery('simple', ${tsQuery}))`;
  return db
    .select({
      id: cases.id,
      number: cases.number,
      title: cases.title,
      status: cases.status,
      regionCode: cases.regionCode,
      registeredAt: cases.registeredAt,
      rank,
    })
    .from(cases)
    .where(
      and(visibility, sql`to_tsvector('simple', ${cases.searchTokens}) @@ to_tsquery('simple', ${tsQuery})`),
    )
    .orderBy(desc(rank), desc(cases.registeredAt))
    .limit(50);
}

/** The blind index of a case's phone, if the case is within `visibility` (undefined: it is not). */
export async function casePhoneIndex(db: Db, id: string, visibility: SQL) {
  const [row] = await db
    .select({ personPhoneIndex: cases.personPhoneIndex })
    .from(cases)
    .where(and(eq(cases.id, id), visibility));
  return row;
}

/**
 * Open cases of one person — the same phone, by its blind index, never the phone itself —
 * registered since `since` under the region prefix and within `visibility`, newest first.
 */
export async function samePersonCases(
  db: Db,
  o: {
    phoneIndex: string;
    since: Date;
    regionPrefix: string;
    visibility: SQL;
    excludeId?: string;
    limit: number;
  },
) {
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(
      and(
        eq(cases.personPhoneIndex, o.phoneIndex),
        gte(cases.registeredAt, o.since),
        sql`${cases.regionCode} like ${`${o.regionPrefix}%`}`,
        inArray(cases.status, [...OPEN_STATUSES]),
        o.excludeId ? ne(cases.id, o.excludeId) : undefined,
        o.visibility,
      ),
    )
    .orderBy(desc(cases.registeredAt))
    .limit(o.limit);
  return rows.map((r) => r.id);
}

/**
 * What may leave for the public: a case on a public board (approved text, consent, not
 * withdrawn). Every public query of this module carries this filter.
 */
const onPublicBoard = and(
  isNotNull(cases.publishedAt),
  isNotNull(cases.publicText),
  eq(cases.consentPublish, true),
  ne(cases.status, 'withdrawn'),
);

/** Board items published since `since`, for the public similarity index: approved text only. */
export async function publishedSince(db: Db, since: Date) {
  const rows = await db
    .select({
      id: cases.id,
      publicText: cases.publicText,
      regionCode: cases.regionCode,
      publishedAt: cases.publishedAt,
    })
    .from(cases)
    .where(and(onPublicBoard, gte(cases.publishedAt, since)))
    .orderBy(cases.publishedAt);
  return rows.map((r) => ({ ...r, publishedAt: r.publishedAt! }));
}

/** Common issues created since `since`: their titles are public (no personal data in them). */
export async function commonIssuesSince(db: Db, since: Date) {
  return db
    .select({
      id: commonIssues.id,
      title: commonIssues.title,
      regionCode: commonIssues.regionCode,
      createdAt: commonIssues.createdAt,
    })
    .from(commonIssues)
    .where(gte(commonIssues.createdAt, since))
    .orderBy(commonIssues.createdAt);
}

/** Board items by id, with their public columns only; a row no longer on a board is left out. */
export async function publishedByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  // "cases"."id" by hand: drizzle leaves a column unqualified inside a select list.
  const replyKind = sql<string | null>`(select e.payload->'reply'->>'kind' from ${caseEvents} e
    where e.case_id = "cases"."id" and e.action in (${sqlList(REPLY_ACTIONS)})
    order by e.seq desc limit 1)`;
  return db
    .select({
      id: cases.id,
      number: cases.number,
      publicText: cases.publicText,
      status: cases.status,
      publishedAt: cases.publishedAt,
      stationId: cases.stationId,
      stationName: stations.name,
      categoryName: categories.name,
      replyKind,
    })
    .from(cases)
    .leftJoin(stations, eq(stations.id, cases.stationId))
    .leftJoin(categories, eq(categories.key, cases.categoryKey))
    .where(and(inArray(cases.id, ids), onPublicBoard));
}

/** Common issues by id: the title and how many cases it joins (no case of it is named). */
export async function issuesByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: commonIssues.id,
      title: commonIssues.title,
      // "common_issues"."id" by hand, as above: unqualified it would name the subquery's own id.
      caseCount: sql<number>`(select count(*)::int from ${cases} m where m.common_issue_id = "common_issues"."id")`,
    })
    .from(commonIssues)
    .where(inArray(commonIssues.id, ids));
}

export async function recordSuggestion(
  db: Db,
  s: {
    caseId: string;
    regionCode: string;
    modelVersion: string;
    suggestedKey: string;
    score: number;
    at: Date;
  },
) {
  // Once per case and model: the case page asks again on every view, the rate counts the case once.
  const [seen] = await db
    .select({ id: categorySuggestions.id })
    .from(categorySuggestions)
    .where(
      and(eq(categorySuggestions.caseId, s.caseId), eq(categorySuggestions.modelVersion, s.modelVersion)),
    )
    .limit(1);
  if (seen) return;
  await db.insert(categorySuggestions).values(s);
}

/**
 * The suggestion the intake form showed, recorded with the new case; when staff chose a category
 * there, it is decided at once (accepted or changed), else at triage.
 */
export async function recordIntakeSuggestion(
  db: Db,
  c: { id: string; regionCode: string; categoryKey: string | null },
  shown: { modelVersion: string; categoryKey: string; score: number },
  at: Date,
) {
  const [model] = await db
    .select({ version: textModels.version })
    .from(textModels)
    .where(eq(textModels.version, shown.modelVersion));
  if (!model) throw new AppError('validation', `未知的分类模型版本：${shown.modelVersion}`);
  const [category] = await db
    .select({ key: categories.key })
    .from(categories)
    .where(eq(categories.key, shown.categoryKey));
  if (!category) throw new AppError('validation', `未知的意见类别：${shown.categoryKey}`);
  await recordSuggestion(db, {
    caseId: c.id,
    regionCode: c.regionCode,
    modelVersion: shown.modelVersion,
    suggestedKey: shown.categoryKey,
    score: shown.score,
    at,
  });
  if (c.categoryKey) await decideSuggestions(db, c.id, c.categoryKey, at);
}

/** Staff chose a category at triage: close the open suggestions of the case as accepted or changed. */
export async function decideSuggestions(db: Db, caseId: string, finalKey: string, at: Date) {
  await db
    .update(categorySuggestions)
    .set({ finalKey, accepted: sql`${categorySuggestions.suggestedKey} = ${finalKey}`, decidedAt: at })
    .where(and(eq(categorySuggestions.caseId, caseId), isNull(categorySuggestions.accepted)));
}

/** Recent replies of a department, to spot boilerplate pasted from case to case. */
export async function recentReplies(db: Db, departmentId: string, excludeCaseId: string, limit = 50) {
  const rows = await db
    .select({ payload: caseEvents.payload })
    .from(caseEvents)
    .innerJoin(cases, eq(cases.id, caseEvents.caseId))
    .where(
      and(
        eq(caseEvents.action, 'reply'),
        eq(cases.leadDepartmentId, departmentId),
        sql`${caseEvents.caseId} <> ${excludeCaseId}`,
      ),
    )
    .orderBy(desc(caseEvents.id))
    .limit(limit);
  return rows
    .map((r) => (r.payload as { reply?: { content?: string } }).reply?.content)
    .filter((x): x is string => !!x);
}

export async function referredAt(db: Db, caseId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: caseEvents.at })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.action, 'refer')))
    .orderBy(desc(caseEvents.seq))
    .limit(1);
  return row?.at ?? null;
}
