import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { Problem } from '../../http/pagination.ts';
import {
  LimitItem,
  LimitKey,
  LimitList,
  RegionQueryString,
  SetLimitBody,
  SetWorkflowBody,
  WorkflowSettings,
} from './settings.schemas.ts';
import {
  deleteDeadlineLimit,
  getWorkflowSettings,
  listDeadlineLimits,
  setDeadlineLimit,
  setWorkflowSettings,
} from './settings.service.ts';

/** Workflow settings of a county (and above): deadline limits, the rating wait. */
export const settingsRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/settings/deadline-limits',
    {
      // Everyone who works cases may see the limits they work to; only administrators set them.
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'listDeadlineLimits',
        tags: ['admin'],
        summary: '办理期限（按办理层级和紧急程度）：生效值、来源与系统默认值',
        querystring: RegionQueryString,
        response: { 200: LimitList },
      },
    },
    async (request) => listDeadlineLimits(deps, actorOf(request), request.query.region),
  );

  app.put(
    '/settings/deadline-limits/:level/:urgency',
    {
      config: { permission: 'settings.manage' },
      schema: {
        operationId: 'setDeadlineLimit',
        tags: ['admin'],
        summary: '设定本县某一办理层级、紧急程度的签收、答复期限和到期预警（只影响此后交办的件）',
        params: LimitKey,
        body: SetLimitBody,
        response: { 200: LimitItem, 400: Problem, 404: Problem },
      },
    },
    async (request) => setDeadlineLimit(deps, actorOf(request), request.params, request.body),
  );

  app.delete(
    '/settings/deadline-limits/:level/:urgency',
    {
      config: { permission: 'settings.manage' },
      schema: {
        operationId: 'deleteDeadlineLimit',
        tags: ['admin'],
        summary: '取消本县的单独设定，恢复上级设定或系统默认期限',
        params: LimitKey,
        querystring: RegionQueryString,
        response: { 200: LimitItem, 404: Problem },
      },
    },
    async (request) => deleteDeadlineLimit(deps, actorOf(request), request.params, request.query.region),
  );

  app.get(
    '/settings/workflow',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'getWorkflowSettings',
        tags: ['admin'],
        summary: '评价等待天数、逾期未评价视为的结果（按县设定），及附件大小上限（按部署）',
        querystring: RegionQueryString,
        response: { 200: WorkflowSettings },
      },
    },
    async (request) => getWorkflowSettings(deps, actorOf(request), request.query.region),
  );

  app.put(
    '/settings/workflow',
    {
      config: { permission: 'settings.manage' },
      schema: {
        operationId: 'setWorkflowSettings',
        tags: ['admin'],
        summary: '设定本县评价等待天数和逾期未评价视为的结果；不填的项沿用上级或系统默认',
        body: SetWorkflowBody,
        response: { 200: WorkflowSettings, 400: Problem, 404: Problem },
      },
    },
    async (request) => setWorkflowSettings(deps, actorOf(request), request.body),
  );
};
