import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams, Page } from '../../http/pagination.ts';
import { ListStationsQuery, StationDetail, StationItem } from './stations.schemas.ts';
import { getStation, listStations } from './stations.service.ts';

export const stationsRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/stations',
    {
      config: { permission: 'stations.read' },
      schema: {
        operationId: 'listStations',
        tags: ['stations'],
        summary: '联络站（点）列表',
        querystring: ListStationsQuery,
        response: { 200: Page(StationItem) },
      },
    },
    // `limit` has a default in the schema, which Ajv fills in.
    async (request) =>
      listStations(deps, actorOf(request), { ...request.query, limit: request.query.limit ?? 20 }),
  );

  app.get(
    '/stations/:id',
    {
      config: { permission: 'stations.read' },
      schema: {
        operationId: 'getStation',
        tags: ['stations'],
        summary: '联络站（点）详情',
        params: IdParams,
        response: { 200: StationDetail },
      },
    },
    async (request) => getStation(deps, actorOf(request), request.params.id),
  );
};
