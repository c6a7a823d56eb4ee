import { CASE_LEVELS, CASE_URGENCIES, LIMIT_BOUNDS, RATING_TIMEOUT_OUTCOMES } from '@lianluo/domain';
import { type Static, Type } from '@sinclair/typebox';
import { literalUnion, RegionQuery } from '../../http/pagination.ts';

const Level = literalUnion(CASE_LEVELS);
const Urgency = literalUnion(CASE_URGENCIES);
const Days = (k: keyof typeof LIMIT_BOUNDS, description: string) =>
  Type.Integer({ minimum: LIMIT_BOUNDS[k].min, maximum: LIMIT_BOUNDS[k].max, description });
const RegionCode = Type.String({ pattern: '^[0-9]{12}$', description: '12位区划代码（县及以上）' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Outcome = literalUnion(RATING_TIMEOUT_OUTCOMES);

const Limit = {
  acceptWorkingDays: Days('acceptWorkingDays', '交办后几个工作日内签收'),
  replyWorkingDays: Days('replyWorkingDays', '交办后几个工作日内答复'),
  warnWorkingDays: Days('warnWorkingDays', '答复到期前几个工作日预警'),
};
export const LimitItem = Type.Object({
  level: Level,
  urgency: Urgency,
  ...Limit,
  source: Nullable(Type.String({ description: '生效设置所属区划；null 为系统默认' })),
  default: Type.Object(Limit),
});
/** A limit in force: the region whose row it is (null: the built-in default), and the default. */
export type LimitItem = Static<typeof LimitItem>;
export const LimitKey = Type.Object({ level: Level, urgency: Urgency }, { additionalProperties: false });
export type LimitKey = Static<typeof LimitKey>;

export const RegionQueryString = Type.Object({ region: RegionQuery }, { additionalProperties: false });

export const LimitList = Type.Object({
  regionCode: Type.String(),
  regionName: Type.String(),
  settingsRegion: Type.String(),
  items: Type.Array(LimitItem),
});
/** Every level × urgency in a region; `settingsRegion` is where a write from this view goes. */
export type LimitList = Static<typeof LimitList>;

export const SetLimitBody = Type.Object(
  { region: Type.Optional(RegionCode), ...Limit },
  { additionalProperties: false },
);
export type SetLimitBody = Static<typeof SetLimitBody>;

const RatingSettings = {
  ratingWaitDays: Type.Integer({ description: '反馈后等待群众评价的天数（自然日）' }),
  ratingTimeoutCountsAs: Outcome,
};
export const WorkflowSettings = Type.Object({
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
/**
 * The rating settings in force, where each comes from (a region, or null for the deployment's
 * default), what the settings region itself sets, and the attachment limit (per deployment).
 */
export type WorkflowSettings = Static<typeof WorkflowSettings>;

export const SetWorkflowBody = Type.Object(
  {
    region: Type.Optional(RegionCode),
    // Absent (not null) means "follow the level above": with type coercion on, a null
    // alternative would turn a mistaken 0 into a silent reset.
    ratingWaitDays: Type.Optional(Days('ratingWaitDays', '反馈后等待群众评价的天数（自然日）')),
    ratingTimeoutCountsAs: Type.Optional(Outcome),
  },
  { additionalProperties: false },
);
export type SetWorkflowBody = Static<typeof SetWorkflowBody>;
