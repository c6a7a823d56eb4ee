import { AWAITING_REPLY_STATUSES, OPEN_CASE_STATUSES } from '@lianluo/domain';
import { and, eq, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { caseDepartments, cases, deputyStations } from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';
import type { Actor } from '../context.ts';

/*
 * Who may see which case, in one place: the case module, analytics, the dashboard, departments
 * and supervision all read cases through these conditions.
 */

/**
 * States in which a case is still someone's work; everything but close-out and withdrawal.
 * Keep in step with the partial index cases_open_queue_idx (schema/cases.ts).
 */
export const OPEN_STATUSES: string[] = [...OPEN_CASE_STATUSES];
/** States in which the department's reply clock runs. */
const AWAITING_REPLY: string[] = [...AWAITING_REPLY_STATUSES];

/**
 * Roles that see every case of their region and nothing narrower: the `return region` arm of
 * caseVisibility below (keep the two in step). Analytics serves these the region-wide rollups.
 */
const REGION_WIDE_ROLES: ReadonlySet<Actor['role']> = new Set(['admin', 'county_office', 'town_office']);
export const seesWholeRegion = (role: Actor['role']): boolean => REGION_WIDE_ROLES.has(role);

/**
 * Which cases a caller may see: the region prefix for everyone, narrowed for roles that work on
 * a subset (a department sees what was referred to it, a deputy the cases of their stations,
 * a liaison officer those of their station).
 */
export function caseVisibility(actor: Actor, scope: string): SQL {
  const region = scopeWhere(cases.regionCode, scope);
  switch (actor.role) {
    case 'department_handler':
      return and(
        region,
        sql`exists (select 1 from ${caseDepartments} where ${caseDepartments.caseId} = ${cases.id} and ${caseDepartments.departmentId} = ${actor.departmentId})`,
      ) as SQL;
    case 'deputy':
      return and(
        region,
        sql`exists (select 1 from ${deputyStations} where ${deputyStations.stationId} = ${cases.stationId} and ${deputyStations.deputyId} = ${actor.deputyId})`,
      ) as SQL;
    case 'station_officer':
      return and(
        region,
        eq(cases.stationId, actor.stationId ?? '00000000-0000-0000-0000-000000000000'),
      ) as SQL;
    case 'admin':
    case 'county_office':
    case 'town_office':
      return region;
  }
}

/**
 * Overdue: not signed for by the accept deadline, or not answered by the reply deadline — the SQL
 * twin of `isOverdue` (@lianluo/domain). Both columns are in cases_open_queue_idx, so the queue
 * counts stay an index-only scan.
 */
export const overdueSql = (now: Date) =>
  or(
    and(inArray(cases.status, AWAITING_REPLY), lt(cases.replyDueAt, now)),
    and(eq(cases.status, 'assigned'), lt(cases.acceptDueAt, now)),
  ) as SQL;

/** Whether a case exists at all, whoever may see it (an invisible one is audited, a missing one not). */
export async function caseExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db.select({ id: cases.id }).from(cases).where(eq(cases.id, id));
  return !!row;
}
