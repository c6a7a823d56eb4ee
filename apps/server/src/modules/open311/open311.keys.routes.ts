import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams } from '../../http/pagination.ts';
import { issueKey, listKeys, revokeKey } from './open311.keys.ts';
import { presentKey } from './open311.presenter.ts';
import { IssuedKey, IssueKeyBody, KeyItem, KeyListQuery, KeyPage } from './open311.schemas.ts';

/** Console routes for the Open311 API keys of the caller's region (issue once, list, revoke). */
export const open311KeysRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/open311/keys',
    {
      config: { permission: 'open311.manage' },
      schema: {
        operationId: 'listOpen311Keys',
        tags: ['open311'],
        summary: 'Open311 接口密钥列表（不含密钥本身）',
        querystring: KeyListQuery,
        response: { 200: KeyPage },
      },
    },
    async (request) => {
      const p = await listKeys(deps, actorOf(request), request.query);
      return { items: p.items.map(presentKey), nextCursor: p.nextCursor };
    },
  );

  app.post(
    '/open311/keys',
    {
      config: { permission: 'open311.manage' },
      schema: {
        operationId: 'issueOpen311Key',
        tags: ['open311'],
        summary: '签发 Open311 接口密钥；密钥只在此次返回中出现一次',
        body: IssueKeyBody,
        response: { 200: IssuedKey },
      },
    },
    async (request) => {
      const { key, secret } = await issueKey(deps, actorOf(request), request.body);
      return { key: presentKey(key), secret };
    },
  );

  app.post(
    '/open311/keys/:id/revoke',
    {
      config: { permission: 'open311.manage' },
      schema: {
        operationId: 'revokeOpen311Key',
        tags: ['open311'],
        summary: '吊销 Open311 接口密钥（立即失效，不可恢复）',
        params: IdParams,
        response: { 200: KeyItem },
      },
    },
    async (request) => presentKey(await revokeKey(deps, actorOf(request), request.params.id)),
  );
};
