import { STAFF_CHANNELS } from '@lianluo/domain';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams, PageQuery, Problem } from '../../http/pagination.ts';
import { type Contact, getContact, setContact } from './contact.service.ts';
import { listInbox, markAllRead, markRead } from './inbox.service.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const InboxItem = Type.Object({
  id: Type.Integer(),
  caseId: Nullable(Type.String()),
  caseNumber: Nullable(Type.String()),
  template: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Nullable(Type.String({ format: 'date-time' })),
});

const ContactSchema = Type.Object({
  email: Nullable(Type.String({ maxLength: 254, description: '工作邮箱' })),
  wechatOpenid: Nullable(Type.String({ maxLength: 64, description: '本平台公众号下的 openid' })),
  notifyChannels: Type.Array(Type.Union(STAFF_CHANNELS.map((c) => Type.Literal(c))), {
    maxItems: 2,
    uniqueItems: true,
    description: '除站内消息外希望接收通知的方式',
  }),
});
const ContactBody = Type.Object(
  {
    email: Type.Union([Type.String({ maxLength: 254 }), Type.Null()]),
    wechatOpenid: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    notifyChannels: ContactSchema.properties.notifyChannels,
  },
  { additionalProperties: false },
);

/**
 * The signed-in user's own in-app messages (站内信: new referrals, warnings, supervision …) and
 * where else they want notices (e-mail, WeChat).
 */
export const notifyRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/me/notifications',
    {
      config: { permission: 'session.own' },
      schema: {
        operationId: 'listMyNotifications',
        tags: ['auth'],
        summary: '我的站内消息（最新在前）及未读条数',
        querystring: Type.Object(
          { unread: Type.Optional(Type.Boolean({ description: '只看未读' })), ...PageQuery },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(InboxItem),
            nextCursor: Nullable(Type.String()),
            unread: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const q = request.query as { unread?: boolean; cursor?: string; limit?: number };
      return listInbox(deps, actorOf(request), { ...q, limit: q.limit ?? 20 });
    },
  );

  app.post(
    '/me/notifications/:id/read',
    {
      config: { permission: 'session.own' },
      schema: {
        operationId: 'markNotificationRead',
        tags: ['auth'],
        summary: '将一条站内消息标为已读',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ unread: Type.Integer() }), 404: Problem },
      },
    },
    async (request) => markRead(deps, actorOf(request), (request.params as { id: number }).id),
  );

  app.post(
    '/me/notifications/read-all',
    {
      config: { permission: 'session.own' },
      schema: {
        operationId: 'markAllNotificationsRead',
        tags: ['auth'],
        summary: '将全部站内消息标为已读',
        response: { 200: Type.Object({ marked: Type.Integer(), unread: Type.Integer() }) },
      },
    },
    async (request) => markAllRead(deps, actorOf(request)),
  );

  app.get(
    '/me/contact',
    {
      config: { permission: 'session.own' },
      schema: {
        operationId: 'getMyContact',
        tags: ['auth'],
        summary: '我的通知方式：工作邮箱、微信 openid 及接收渠道',
        response: { 200: ContactSchema },
      },
    },
    async (request) => getContact(deps, actorOf(request).id),
  );

  app.put(
    '/me/contact',
    {
      config: { permission: 'session.own' },
      schema: {
        operationId: 'setMyContact',
        tags: ['auth'],
        summary: '设置我的通知方式（交办、预警、督办等通知除站内消息外另发邮件、微信模板消息）',
        body: ContactBody,
        response: { 200: ContactSchema, 400: Problem },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return setContact(deps, actor, actor.id, request.body as Contact);
    },
  );

  app.put(
    '/users/:id/contact',
    {
      config: { permission: 'users.manage' },
      schema: {
        operationId: 'setUserContact',
        tags: ['admin'],
        summary: '管理员为本辖区账户设置通知方式（如承办单位经办人的邮箱、微信 openid）',
        params: IdParams,
        body: ContactBody,
        response: { 200: ContactSchema, 400: Problem, 404: Problem },
      },
    },
    async (request) =>
      setContact(deps, actorOf(request), (request.params as { id: string }).id, request.body as Contact),
  );
};
