import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { toActor } from '../../core/sessions.ts';
import { actorOf, SESSION_COOKIE } from '../../http/guard.ts';
import { Problem } from '../../http/pagination.ts';
import { changePassword, login, logout, presentMe } from './auth.service.ts';

export const Me = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  roleLabel: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  scope: Type.String(),
  permissions: Type.Array(Type.String()),
  stationId: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.String(), Type.Null()]),
  deputyId: Type.Union([Type.String(), Type.Null()]),
});

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const authRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
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
        response: { 200: Type.Object({ user: Me }), 401: Problem },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body as { username: string; password: string };
      const client = {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
        requestId: request.id,
      };
      const { token, user } = await login(deps, username, password, client);
      reply.setCookie(SESSION_COOKIE, token, cookieOptions());
      return { user: await presentMe(deps, toActor(user, client)) };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { permission: 'session.own' },
      schema: { operationId: 'logout', tags: ['auth'], summary: '退出登录', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await logout(deps, request.cookies[SESSION_COOKIE] ?? '', actorOf(request));
      reply.clearCookie(SESSION_COOKIE, cookieOptions());
      return reply.code(204).send();
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
    async (request) => presentMe(deps, actorOf(request)),
  );

  app.post(
    '/me/password',
    {
      config: { permission: 'session.own' },
      schema: {
        operationId: 'changeMyPassword',
        tags: ['auth'],
        summary: '修改本人密码（须满足密码策略，其他会话随之失效）',
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
            newPassword: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), 400: Problem },
      },
    },
    async (request, reply) => {
      const body = request.body as { currentPassword: string; newPassword: string };
      await changePassword(
        deps,
        actorOf(request),
        request.cookies[SESSION_COOKIE] ?? '',
        body.currentPassword,
        body.newPassword,
      );
      return reply.code(204).send();
    },
  );
};
