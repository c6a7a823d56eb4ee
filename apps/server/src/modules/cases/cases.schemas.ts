// Every request and response schema of the case routes, and the types inferred from them: the
// service's inputs are these types, so a field the schema refuses never reaches it.
import {
  CASE_CHANNELS,
  CASE_LEVELS,
  CASE_STATUSES,
  CASE_URGENCIES,
  REPLY_KINDS,
  SATISFACTIONS,
  WORK_QUEUES,
} from '@lianluo/domain';
import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';
import { IsoDate, PageQuery, RegionQuery } from '../../http/pagination.ts';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const obj = <T extends TProperties>(p: T): TObject<T> => Type.Object(p, { additionalProperties: false });
const Note = Type.Optional(Type.String({ maxLength: 2000 }));
const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

// ── Requests ─────────────────────────────────────────────────────────────────────────────────

const Reply = obj({
  kind: Type.Union(REPLY_KINDS.map((k) => Type.Literal(k))),
  content: Text(5000),
  measures: Type.Optional(Type.String({ maxLength: 5000 })),
  committedDate: Type.Optional(IsoDate),
  reasons: Type.Optional(Type.String({ maxLength: 5000 })),
  policyBasis: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const TriageBody = obj({
  categoryKey: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z_]+$' })),
  level: Type.Optional(Type.Union(CASE_LEVELS.map((l) => Type.Literal(l)))),
  urgency: Type.Optional(Type.Union(CASE_URGENCIES.map((l) => Type.Literal(l)))),
  note: Note,
});
export type TriageBody = Static<typeof TriageBody>;

/** answer-on-site, handle-locally and reply: the answer to the person. */
export const AnswerBody = obj({ reply: Reply, note: Note });
export type AnswerBody = Static<typeof AnswerBody>;

export const ReferBody = obj({
  leadDepartmentId: Uuid,
  coDepartmentIds: Type.Optional(Type.Array(Uuid, { maxItems: 10 })),
  note: Note,
});
export type ReferBody = Static<typeof ReferBody>;

export const AcceptBody = obj({ note: Note });
export type AcceptBody = Static<typeof AcceptBody>;

export const ReturnBody = obj({ reason: Type.String({ maxLength: 2000 }), note: Note });
export type ReturnBody = Static<typeof ReturnBody>;

const Feedback = obj({
  channel: Type.Union(
    ['phone', 'visit', 'sms', 'wechat', 'letter', 'board', 'in_person'].map((c) => Type.Literal(c)),
  ),
  content: Text(5000),
});

export const FeedbackBody = obj({ feedback: Feedback, note: Note });
export type FeedbackBody = Static<typeof FeedbackBody>;

export const RateBody = obj({
  satisfaction: Type.Union(SATISFACTIONS.map((s) => Type.Literal(s))),
  note: Note,
});
export type RateBody = Static<typeof RateBody>;

export const ReopenBody = obj({ reason: Text(2000), note: Note });
export type ReopenBody = Static<typeof ReopenBody>;

const Revisit = obj({ content: Text(5000), resolved: Type.Boolean() });

export const RevisitBody = obj({ revisit: Revisit, note: Note });
export type RevisitBody = Static<typeof RevisitBody>;

export const CloseBody = obj({
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
  ratingTimedOut: Type.Optional(Type.Boolean()),
  note: Note,
});
export type CloseBody = Static<typeof CloseBody>;

export const WithdrawBody = obj({ reason: Text(2000), note: Note });
export type WithdrawBody = Static<typeof WithdrawBody>;

export const SuperviseBody = obj({
  kind: Type.Union([Type.Literal('ordinary'), Type.Literal('key')]),
  note: Note,
});
export type SuperviseBody = Static<typeof SuperviseBody>;

export const LinkBody = obj({ commonIssueId: Uuid });
export type LinkBody = Static<typeof LinkBody>;

export const PublishBody = obj({ text: Text(2000) });
export type PublishBody = Static<typeof PublishBody>;

export const IDEMPOTENCY_HEADER = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ maxLength: 128 })),
});

const IntakeSuggestion = Type.Object(
  {
    modelVersion: Type.String({ minLength: 1, maxLength: 100 }),
    categoryKey: Type.String({ maxLength: 40, pattern: '^[a-z_]+$' }),
    score: Type.Number({ minimum: 0, maximum: 1 }),
  },
  {
    additionalProperties: false,
    description: '登记表单上显示的分类建议（suggestCategory 的首选）：记录采纳或改选，计入采纳率',
  },
);

export const CreateCase = obj({
  regionCode: Type.String({ pattern: '^[0-9]{12}$' }),
  stationId: Type.Optional(Uuid),
  receptionId: Type.Optional(Uuid),
  channel: Type.Union(CASE_CHANNELS.map((c) => Type.Literal(c))),
  categoryKey: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z_]+$' })),
  title: Text(200),
  content: Text(10000),
  urgency: Type.Optional(Type.Union(CASE_URGENCIES.map((l) => Type.Literal(l)))),
  level: Type.Optional(Type.Union(CASE_LEVELS.map((l) => Type.Literal(l)))),
  personName: Type.Optional(Type.String({ maxLength: 50 })),
  personPhone: Type.Optional(Type.String({ maxLength: 30 })),
  personIdNumber: Type.Optional(Type.String({ maxLength: 18 })),
  address: Type.Optional(Type.String({ maxLength: 300 })),
  latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  anonymous: Type.Optional(Type.Boolean()),
  consentPublish: Type.Optional(Type.Boolean()),
  deputyIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
  suggestion: Type.Optional(IntakeSuggestion),
});
export type CreateCase = Static<typeof CreateCase>;

export const ListCasesQuery = Type.Object(
  {
    region: RegionQuery,
    status: Type.Optional(
      Type.Union(
        [...CASE_STATUSES, 'open'].map((s) => Type.Literal(s)),
        { description: '状态；open = 未销号、未撤回的全部在办意见' },
      ),
    ),
    category: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z_]+$' })),
    q: Type.Optional(Type.String({ maxLength: 50 })),
    overdue: Type.Optional(Type.Boolean()),
    queue: Type.Optional(
      Type.Union(
        WORK_QUEUES.map((k) => Type.Literal(k)),
        {
          description: '工作队列（与 listQueues 的计数一致）：待梳理、待签收、待答复、待反馈、超期、待回访',
        },
      ),
    ),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type ListCasesQuery = Static<typeof ListCasesQuery>;

export const QueuesQuery = Type.Object({ region: RegionQuery }, { additionalProperties: false });
export type QueuesQuery = Static<typeof QueuesQuery>;

export const RevealQuery = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type RevealQuery = Static<typeof RevealQuery>;

// ── Responses ────────────────────────────────────────────────────────────────────────────────

export const CaseItem = Type.Object({
  id: Type.String(),
  number: Type.String(),
  regionCode: Type.String(),
  title: Type.String(),
  category: Nullable(Type.String()),
  categoryName: Nullable(Type.String()),
  status: Type.String(),
  statusLabel: Type.String(),
  channel: Type.String(),
  channelLabel: Type.String(),
  stationName: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  registeredAt: DateTime,
  replyDueAt: Nullable(DateTime),
  closedAt: Nullable(DateTime),
  overdue: Type.Boolean(),
});
export type CaseItem = Static<typeof CaseItem>;

export const CaseEvent = Type.Object({
  seq: Type.Integer(),
  at: DateTime,
  action: Type.String(),
  actionLabel: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  actorName: Nullable(Type.String()),
  note: Nullable(Type.String()),
});
export type CaseEvent = Static<typeof CaseEvent>;

/** The latest answer to the person: a department's reply, or one given on site / locally. */
export const CaseReply = Type.Object({
  action: Type.String({ description: 'reply | answer_on_site | handle_locally' }),
  kind: Type.String({ description: 'resolved | will_resolve | cannot_resolve | explained' }),
  kindLabel: Type.String(),
  content: Type.String(),
  measures: Nullable(Type.String()),
  committedDate: Nullable(Type.String()),
  reasons: Nullable(Type.String()),
  policyBasis: Nullable(Type.String()),
  at: DateTime,
  actorName: Nullable(Type.String()),
  departmentId: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
});
export type CaseReply = Static<typeof CaseReply>;

export const CaseDetail = Type.Intersect([
  CaseItem,
  Type.Object({
    content: Type.String(),
    urgency: Type.String(),
    level: Type.String(),
    personName: Nullable(Type.String()),
    personPhone: Nullable(Type.String()),
    personIdNumber: Nullable(Type.String()),
    address: Nullable(Type.String()),
    latitude: Nullable(Type.Number()),
    longitude: Nullable(Type.Number()),
    anonymous: Type.Boolean(),
    consentPublish: Type.Boolean(),
    acceptDueAt: Nullable(DateTime),
    /** The deadlines count a year whose holiday notice is not entered yet (暂定), see deadlines.ts. */
    deadlineProvisional: Type.Boolean(),
    reopenCount: Type.Integer(),
    stationId: Nullable(Type.String()),
    receptionId: Nullable(Type.String()),
    leadDepartmentId: Nullable(Type.String()),
    departments: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() })),
    deputies: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
    commonIssueId: Nullable(Type.String()),
    supervision: Type.String(),
    overdueAt: Nullable(DateTime),
    escalatedTo: Nullable(Type.String()),
    ratingDueAt: Nullable(DateTime),
    lastSatisfaction: Nullable(Type.String()),
    commitmentDate: Nullable(Type.String()),
    commitmentDue: Type.Boolean(),
    publicText: Nullable(Type.String()),
    publishedAt: Nullable(DateTime),
    attachmentCount: Type.Integer(),
    allowedActions: Type.Array(Type.String()),
    reply: Nullable(CaseReply),
    events: Type.Array(CaseEvent),
  }),
]);
export type CaseDetail = Static<typeof CaseDetail>;

export const Reporter = Type.Object({
  name: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  idNumber: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
});
export type Reporter = Static<typeof Reporter>;

export const AttachmentItem = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  fileName: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type AttachmentItem = Static<typeof AttachmentItem>;

export const Queues = Type.Object({
  to_triage: Type.Integer(),
  to_accept: Type.Integer(),
  to_reply: Type.Integer(),
  to_feed_back: Type.Integer(),
  overdue: Type.Integer(),
  to_revisit: Type.Integer(),
});
export type Queues = Static<typeof Queues>;
