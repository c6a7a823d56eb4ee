import { REPLY_KINDS } from '@lianluo/domain';
import { type Static, Type } from '@sinclair/typebox';
import { RegionQuery, Uuid } from '../../http/pagination.ts';

const Text = Type.String({ minLength: 1, maxLength: 20_000 });
const Region = Type.Optional(Type.String({ pattern: '^[0-9]{12}$' }));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Suggestion = Type.Object({
  ok: Type.Boolean(),
  reason: Type.Optional(Type.String()),
  modelVersion: Type.Optional(Type.String()),
  suggestions: Type.Optional(
    Type.Array(Type.Object({ category: Type.String(), name: Type.String(), score: Type.Number() })),
  ),
  department: Type.Optional(Nullable(Type.Object({ id: Type.String(), name: Type.String() }))),
});

export const SuggestCategoryBody = Type.Object(
  { text: Text, regionCode: Region, caseId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export type SuggestCategoryBody = Static<typeof SuggestCategoryBody>;

const SimilarHit = Type.Object({
  id: Type.String(),
  number: Type.String(),
  title: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  stationName: Nullable(Type.String()),
  regionCode: Type.String(),
  registeredAt: Type.String(),
  score: Type.Number(),
  sharedTerms: Type.Array(Type.String()),
  places: Type.Array(Type.String()),
  sameTown: Type.Boolean(),
  duplicate: Nullable(Type.String()),
  samePerson: Type.Boolean({ description: '同一人（同一手机号）反映的在办意见' }),
  commonIssue: Nullable(Type.Object({ id: Type.String(), title: Type.String(), caseCount: Type.Integer() })),
  linkable: Type.Boolean({ description: '尚未交办，可并入共性问题' }),
});

const SimilarIssue = Type.Object({
  id: Type.String(),
  title: Type.String(),
  caseCount: Type.Integer(),
  score: Type.Number(),
  sharedTerms: Type.Array(Type.String()),
});

export const SimilarCasesBody = Type.Object(
  {
    text: Text,
    regionCode: Region,
    excludeId: Type.Optional(Uuid),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    personPhone: Type.Optional(
      Type.String({
        maxLength: 20,
        description: '登记中的反映人手机号：用于提示同一人的在办意见（只比对其盲索引，不存储、不返回）',
      }),
    ),
  },
  { additionalProperties: false },
);
export type SimilarCasesBody = Static<typeof SimilarCasesBody>;

export const SimilarCases = Type.Object({ items: Type.Array(SimilarHit), issues: Type.Array(SimilarIssue) });

const Hotspot = Type.Object({
  label: Type.String(),
  keyTerms: Type.Array(Type.String()),
  representative: Nullable(Type.Object({ id: Type.String(), title: Type.String() })),
  count: Type.Integer(),
  growth: Type.Number(),
  places: Type.Array(Type.String()),
  likes: Type.Number(),
  heat: Type.Number(),
  warning: Type.Boolean(),
  historyMean: Type.Number(),
  caseIds: Type.Array(Type.String()),
  daily: Type.Array(Type.Object({ date: Type.String(), count: Type.Integer() })),
});

export const HotspotsQuery = Type.Object(
  {
    region: RegionQuery,
    from: Type.Optional(Type.String({ format: 'date' })),
    to: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false },
);
export type HotspotsQuery = Static<typeof HotspotsQuery>;

export const Hotspots = Type.Object({
  from: Type.String(),
  to: Type.String(),
  asOf: Type.String({ format: 'date-time', description: '统计时间（热点由汇总任务定期计算）' }),
  heatFormula: Type.String(),
  items: Type.Array(Hotspot),
});

const ReplyKind = Type.Union(REPLY_KINDS.map((k) => Type.Literal(k)));

export const AssessReplyBody = Type.Object(
  {
    caseId: Uuid,
    reply: Type.Object(
      {
        kind: Type.Optional(ReplyKind),
        text: Text,
        committedDate: Type.Optional(Type.String({ format: 'date' })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type AssessReplyBody = Static<typeof AssessReplyBody>;

export const ReplyAssessment = Type.Object({
  flags: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
  relevance: Type.Number(),
  daysTaken: Type.Optional(Type.Number()),
});

export const SearchQuery = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 50 }), region: RegionQuery },
  { additionalProperties: false },
);
export type SearchQuery = Static<typeof SearchQuery>;

export const SearchResults = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Type.String(),
      title: Type.String(),
      status: Type.String(),
      statusLabel: Type.String(),
      regionCode: Type.String(),
      registeredAt: Type.String(),
      rank: Type.Number(),
    }),
  ),
});

export const TextModelList = Type.Object({
  items: Type.Array(
    Type.Object({
      version: Type.String(),
      trainedAt: Type.String(),
      samples: Type.Integer(),
      trigger: Type.String(),
      active: Type.Boolean(),
      suggested: Type.Integer(),
      decided: Type.Integer(),
      accepted: Type.Integer(),
      acceptanceRate: Nullable(Type.Number()),
    }),
  ),
});

export const TrainedModel = Type.Object({ version: Type.String(), samples: Type.Integer() });
