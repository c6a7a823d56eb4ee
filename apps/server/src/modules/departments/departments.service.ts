import type { Actor, Deps } from '../../core/context.ts';
import { narrowScope } from '../../core/scope.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import * as q from './departments.queries.ts';
import { type DepartmentsQuery, PAGE_LIMIT } from './departments.schemas.ts';

/**
 * A page of the departments (承办单位) the caller works with. Departments serve the whole county,
 * so a town officer sees its county's departments; a department handler sees only its own.
 */
export async function listDepartments(deps: Deps, actor: Actor, query: DepartmentsQuery) {
  const scope = await narrowScope(deps, actor, query.region);
  const deptScope = scope.length > 6 ? scope.slice(0, 6) : scope;
  const cursor = decodeCursor(query.cursor, ['string', 'uuid']);
  const limit = query.limit ?? PAGE_LIMIT;
  const rows = await q.listDepartments(deps.db, {
    scope: deptScope,
    departmentId: actor.role === 'department_handler' ? (actor.departmentId ?? '') : undefined,
    q: query.q,
    after: cursor ? [String(cursor[0]), String(cursor[1])] : null,
    now: deps.now(),
    limit: limit + 1,
  });
  return page(rows, limit, (r) => [r.name, r.id]);
}
