import { isRegionCode, scopePrefix } from '@lianluo/domain';
import { Type } from '@sinclair/typebox';
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { narrowScope } from '../../core/scope.ts';
import { regions } from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';
import { actorOf } from '../../http/guard.ts';

const Region = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() });

export const regionsRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/regions',
    {
      config: { permission: 'regions.read' },
      schema: {
        operationId: 'listRegions',
        tags: ['regions'],
        summary: '下级区划（限本人数据范围）',
        querystring: Type.Object(
          { parent: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Region) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { parent } = request.query as { parent?: string };
      if (parent && !isRegionCode(parent)) throw new AppError('bad_region');
      const parentCode = parent ?? actor.regionCode;
      const prefix = await narrowScope(deps, actor, parentCode);
      const items = await deps.db
        .select({ code: regions.code, name: regions.name, level: regions.level })
        .from(regions)
        .where(and(eq(regions.parentCode, parentCode), scopeWhere(regions.code, prefix)))
        .orderBy(asc(regions.code));
      return { items };
    },
  );

  app.get(
    '/regions/:code',
    {
      config: { permission: 'regions.read' },
      schema: {
        operationId: 'getRegion',
        tags: ['regions'],
        summary: '区划详情',
        params: Type.Object({ code: Type.String({ pattern: '^[0-9]{12}$' }) }),
        response: { 200: Region },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { code } = request.params as { code: string };
      await narrowScope(deps, actor, code);
      const [row] = await deps.db
        .select({ code: regions.code, name: regions.name, level: regions.level })
        .from(regions)
        .where(eq(regions.code, code));
      if (!row || !scopePrefix(code).startsWith(actor.scope)) throw new AppError('not_found');
      return row;
    },
  );
};
