import { STAFF_CHANNELS } from '@lianluo/domain';
import { type Static, Type } from '@sinclair/typebox';
import { literalUnion, PageQuery } from '../../http/pagination.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const InboxItem = Type.Object({
  id: Type.Integer(),
  caseId: Nullable(Type.String()),
  caseNumber: Nullable(Type.String()),
  template: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Nullable(Type.String({ format: 'date-time' })),
});
export type InboxItem = Static<typeof InboxItem>;

export const InboxQuery = Type.Object(
  { unread: Type.Optional(Type.Boolean({ description: '只看未读' })), ...PageQuery },
  { additionalProperties: false },
);
export type InboxQuery = Static<typeof InboxQuery>;

export const InboxPage = Type.Object({
  items: Type.Array(InboxItem),
  nextCursor: Nullable(Type.String()),
  unread: Type.Integer(),
});
export type InboxPage = Static<typeof InboxPage>;

export const NotificationParams = Type.Object(
  // The column is a bigint read as a JS number: beyond 2^53 it is neither stored nor comparable.
  { id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) },
  { additionalProperties: false },
);
export const Unread = Type.Object({ unread: Type.Integer() });
export type Unread = Static<typeof Unread>;
export const MarkedAll = Type.Object({ marked: Type.Integer(), unread: Type.Integer() });
export type MarkedAll = Static<typeof MarkedAll>;

/** Where a staff member gets notices besides the in-app inbox. */
export const ContactSchema = Type.Object({
  email: Nullable(Type.String({ maxLength: 254, description: '工作邮箱' })),
  wechatOpenid: Nullable(Type.String({ maxLength: 64, description: '本平台公众号下的 openid' })),
  notifyChannels: Type.Array(literalUnion(STAFF_CHANNELS), {
    maxItems: 2,
    uniqueItems: true,
    description: '除站内消息外希望接收通知的方式',
  }),
});
export type Contact = Static<typeof ContactSchema>;

export const ContactBody = Type.Object(
  {
    email: Type.Union([Type.String({ maxLength: 254 }), Type.Null()]),
    wechatOpenid: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    notifyChannels: ContactSchema.properties.notifyChannels,
  },
  { additionalProperties: false },
);
export type ContactBody = Static<typeof ContactBody>;
