import { type Static, Type } from '@sinclair/typebox';
import { RegionQuery } from '../../http/pagination.ts';
import { CaseItem } from '../cases/cases.schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
/** Rows a list returns when the caller names no limit (Ajv fills it in before the handler runs). */
export const DEFAULT_LIMIT = 100;
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: DEFAULT_LIMIT }));

export const SupervisionQuery = Type.Object(
  {
    month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })),
    region: RegionQuery,
    limit: Limit,
  },
  { additionalProperties: false },
);
export type SupervisionQuery = Static<typeof SupervisionQuery>;

export const SupervisionList = Type.Object({
  month: Type.String(),
  items: Type.Array(
    Type.Intersect([
      CaseItem,
      Type.Object({
        supervision: Type.String(),
        supervisedAt: Nullable(Type.String({ format: 'date-time' })),
        overdueAt: Nullable(Type.String({ format: 'date-time' })),
        escalatedTo: Nullable(Type.String()),
        /** The office's region name, for the list (the code alone means nothing to a reader). */
        escalatedToName: Nullable(Type.String()),
      }),
    ]),
  ),
});

export const CommitmentsQuery = Type.Object(
  {
    overdue: Type.Optional(Type.Boolean()),
    department: Type.Optional(Type.String({ format: 'uuid' })),
    region: RegionQuery,
    limit: Limit,
  },
  { additionalProperties: false },
);
export type CommitmentsQuery = Static<typeof CommitmentsQuery>;

export const CommitmentList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      caseId: Type.String(),
      caseNumber: Type.String(),
      title: Type.String(),
      departmentId: Nullable(Type.String()),
      departmentName: Nullable(Type.String()),
      measures: Type.String(),
      committedDate: Type.String(),
      status: Type.String(),
      overdue: Type.Boolean(),
      revisitedAt: Nullable(Type.String({ format: 'date-time' })),
    }),
  ),
});

export const IssueItem = Type.Object({
  id: Type.String(),
  regionCode: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  categoryKey: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  caseCount: Type.Integer(),
});

export const CommonIssuesQuery = Type.Object(
  { region: RegionQuery, limit: Limit },
  { additionalProperties: false },
);
export type CommonIssuesQuery = Static<typeof CommonIssuesQuery>;

export const CommonIssueList = Type.Object({ items: Type.Array(IssueItem) });

export const CreateCommonIssueBody = Type.Object(
  {
    regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    summary: Type.Optional(Type.String({ maxLength: 5000 })),
    categoryKey: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z_]+$' })),
    caseIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 200 })),
  },
  { additionalProperties: false },
);
export type CreateCommonIssueBody = Static<typeof CreateCommonIssueBody>;

export const CommonIssueDetail = Type.Intersect([IssueItem, Type.Object({ cases: Type.Array(CaseItem) })]);

export const BoardQuery = Type.Object({ region: RegionQuery, limit: Limit }, { additionalProperties: false });
export type BoardQuery = Static<typeof BoardQuery>;

export const BoardList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Type.String(),
      regionCode: Type.String(),
      title: Type.String(),
      status: Type.String(),
      stationName: Nullable(Type.String()),
      personName: Nullable(Type.String()),
      publicText: Type.String(),
      publishedAt: Type.String({ format: 'date-time' }),
    }),
  ),
});

export const SuggestDepartmentsQuery = Type.Object(
  {
    category: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z_]+$' })),
    region: RegionQuery,
  },
  { additionalProperties: false },
);
export type SuggestDepartmentsQuery = Static<typeof SuggestDepartmentsQuery>;

export const DepartmentSuggestions = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      regionCode: Type.String(),
      source: Type.String(),
    }),
  ),
});

export const NotificationsQuery = Type.Object(
  {
    status: Type.Optional(Type.Union(['pending', 'sent', 'failed'].map((s) => Type.Literal(s)))),
    caseId: Type.Optional(Type.String({ format: 'uuid' })),
    limit: Limit,
  },
  { additionalProperties: false },
);
export type NotificationsQuery = Static<typeof NotificationsQuery>;

export const NotificationList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      caseId: Nullable(Type.String()),
      channel: Type.String(),
      recipient: Type.String(),
      template: Type.String(),
      subject: Type.String(),
      body: Type.String(),
      status: Type.String(),
      attempts: Type.Integer(),
      lastError: Nullable(Type.String()),
      createdAt: Type.String({ format: 'date-time' }),
      sentAt: Nullable(Type.String({ format: 'date-time' })),
    }),
  ),
});
