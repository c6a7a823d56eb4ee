import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../context.ts';
import { actorOf } from '../../http/guard.ts';
import { PageQuery, Problem } from '../../http/pagination.ts';
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

/** The signed-in user's own in-app messages (站内信): new referrals, warnings, supervision … */
export const inboxRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
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
};
