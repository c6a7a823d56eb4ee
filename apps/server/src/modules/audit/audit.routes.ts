import { Type } from '@sinclair/typebox';
import { and, desc, eq, lt } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { auditLog } from '../../db/schema/index.ts';
import { decodeCursor, Page, PageQuery, page } from '../../http/pagination.ts';

const AuditItem = Type.Object({
  id: Type.Integer(),
  ts: Type.String({ format: 'date-time' }),
  actorName: Type.Union([Type.String(), Type.Null()]),
  actorRole: Type.Union([Type.String(), Type.Null()]),
  event: Type.String(),
  objectType: Type.Union([Type.String(), Type.Null()]),
  objectId: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
});

export const auditRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        operationId: 'listAuditLog',
        tags: ['audit'],
        summary: '安全审计日志（只读）',
        querystring: Type.Object(
          { event: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z_]+$' })), ...PageQuery },
          { additionalProperties: false },
        ),
        response: { 200: Page(AuditItem) },
      },
    },
    async (request) => {
      const query = request.query as { event?: string; cursor?: string; limit: number };
      const after = decodeCursor(query.cursor, ['number']);
      const rows = await deps.db
        .select({
          id: auditLog.id,
          ts: auditLog.ts,
          actorName: auditLog.actorName,
          actorRole: auditLog.actorRole,
          event: auditLog.event,
          objectType: auditLog.objectType,
          objectId: auditLog.objectId,
          outcome: auditLog.outcome,
          ip: auditLog.ip,
        })
        .from(auditLog)
        .where(
          and(
            query.event ? eq(auditLog.event, query.event) : undefined,
            after ? lt(auditLog.id, after[0] as number) : undefined,
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(query.limit + 1);
      const p = page(rows, query.limit, (r) => [r.id]);
      return { items: p.items.map((r) => ({ ...r, ts: r.ts.toISOString() })), nextCursor: p.nextCursor };
    },
  );
};
