import { Type } from '@sinclair/typebox';
import { and, asc, eq, gt, ilike, inArray, or, sql } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { OPEN_STATUSES, overdueSql } from '../../core/policies/case-visibility.queries.ts';
import { narrowScope } from '../../core/scope.ts';
import { caseDepartments, cases, departments } from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';
import { actorOf } from '../../http/guard.ts';
import { decodeCursor, Page, PageQuery, page, RegionQuery } from '../../http/pagination.ts';

import { escapeLike } from '../stations/stations.queries.ts';

const DepartmentItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  shortName: Type.String(),
  kind: Type.String(),
  level: Type.String(),
  regionCode: Type.String(),
  openCases: Type.Integer(),
  overdueCases: Type.Integer(),
});

export const departmentsRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/departments',
    {
      config: { permission: 'departments.read' },
      schema: {
        operationId: 'listDepartments',
        tags: ['departments'],
        summary: '承办单位列表（含在办、超期件数）',
        querystring: Type.Object(
          { region: RegionQuery, q: Type.Optional(Type.String({ maxLength: 50 })), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: Page(DepartmentItem) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query as { region?: string; q?: string; cursor?: string; limit: number };
      // Departments serve the whole county, so a town officer sees its county's departments;
      // a department handler sees only its own.
      const scope = await narrowScope(deps, actor, query.region);
      const deptScope = scope.length > 6 ? scope.slice(0, 6) : scope;
      const after = decodeCursor(query.cursor, ['string', 'string']) as [string, string] | null;
      const now = deps.now();
      const openCases = sql<number>`(select count(*)::int from ${caseDepartments} join ${cases} on ${cases.id} = ${caseDepartments.caseId}
        where ${caseDepartments.departmentId} = ${departments.id} and ${caseDepartments.role} = 'lead'
        and ${inArray(cases.status, OPEN_STATUSES)})`;
      const overdueCases = sql<number>`(select count(*)::int from ${caseDepartments} join ${cases} on ${cases.id} = ${caseDepartments.caseId}
        where ${caseDepartments.departmentId} = ${departments.id} and ${caseDepartments.role} = 'lead'
        and ${overdueSql(now)})`;
      const rows = await deps.db
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
            scopeWhere(departments.regionCode, deptScope),
            actor.role === 'department_handler' ? eq(departments.id, actor.departmentId ?? '') : undefined,
            query.q ? ilike(departments.name, `%${escapeLike(query.q)}%`) : undefined,
            after
              ? or(
                  gt(departments.name, after[0]),
                  and(eq(departments.name, after[0]), gt(departments.id, after[1])),
                )
              : undefined,
          ),
        )
        .orderBy(asc(departments.name), asc(departments.id))
        .limit(query.limit + 1);
      return page(rows, query.limit, (r) => [r.name, r.id]);
    },
  );
};
