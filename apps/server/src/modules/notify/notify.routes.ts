import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams, Problem } from '../../http/pagination.ts';
import { getContact, setContact } from './contact.service.ts';
import { listInbox, markAllRead, markRead } from './inbox.service.ts';
import {
  ContactBody,
  ContactSchema,
  InboxPage,
  InboxQuery,
  MarkedAll,
  NotificationParams,
  Unread,
} from './notify.schemas.ts';

/**
 * The signed-in user's own in-app messages (站内信: new referrals, warnings, supervision …) and
 * where else they want notices (e-mail, WeChat).
 */
export const notifyRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/me/notifications',
    {
      config: { permission: 'session.own' },
      schema: {
        operationId: 'listMyNotifications',
        tags: ['auth'],
        summary: '我的站内消息（最新在前）及未读条数',
        querystring: InboxQuery,
        response: { 200: InboxPage },
      },
    },
    async (request) =>
      listInbox(deps, actorOf(request), { ...request.query, limit: request.query.limit ?? 20 }),
  );

  app.post(
    '/me/notifications/:id/read',
    {
      config: { permission: 'session.own' },
      schema: {
        operationId: 'markNotificationRead',
        tags: ['auth'],
        summary: '将一条站内消息标为已读',
        params: NotificationParams,
        response: { 200: Unread, 404: Problem },
      },
    },
    async (request) => markRead(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/me/notifications/read-all',
    {
      config: { permission: 'session.own' },
      schema: {
        operationId: 'markAllNotificationsRead',
        tags: ['auth'],
        summary: '将全部站内消息标为已读',
        response: { 200: MarkedAll },
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
      return setContact(deps, actor, actor.id, request.body);
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
    async (request) => setContact(deps, actorOf(request), request.params.id, request.body),
  );
};
