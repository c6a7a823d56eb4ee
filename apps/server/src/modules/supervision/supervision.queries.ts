import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.ts';
import {
  cases,
  categories,
  commitments,
  commonIssues,
  departmentCategories,
  departments,
  notifications,
  regions,
  routingRules,
  stations,
} from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';
import { listColumns } from '../cases/cases.queries.ts';

/** The office a case was escalated to (提请), by its region. */
const escalatedRegion = alias(regions, 'escalated_region');

/** A case as the case list shows it, with the supervision and board columns. */
function selectCases(db: Db) {
  return db
    .select({
      ...listColumns,
      supervision: cases.supervision,
      supervisedAt: cases.supervisedAt,
      overdueAt: cases.overdueAt,
      escalatedTo: cases.escalatedTo,
      escalatedToName: escalatedRegion.name,
      publicText: cases.publicText,
      publishedAt: cases.publishedAt,
      personNameMasked: cases.personNameMasked,
      commonIssueId: cases.commonIssueId,
    })
    .from(cases)
    .leftJoin(categories, eq(categories.key, cases.categoryKey))
    .leftJoin(stations, eq(stations.id, cases.stationId))
    .leftJoin(departments, eq(departments.id, cases.leadDepartmentId))
    .leftJoin(escalatedRegion, eq(escalatedRegion.code, cases.escalatedTo));
}

export type SupervisedCaseRow = Awaited<ReturnType<typeof supervisedCases>>[number];

/**
 * Cases under supervision or overdue that were open at some time in [from, to): registered
 * before its end and not closed before its start.
 */
export function supervisedCases(db: Db, o: { visibility: SQL; from: Date; to: Date; limit: number }) {
  return selectCases(db)
    .where(
      and(
        o.visibility,
        // Matches the partial index cases_supervision_idx.
        sql`(${cases.supervision} <> 'none' or ${cases.overdueAt} is not null)`,
        lt(cases.registeredAt, o.to),
        or(isNull(cases.closedAt), gte(cases.closedAt, o.from)),
      ),
    )
    .orderBy(desc(cases.supervision), asc(cases.registeredAt))
    .limit(o.limit);
}

/** The visible cases of a common issue. */
export function commonIssueCases(db: Db, commonIssueId: string, visibility: SQL) {
  return selectCases(db).where(and(eq(cases.commonIssueId, commonIssueId), visibility));
}

/** Published, consented cases, newest first: the staff view of the board. */
export function boardCases(db: Db, visibility: SQL, limit: number) {
  return selectCases(db)
    .where(and(visibility, isNotNull(cases.publishedAt), eq(cases.consentPublish, true)))
    .orderBy(desc(cases.publishedAt))
    .limit(limit);
}

/**
 * Commitments of visible cases, earliest date first, superseded ones left out; `departmentId`
 * narrows to one department, `overdueBefore` to those pending or due with a date before it.
 */
export function listCommitments(
  db: Db,
  o: { visibility: SQL; departmentId?: string; overdueBefore?: string; limit: number },
) {
  return db
    .select({
      id: commitments.id,
      caseId: commitments.caseId,
      caseNumber: cases.number,
      title: cases.title,
      departmentId: commitments.departmentId,
      departmentName: departments.name,
      measures: commitments.measures,
      committedDate: commitments.committedDate,
      status: commitments.status,
      revisitedAt: commitments.revisitedAt,
    })
    .from(commitments)
    .innerJoin(cases, eq(cases.id, commitments.caseId))
    .leftJoin(departments, eq(departments.id, commitments.departmentId))
    .where(
      and(
        o.visibility,
        ne(commitments.status, 'superseded'),
        o.departmentId ? eq(commitments.departmentId, o.departmentId) : undefined,
        o.overdueBefore
          ? and(
              inArray(commitments.status, ['pending', 'due']),
              lt(commitments.committedDate, o.overdueBefore),
            )
          : undefined,
      ),
    )
    .orderBy(asc(commitments.committedDate))
    .limit(o.limit);
}

/** Common issues in the scope, newest first, each with the number of its cases. */
export function listCommonIssues(db: Db, scope: string, limit: number) {
  return db
    .select({
      id: commonIssues.id,
      regionCode: commonIssues.regionCode,
      title: commonIssues.title,
      summary: commonIssues.summary,
      categoryKey: commonIssues.categoryKey,
      createdAt: commonIssues.createdAt,
      caseCount: sql<number>`(select count(*)::int from ${cases} where ${cases.commonIssueId} = ${commonIssues.id})`,
    })
    .from(commonIssues)
    .where(scopeWhere(commonIssues.regionCode, scope))
    .orderBy(desc(commonIssues.createdAt))
    .limit(limit);
}

export async function findCommonIssue(db: Db, id: string) {
  const [row] = await db.select().from(commonIssues).where(eq(commonIssues.id, id));
  return row;
}

/** Which of `ids` are cases within `visibility`. */
export async function visibleCaseIds(db: Db, ids: string[], visibility: SQL): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(inArray(cases.id, ids), visibility));
  return new Set(rows.map((r) => r.id));
}

/** The routing rules of a category, each with its department. */
export function routingRulesOf(db: Db, categoryKey: string) {
  return db
    .select({
      id: departments.id,
      name: departments.name,
      regionCode: routingRules.regionCode,
      deptRegion: departments.regionCode,
    })
    .from(routingRules)
    .innerJoin(departments, eq(departments.id, routingRules.departmentId))
    .where(eq(routingRules.categoryKey, categoryKey));
}

/** Departments in the county that declare they answer a category. */
export function departmentsAnswering(db: Db, categoryKey: string, county: string) {
  return db
    .select({ id: departments.id, name: departments.name, regionCode: departments.regionCode })
    .from(departmentCategories)
    .innerJoin(departments, eq(departments.id, departmentCategories.departmentId))
    .where(
      and(eq(departmentCategories.categoryKey, categoryKey), scopeWhere(departments.regionCode, county)),
    );
}

/** The outbox in the scope, newest first. */
export function listNotifications(
  db: Db,
  o: { scope: string; status?: string; caseId?: string; limit: number },
) {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        scopeWhere(notifications.regionCode, o.scope),
        o.status ? eq(notifications.status, o.status) : undefined,
        o.caseId ? eq(notifications.caseId, o.caseId) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(o.limit);
}
