import { type Static, Type } from '@sinclair/typebox';
import { Page, PageQuery } from '../../http/pagination.ts';

/** PageQuery's default page size (http/pagination.ts): Ajv fills it in before the handler runs. */
export const PAGE_LIMIT = 20;

const AuditItem = Type.Object({
  id: Type.Integer(),
  ts: Type.String({ format: 'date-time' }),
  actorName: Type.Union([Type.String(), Type.Null()]),
  actorRole: Type.Union([Type.String(), Type.Null()]),
  event: Type.String(),
  objectType: Type.Union([Type.String(), Type.Null()]),
  objectId: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
});

export const AuditQuery = Type.Object(
  { event: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z_]+$' })), ...PageQuery },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditPage = Page(AuditItem);
