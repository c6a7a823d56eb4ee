import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';

export const healthRoutes: FastifyPluginAsync<{ deps: Deps; database: Database }> = async (
  app,
  { database },
) => {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        operationId: 'getHealth',
        tags: ['health'],
        summary: '进程存活检查',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary: '数据库可用检查',
        response: { 200: Type.Object({ status: Type.Literal('ready'), database: Type.String() }) },
      },
    },
    async (_req, reply) => {
      try {
        await database.ping();
      } catch {
        reply.header('retry-after', '5');
        throw new AppError('unavailable', '数据库不可达');
      }
      return { status: 'ready' as const, database: database.kind };
    },
  );
};
