import { and, asc, eq, gt, ilike, inArray, or, sql } from 'drizzle-orm';
import { OPEN_STATUSES, overdueSql } from '../../core/policies/case-visibility.queries.ts';
import type { Db } from '../../db/client.ts';
import { caseDepartments, cases, departments } from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';
import { escapeLike } from '../stations/stations.queries.ts';

/**
 * Departments in the scope by name (then id), each with the open and overdue cases it leads;
 * `departmentId` narrows to one, `q` searches the name, `after` is the keyset of the last row seen.
 * Takes `limit` rows: the caller asks for one more than a page.
 */
export function listDepartments(
  db: Db,
  f: {
    scope: string;
    departmentId?: string;
    q?: string;
    after: [string, string] | null;
    now: Date;
    limit: number;
  },
) {
  const openCases = sql<number>`(select count(*)::int from ${caseDepartments} join ${cases} on ${cases.id} = ${caseDepartments.caseId}
        where ${caseDepartments.departmentId} = ${departments.id} and ${caseDepartments.role} = 'lead'
        and ${inArray(cases.status, OPEN_STATUSES)})`;
  const overdueCases = sql<number>`(select count(*)::int from ${caseDepartments} join ${cases} on ${cases.id} = ${caseDepartments.caseId}
        where ${caseDepartments.departmentId} = ${departments.id} and ${caseDepartments.role} = 'lead'
        and ${overdueSql(f.now)})`;
  return db
    .select({
      id: departments.id,
      name: departments.name,
      shortName: departments.shortName,
      kind: departments.kind,
      level: departments.level,
      regionCode: departments.regionCode,
      openCases,
      overdueCases,
    })
    .from(departments)
    .where(
      and(
        scopeWhere(departments.regionCode, f.scope),
        f.departmentId !== undefined ? eq(departments.id, f.departmentId) : undefined,
        f.q ? ilike(departments.name, `%${escapeLike(f.q)}%`) : undefined,
        f.after
          ? or(
              gt(departments.name, f.after[0]),
              and(eq(departments.name, f.after[0]), gt(departments.id, f.after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(asc(departments.name), asc(departments.id))
    .limit(f.limit);
}
