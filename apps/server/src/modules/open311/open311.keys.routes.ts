import { Type } from '@sinclair/typebox';
import { inArray } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { regions } from '../../db/schema/index.ts';
import { actorOf } from '../../http/guard.ts';
import { decodeCursor, IdParams, Page, PageQuery, page } from '../../http/pagination.ts';
import { issueKey, type KeyRow, listKeys, revokeKey } from './open311.keys.ts';

const KeyItem = Type.Object({
  id: Type.String(),
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  keyPrefix: Type.String({ description: '密钥开头几位，便于辨认；不能用来调用' }),
  createdAt: Type.String({ format: 'date-time' }),
  createdByName: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function present(deps: Deps, rows: (KeyRow & { createdByName?: string | null })[]) {
  const codes = [...new Set(rows.map((r) => r.regionCode))];
  const names = new Map(
    codes.length === 0
      ? []
      : (
          await deps.db
            .select({ code: regions.code, name: regions.name })
            .from(regions)
            .where(inArray(regions.code, codes))
        ).map((r) => [r.code, r.name]),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    regionCode: r.regionCode,
    regionName: names.get(r.regionCode) ?? r.regionCode,
    keyPrefix: r.keyPrefix,
    createdAt: r.createdAt.toISOString(),
    createdByName: r.createdByName ?? null,
    revokedAt: iso(r.revokedAt),
    lastUsedAt: iso(r.lastUsedAt),
  }));
}

/** Console routes for the Open311 API keys of the caller's region (issue once, list, revoke). */
export const open311KeysRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/open311/keys',
    {
      config: { permission: 'open311.manage' },
      schema: {
        operationId: 'listOpen311Keys',
        tags: ['open311'],
        summary: 'Open311 接口密钥列表（不含密钥本身）',
        // No ?region= narrowing: keys are few, and the list is the caller's whole scope.
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: { 200: Page(KeyItem) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query as { cursor?: string; limit: number };
      const after = decodeCursor(query.cursor, ['string', 'string']) as [string, string] | null;
      if (after && Number.isNaN(Date.parse(after[0]))) throw new AppError('bad_cursor');
      const rows = await listKeys(deps.db, actor.scope, after, query.limit);
      const p = page(rows, query.limit, (r) => [r.createdAt.toISOString(), r.id]);
      return { items: await present(deps, p.items), nextCursor: p.nextCursor };
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
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 60, description: '使用方，如“市12345热线”' }),
            regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}$', description: '密钥所属辖区' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ key: KeyItem, secret: Type.String() }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { row, key } = await issueKey(deps, actor, request.body as { name: string; regionCode?: string });
      const [item] = await present(deps, [{ ...row, createdByName: actor.displayName }]);
      return { key: item!, secret: key };
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
    async (request) => {
      const actor = actorOf(request);
      const row = await revokeKey(deps, actor, (request.params as { id: string }).id);
      const [item] = await present(deps, [row]);
      return item!;
    },
  );
};
