import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { Dashboard, DashboardQuery } from './dashboard.schemas.ts';
import { getDashboard } from './dashboard.service.ts';

export const dashboardRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/dashboard',
    {
      config: { permission: 'dashboard.read' },
      schema: {
        operationId: 'getDashboard',
        tags: ['dashboard'],
        summary: '首页统计（本人数据范围或指定下级区划）',
        querystring: DashboardQuery,
        response: { 200: Dashboard },
      },
    },
    async (request) => getDashboard(deps, actorOf(request), request.query),
  );
};
