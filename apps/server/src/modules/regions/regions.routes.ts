import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { Region, RegionList, RegionParams, RegionsQuery } from './regions.schemas.ts';
import { getRegion, listRegions } from './regions.service.ts';

export const regionsRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/regions',
    {
      config: { permission: 'regions.read' },
      schema: {
        operationId: 'listRegions',
        tags: ['regions'],
        summary: '下级区划（限本人数据范围）',
        querystring: RegionsQuery,
        response: { 200: RegionList },
      },
    },
    async (request) => listRegions(deps, actorOf(request), request.query),
  );

  app.get(
    '/regions/:code',
    {
      config: { permission: 'regions.read' },
      schema: {
        operationId: 'getRegion',
        tags: ['regions'],
        summary: '区划详情',
        params: RegionParams,
        response: { 200: Region },
      },
    },
    async (request) => getRegion(deps, actorOf(request), request.params.code),
  );
};
