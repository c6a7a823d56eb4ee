import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { narrowScope } from '../../core/scope.ts';
import { actorOf } from '../../http/guard.ts';
import { RegionQuery } from '../../http/pagination.ts';
import { presentDashboard } from './dashboard.presenter.ts';

const Count = Type.Integer({ minimum: 0 });
const Dashboard = Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String() }),
  stations: Count,
  deputies: Count,
  openCases: Count,
  overdueCases: Count,
  receptionsThisMonth: Count,
  casesByStatus: Type.Array(Type.Object({ status: Type.String(), label: Type.String(), count: Count })),
  casesByCategory: Type.Array(
    Type.Object({
      category: Type.String({ description: '类别代码；未分类为空串' }),
      label: Type.String(),
      count: Count,
    }),
  ),
  monthly: Type.Array(Type.Object({ month: Type.String(), registered: Count, closed: Count })),
  attendance: Type.Array(
    Type.Object({
      level: Type.String(),
      label: Type.String(),
      assigned: Count,
      attendedEnough: Count,
      rate: Type.Number(),
    }),
  ),
  attendanceDefinition: Type.String(),
  attendancePeriod: Type.Object({ from: Type.String(), to: Type.String() }),
});

export const dashboardRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/dashboard',
    {
      config: { permission: 'dashboard.read' },
      schema: {
        operationId: 'getDashboard',
        tags: ['dashboard'],
        summary: '首页统计（本人数据范围或指定下级区划）',
        querystring: Type.Object({ region: RegionQuery }, { additionalProperties: false }),
        response: { 200: Dashboard },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { region } = request.query as { region?: string };
      const scope = await narrowScope(deps, actor, region);
      return presentDashboard(deps.db, actor, scope, deps.now());
    },
  );
};
