import { DEPUTY_LEVEL_LABELS, DEPUTY_LEVELS, type DeputyLevel } from '@lianluo/domain';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { loadInScope, narrowScope } from '../../core/scope.ts';
import { actorOf } from '../../http/guard.ts';
import { decodeCursor, IdParams, Page, PageQuery, page, RegionQuery, Uuid } from '../../http/pagination.ts';
import * as q from './deputies.queries.ts';

const DeputyItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  gender: Type.String(),
  level: Type.String(),
  levelLabel: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  constituency: Type.String(),
  occupation: Type.String(),
  leadingCadre: Type.Boolean(),
  stations: Type.Array(Type.String()),
});
const DeputyDetail = Type.Intersect([
  DeputyItem,
  Type.Object({
    bio: Type.String(),
    stationList: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() })),
  }),
]);

export const deputiesRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/deputies',
    {
      config: { permission: 'deputies.read' },
      schema: {
        operationId: 'listDeputies',
        tags: ['deputies'],
        summary: '代表列表',
        querystring: Type.Object(
          {
            region: RegionQuery,
            level: Type.Optional(Type.Union(DEPUTY_LEVELS.map((l) => Type.Literal(l)))),
            station: Type.Optional(Uuid),
            q: Type.Optional(Type.String({ maxLength: 50 })),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: { 200: Page(DeputyItem) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query as {
        region?: string;
        level?: string;
        station?: string;
        q?: string;
        cursor?: string;
        limit: number;
      };
      const scope = await narrowScope(deps, actor, query.region);
      const after = decodeCursor(query.cursor, ['string', 'string']) as [string, string] | null;
      const rows = await q.listDeputies(deps.db, {
        scope,
        level: query.level,
        q: query.q,
        stationId: query.station,
        after,
        limit: query.limit,
      });
      const p = page(rows, query.limit, (r) => [r.level, r.id]);
      const stations = await q.stationsOfDeputies(
        deps.db,
        p.items.map((r) => r.id),
      );
      return {
        items: p.items.map((r) => ({
          ...r,
          regionName: r.regionName ?? '',
          levelLabel: DEPUTY_LEVEL_LABELS[r.level as DeputyLevel],
          stations: (stations.get(r.id) ?? []).map((s) => s.name),
        })),
        nextCursor: p.nextCursor,
      };
    },
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
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params as { id: string };
      const row = await loadInScope(deps, actor, 'deputy', id, () => q.getDeputy(deps.db, id));
      const stationList = (await q.stationsOfDeputies(deps.db, [id])).get(id) ?? [];
      return {
        ...row,
        regionName: row.regionName ?? '',
        levelLabel: DEPUTY_LEVEL_LABELS[row.level as DeputyLevel],
        stations: stationList.map((s) => s.name),
        stationList,
      };
    },
  );
};
