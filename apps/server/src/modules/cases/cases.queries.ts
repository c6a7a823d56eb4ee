import { QUEUE_STATUSES, type WorkQueue } from '@lianluo/domain';
import { tsQuery } from '@lianluo/text';
import { and, asc, desc, eq, ilike, inArray, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../core/context.ts';
import { caseVisibility, OPEN_STATUSES, overdueSql } from '../../core/policies/case-visibility.queries.ts';
import type { Db } from '../../db/client.ts';
import { perDatabase } from '../../db/per-database.ts';
import {
  attachments,
  caseDepartments,
  caseDeputies,
  caseEvents,
  cases,
  categories,
  commonIssues,
  departments,
  deputies,
  stations,
  users,
} from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';
import { escapeLike } from '../stations/stations.queries.ts';

/** A case as stored (the projection the event log keeps up to date). */
export type CaseRow = typeof cases.$inferSelect;

export interface CaseFilter {
  visibility: SQL;
  /** A work queue (WORK_QUEUES): the same condition its count in queueCounts uses. */
  queue?: WorkQueue;
  status?: string;
  category?: string;
  q?: string;
  overdue?: boolean;
  now: Date;
  after?: [string, string] | null;
  limit: number;
}

/** The columns of a case in a list; the supervision and board lists use the same shape. */
export const listColumns = {
  id: cases.id,
  number: cases.number,
  regionCode: cases.regionCode,
  title: cases.title,
  categoryKey: cases.categoryKey,
  categoryName: categories.name,
  status: cases.status,
  channel: cases.channel,
  stationName: stations.name,
  departmentName: departments.name,
  registeredAt: cases.registeredAt,
  acceptDueAt: cases.acceptDueAt,
  replyDueAt: cases.replyDueAt,
  closedAt: cases.closedAt,
};

export async function listCases(db: Db, f: CaseFilter) {
  const registeredIso = sql`${cases.registeredAt}`;
  return db
    .select(listColumns)
    .from(cases)
    .leftJoin(categories, eq(categories.key, cases.categoryKey))
    .leftJoin(stations, eq(stations.id, cases.stationId))
    .leftJoin(departments, eq(departments.id, cases.leadDepartmentId))
    .where(
      and(
        f.visibility,
        f.queue ? queueWhere(f.queue, f.now) : undefined,
        f.status === 'open'
          ? inArray(cases.status, OPEN_STATUSES)
          : f.status
            ? eq(cases.status, f.status)
            : undefined,
        f.category ? eq(cases.categoryKey, f.category) : undefined,
        f.q ? keywordMatch(f.q) : undefined,
        f.overdue ? overdueSql(f.now) : undefined,
        f.after
          ? or(
              lt(registeredIso, new Date(f.after[0])),
              and(eq(cases.registeredAt, new Date(f.after[0])), lt(cases.id, f.after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(cases.registeredAt), desc(cases.id))
    .limit(f.limit + 1);
}

/**
 * Keyword search that works for Chinese on PGlite and PostgreSQL alike: the query's Han bigram
 * chains against the pre-segmented search_tokens (GIN index), or an exact case number.
 */
function keywordMatch(q: string): SQL {
  const ts = tsQuery(q);
  const byNumber = eq(cases.number, q.trim().toUpperCase());
  if (!ts) return or(byNumber, ilike(cases.title, `%${escapeLike(q)}%`)) as SQL;
  return or(
    byNumber,
    sql`to_tsvector('simple', ${cases.searchTokens}) @@ to_tsquery('simple', ${ts})`,
  ) as SQL;
}

export async function findCase(db: Db, id: string, visibility?: SQL) {
  const [row] = await db
    .select({
      ...listColumns,
      content: cases.content,
      urgency: cases.urgency,
      personNameMasked: cases.personNameMasked,
      personPhoneMasked: cases.personPhoneMasked,
      anonymous: cases.anonymous,
      consentPublish: cases.consentPublish,
      deadlineProvisional: cases.deadlineProvisional,
      reopenCount: cases.reopenCount,
      stationId: cases.stationId,
      leadDepartmentId: cases.leadDepartmentId,
      level: cases.level,
      addressMasked: cases.addressMasked,
      latitude: cases.latitude,
      longitude: cases.longitude,
      idNumberMasked: cases.idNumberMasked,
      commonIssueId: cases.commonIssueId,
      supervision: cases.supervision,
      overdueAt: cases.overdueAt,
      escalatedTo: cases.escalatedTo,
      ratingDueAt: cases.ratingDueAt,
      lastSatisfaction: cases.lastSatisfaction,
      commitmentDate: cases.commitmentDate,
      commitmentDue: cases.commitmentDue,
      publicText: cases.publicText,
      publishedAt: cases.publishedAt,
      receptionId: cases.receptionId,
    })
    .from(cases)
    .leftJoin(categories, eq(categories.key, cases.categoryKey))
    .leftJoin(stations, eq(stations.id, cases.stationId))
    .leftJoin(departments, eq(departments.id, cases.leadDepartmentId))
    .where(visibility ? and(eq(cases.id, id), visibility) : eq(cases.id, id));
  return row;
}

/** The case's departments, deputies and attachment count, for the detail. */
export async function detailParts(db: Db, caseId: string) {
  const depts = await db
    .select({ id: departments.id, name: departments.name, role: caseDepartments.role })
    .from(caseDepartments)
    .innerJoin(departments, eq(departments.id, caseDepartments.departmentId))
    .where(eq(caseDepartments.caseId, caseId))
    .orderBy(asc(caseDepartments.role));
  const deps = await db
    .select({ id: deputies.id, name: deputies.name })
    .from(caseDeputies)
    .innerJoin(deputies, eq(deputies.id, caseDeputies.deputyId))
    .where(eq(caseDeputies.caseId, caseId));
  const att = await db.select({ id: attachments.id }).from(attachments).where(eq(attachments.caseId, caseId));
  return { departments: depts, deputies: deps, attachmentCount: att.length };
}

/** The whole row, ciphertexts included: only for revealing the reporter (audited by the caller). */
export async function caseWithCiphers(db: Db, id: string) {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row;
}

export async function caseRegion(db: Db, id: string) {
  const [row] = await db.select({ regionCode: cases.regionCode }).from(cases).where(eq(cases.id, id));
  return row;
}

export async function listEvents(db: Db, caseId: string) {
  return db
    .select({
      seq: caseEvents.seq,
      at: caseEvents.at,
      action: caseEvents.action,
      fromStatus: caseEvents.fromStatus,
      toStatus: caseEvents.toStatus,
      actorName: caseEvents.actorName,
      payload: caseEvents.payload,
    })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, caseId))
    .orderBy(asc(caseEvents.seq));
}

export async function lockCase(db: Db, id: string) {
  const [row] = await db.select().from(cases).where(eq(cases.id, id)).for('update');
  return row;
}

/** Sequences known to exist, per database, so the common path creates nothing. */
const knownSequences = perDatabase(() => new Set<string>());

/**
 * The sequence of a county's case numbers for a year (LL-439901-2026-000123), created on first
 * use; returns its name. A counter row would be locked from its update to the commit, queueing
 * every intake in the county behind the one before it; `nextval` takes no lock. The price is the
 * sequence's: a number drawn by a transaction that then fails is not reused.
 * `root` is the process's database (what is remembered); `db` may be a transaction in it.
 */
export async function ensureCaseNumberSequence(
  root: Db,
  db: Db,
  countyCode: string,
  year: number,
): Promise<string> {
  if (!/^\d{6}$/.test(countyCode) || !Number.isInteger(year)) throw new RangeError('bad county or year');
  const name = `case_no_${countyCode}_${year}`;
  const known = knownSequences(root);
  if (known.has(name)) return name;
  // In a savepoint: two first intakes of a year racing to create it must not abort the caller.
  for (let attempt = 0; ; attempt++) {
    try {
      await db.transaction(async (sp) => {
        await sp.execute(sql.raw(`create sequence if not exists ${name} maxvalue 999999`));
      });
      break;
    } catch (err) {
      if (attempt > 0) throw err;
    }
  }
  known.add(name);
  return name;
}

export async function departmentsInRegion(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: departments.id, regionCode: departments.regionCode, name: departments.name })
    .from(departments)
    .where(inArray(departments.id, ids));
}

export async function findCommonIssue(db: Db, id: string) {
  const [row] = await db.select().from(commonIssues).where(eq(commonIssues.id, id));
  return row;
}

export async function insertCommonIssue(db: Db, values: typeof commonIssues.$inferInsert) {
  const [row] = await db.insert(commonIssues).values(values).returning();
  return row!;
}

/** The other cases of a common issue standing at `status` (they take the same step). */
export async function commonIssueMembers(
  db: Db,
  commonIssueId: string,
  exceptCaseId: string,
  status: string,
) {
  return db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.commonIssueId, commonIssueId), ne(cases.id, exceptCaseId), eq(cases.status, status)));
}

export async function categoryExists(db: Db, key: string): Promise<boolean> {
  const [c] = await db.select({ key: categories.key }).from(categories).where(eq(categories.key, key));
  return c !== undefined;
}

/** The enabled county and town office users seated in any of `regions`. */
export async function officesIn(db: Db, regions: string[]) {
  return db
    .select({ id: users.id, regionCode: users.regionCode })
    .from(users)
    .where(
      and(
        inArray(users.role, ['county_office', 'town_office']),
        inArray(users.regionCode, regions),
        eq(users.disabled, false),
      ),
    );
}

/** The cases of a work queue (among the caller's visible ones). */
function queueWhere(queue: WorkQueue, now: Date): SQL {
  switch (queue) {
    case 'overdue':
      return overdueSql(now);
    case 'to_revisit':
      return and(inArray(cases.status, OPEN_STATUSES), sql`${cases.commitmentDue}`) as SQL;
    default:
      return inArray(cases.status, QUEUE_STATUSES[queue]);
  }
}

/**
 * A department works the cases it leads (only the lead accepts and replies): its queues are
 * narrowed to them, while its plain list shows co-handled cases too.
 */
export function queueVisibility(actor: Actor, scope: string): SQL {
  return actor.role === 'department_handler'
    ? (and(
        scopeWhere(cases.regionCode, scope),
        eq(cases.leadDepartmentId, actor.departmentId ?? '00000000-0000-0000-0000-000000000000'),
      ) as SQL)
    : caseVisibility(actor, scope);
}

/**
 * Counts per work queue for the caller. A department counts the cases it leads (only the lead
 * accepts and replies), read from the (lead_department_id, status, reply_due_at) index.
 */
export async function queueCounts(db: Db, actor: Actor, scope: string, now: Date) {
  const where = queueVisibility(actor, scope);
  const n = (cond: SQL) => sql<number>`count(*) filter (where ${cond})::int`;
  // A county's open cases are a short index-only scan; starting a parallel worker for it (which
  // the planner likes at a million rows) costs several times the scan on a small machine.
  const [row] = await db.transaction(async (tx) => {
    await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
    return tx
      .select({
        to_triage: n(queueWhere('to_triage', now)),
        to_accept: n(queueWhere('to_accept', now)),
        to_reply: n(queueWhere('to_reply', now)),
        to_feed_back: n(queueWhere('to_feed_back', now)),
        overdue: n(queueWhere('overdue', now)),
        to_revisit: n(queueWhere('to_revisit', now)),
      })
      .from(cases)
      .where(and(where, inArray(cases.status, OPEN_STATUSES)));
  });
  return row!;
}
