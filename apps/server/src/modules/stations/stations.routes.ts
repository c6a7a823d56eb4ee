import {
  DEPUTY_LEVEL_LABELS,
  type DeputyLevel,
  STATION_GRADE_LABELS,
  STATION_KIND_LABELS,
  STATION_KINDS,
  type StationGrade,
  type StationKind,
} from '@lianluo/domain';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { loadInScope, narrowScope } from '../../core/scope.ts';
import { actorOf } from '../../http/guard.ts';
import { decodeCursor, IdParams, Page, PageQuery, page, RegionQuery } from '../../http/pagination.ts';
import * as q from './stations.queries.ts';

const StationItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  address: Type.String(),
  grade: Type.String(),
  gradeLabel: Type.String(),
  deputyCount: Type.Integer(),
});

const StationDetail = Type.Intersect([
  StationItem,
  Type.Object({
    openingHours: Type.String(),
    latitude: Type.Union([Type.Number(), Type.Null()]),
    longitude: Type.Union([Type.Number(), Type.Null()]),
    deputies: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        level: Type.String(),
        levelLabel: Type.String(),
        role: Type.String(),
      }),
    ),
  }),
]);

type Row = Awaited<ReturnType<typeof q.listStations>>[number];
const present = (r: Row) => ({
  ...r,
  regionName: r.regionName ?? '',
  kindLabel: STATION_KIND_LABELS[r.kind as StationKind],
  gradeLabel: STATION_GRADE_LABELS[r.grade as StationGrade],
});

export const stationsRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/stations',
    {
      config: { permission: 'stations.read' },
      schema: {
        operationId: 'listStations',
        tags: ['stations'],
        summary: '联络站（点）列表',
        querystring: Type.Object(
          {
            region: RegionQuery,
            kind: Type.Optional(Type.Union(STATION_KINDS.map((k) => Type.Literal(k)))),
            q: Type.Optional(Type.String({ maxLength: 50 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(StationItem) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query as {
        region?: string;
        kind?: string;
        q?: string;
        cursor?: string;
        limit: number;
      };
      const scope = await narrowScope(deps, actor, query.region);
      const after = decodeCursor(query.cursor, ['string', 'string']) as [string, string] | null;
      const rows = await q.listStations(deps.db, {
        scope,
        kind: query.kind,
        q: query.q,
        after,
        limit: query.limit,
      });
      const p = page(rows, query.limit, (r) => [r.regionCode, r.id]);
      return { items: p.items.map(present), nextCursor: p.nextCursor };
    },
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
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params as { id: string };
      const row = await loadInScope(deps, actor, 'station', id, () => q.getStation(deps.db, id));
      const deputies = await q.listStationDeputies(deps.db, id);
      return {
        ...present(row),
        openingHours: row.openingHours,
        latitude: row.latitude,
        longitude: row.longitude,
        deputies: deputies.map((d) => ({ ...d, levelLabel: DEPUTY_LEVEL_LABELS[d.level as DeputyLevel] })),
      };
    },
  );
};
