import {
  CASE_LEVELS,
  CASE_URGENCIES,
  type CaseLevel,
  type CaseUrgency,
  LIMIT_BOUNDS,
  RATING_TIMEOUT_OUTCOMES,
  type RatingTimeoutOutcome,
} from '@lianluo/domain';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { Problem, RegionQuery } from '../../http/pagination.ts';
import {
  deleteDeadlineLimit,
  getWorkflowSettings,
  listDeadlineLimits,
  setDeadlineLimit,
  setWorkflowSettings,
} from './settings.service.ts';

const Level = Type.Union(CASE_LEVELS.map((l) => Type.Literal(l)));
const Urgency = Type.Union(CASE_URGENCIES.map((u) => Type.Literal(u)));
const Days = (k: keyof typeof LIMIT_BOUNDS, description: string) =>
  Type.Integer({ minimum: LIMIT_BOUNDS[k].min, maximum: LIMIT_BOUNDS[k].max, description });
const RegionCode = Type.String({ pattern: '^[0-9]{12}$', description: '12位区划代码（县及以上）' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Outcome = Type.Union(RATING_TIMEOUT_OUTCOMES.map((o) => Type.Literal(o)));

const Limit = {
  acceptWorkingDays: Days('acceptWorkingDays', '交办后几个工作日内签收'),
  replyWorkingDays: Days('replyWorkingDays', '交办后几个工作日内答复'),
  warnWorkingDays: Days('warnWorkingDays', '答复到期前几个工作日预警'),
};
const LimitItem = Type.Object({
  level: Level,
  urgency: Urgency,
  ...Limit,
  source: Nullable(Type.String({ description: '生效设置所属区划；null 为系统默认' })),
  default: Type.Object(Limit),
});
const LimitKey = Type.Object({ level: Level, urgency: Urgency }, { additionalProperties: false });

const RatingSettings = {
  ratingWaitDays: Type.Integer({ description: '反馈后等待群众评价的天数（自然日）' }),
  ratingTimeoutCountsAs: Outcome,
};
const WorkflowSettings = Type.Object({
  regionCode: Type.String(),
  regionName: Type.String(),
  settingsRegion: Type.String(),
  ...RatingSettings,
  sources: Type.Object({
    ratingWaitDays: Nullable(Type.String()),
    ratingTimeoutCountsAs: Nullable(Type.String()),
  }),
  own: Type.Object({ ratingWaitDays: Nullable(Type.Integer()), ratingTimeoutCountsAs: Nullable(Outcome) }),
  defaults: Type.Object(RatingSettings),
  maxAttachmentBytes: Type.Integer({ description: '附件大小上限（字节，按部署设定）' }),
});

/** Workflow settings of a county (and above): deadline limits, the rating wait. */
export const settingsRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/settings/deadline-limits',
    {
      // Everyone who works cases may see the limits they work to; only administrators set them.
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'listDeadlineLimits',
        tags: ['admin'],
        summary: '办理期限（按办理层级和紧急程度）：生效值、来源与系统默认值',
        querystring: Type.Object({ region: RegionQuery }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            regionCode: Type.String(),
            regionName: Type.String(),
            settingsRegion: Type.String(),
            items: Type.Array(LimitItem),
          }),
        },
      },
    },
    async (request) =>
      listDeadlineLimits(deps, actorOf(request), (request.query as { region?: string }).region),
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
        body: Type.Object({ region: Type.Optional(RegionCode), ...Limit }, { additionalProperties: false }),
        response: { 200: LimitItem, 400: Problem, 404: Problem },
      },
    },
    async (request) =>
      setDeadlineLimit(
        deps,
        actorOf(request),
        request.params as { level: CaseLevel; urgency: CaseUrgency },
        request.body as {
          region?: string;
          acceptWorkingDays: number;
          replyWorkingDays: number;
          warnWorkingDays: number;
        },
      ),
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
        querystring: Type.Object({ region: RegionQuery }, { additionalProperties: false }),
        response: { 200: LimitItem, 404: Problem },
      },
    },
    async (request) =>
      deleteDeadlineLimit(
        deps,
        actorOf(request),
        request.params as { level: CaseLevel; urgency: CaseUrgency },
        (request.query as { region?: string }).region,
      ),
  );

  app.get(
    '/settings/workflow',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'getWorkflowSettings',
        tags: ['admin'],
        summary: '评价等待天数、逾期未评价视为的结果（按县设定），及附件大小上限（按部署）',
        querystring: Type.Object({ region: RegionQuery }, { additionalProperties: false }),
        response: { 200: WorkflowSettings },
      },
    },
    async (request) =>
      getWorkflowSettings(deps, actorOf(request), (request.query as { region?: string }).region),
  );

  app.put(
    '/settings/workflow',
    {
      config: { permission: 'settings.manage' },
      schema: {
        operationId: 'setWorkflowSettings',
        tags: ['admin'],
        summary: '设定本县评价等待天数和逾期未评价视为的结果；不填的项沿用上级或系统默认',
        body: Type.Object(
          {
            region: Type.Optional(RegionCode),
            // Absent (not null) means "follow the level above": with type coercion on, a null
            // alternative would turn a mistaken 0 into a silent reset.
            ratingWaitDays: Type.Optional(Days('ratingWaitDays', '反馈后等待群众评价的天数（自然日）')),
            ratingTimeoutCountsAs: Type.Optional(Outcome),
          },
          { additionalProperties: false },
        ),
        response: { 200: WorkflowSettings, 400: Problem, 404: Problem },
      },
    },
    async (request) =>
      setWorkflowSettings(
        deps,
        actorOf(request),
        request.body as {
          region?: string;
          ratingWaitDays?: number;
          ratingTimeoutCountsAs?: RatingTimeoutOutcome;
        },
      ),
  );
};
