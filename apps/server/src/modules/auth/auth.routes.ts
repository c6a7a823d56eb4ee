import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { actorOf, SESSION_COOKIE } from '../../http/guard.ts';
import { Problem } from '../../http/pagination.ts';
import { ChangePasswordBody, LoginBody, LoginResponse, Me, NoContent } from './auth.schemas.ts';
import { changePassword, login, logout, me } from './auth.service.ts';

export const authRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const cookieOptions = () => ({
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.settings.secureCookies,
  });

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        operationId: 'login',
        tags: ['auth'],
        summary: '工作人员登录',
        security: [],
        body: LoginBody,
        response: { 200: LoginResponse, 401: Problem },
      },
    },
    async (request, reply) => {
      const client = {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
        requestId: request.id,
      };
      const { token, user } = await login(deps, request.body, client);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions());
      return { user };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { permission: 'session.own' },
      schema: { operationId: 'logout', tags: ['auth'], summary: '退出登录', response: { 204: NoContent } },
    },
    async (request, reply) => {
      await logout(deps, request.cookies[SESSION_COOKIE] ?? '', actorOf(request));
      reply.clearCookie(SESSION_COOKIE, cookieOptions());
      // Returning nothing: Fastify then sends the empty 204 (the schema's null is no body to send).
      reply.code(204);
    },
  );

  app.get(
    '/me',
    {
      config: { permission: 'session.own' },
      schema: {
        operationId: 'getMe',
        tags: ['auth'],
        summary: '当前用户、角色与数据范围',
        response: { 200: Me },
      },
    },
    async (request) => me(deps, actorOf(request)),
  );

  app.post(
    '/me/password',
    {
      config: { permission: 'session.own' },
      schema: {
        operationId: 'changeMyPassword',
        tags: ['auth'],
        summary: '修改本人密码（须满足密码策略，其他会话随之失效）',
        body: ChangePasswordBody,
        response: { 204: NoContent, 400: Problem },
      },
    },
    async (request, reply) => {
      await changePassword(deps, actorOf(request), request.cookies[SESSION_COOKIE] ?? '', request.body);
      reply.code(204);
    },
  );
};
