import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { DepartmentPage, DepartmentsQuery } from './departments.schemas.ts';
import { listDepartments } from './departments.service.ts';

export const departmentsRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/departments',
    {
      config: { permission: 'departments.read' },
      schema: {
        operationId: 'listDepartments',
        tags: ['departments'],
        summary: '承办单位列表（含在办、超期件数）',
        querystring: DepartmentsQuery,
        response: { 200: DepartmentPage },
      },
    },
    async (request) => listDepartments(deps, actorOf(request), request.query),
  );
};
