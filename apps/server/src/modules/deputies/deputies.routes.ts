import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams, Page } from '../../http/pagination.ts';
import { DeputyDetail, DeputyItem, ListDeputiesQuery } from './deputies.schemas.ts';
import { getDeputy, listDeputies } from './deputies.service.ts';

export const deputiesRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/deputies',
    {
      config: { permission: 'deputies.read' },
      schema: {
        operationId: 'listDeputies',
        tags: ['deputies'],
        summary: '代表列表',
        querystring: ListDeputiesQuery,
        response: { 200: Page(DeputyItem) },
      },
    },
    // `limit` has a default in the schema, which Ajv fills in.
    async (request) =>
      listDeputies(deps, actorOf(request), { ...request.query, limit: request.query.limit ?? 20 }),
  );

  app.get(
    '/deputies/:id',
    {
      config: { permission: 'deputies.read' },
      schema: {
        operationId: 'getDeputy',
        tags: ['deputies'],
        summary: '代表详情',
        params: IdParams,
        response: { 200: DeputyDetail },
      },
    },
    async (request) => getDeputy(deps, actorOf(request), request.params.id),
  );
};
