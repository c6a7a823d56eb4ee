import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import type { Database } from '../../db/client.ts';
import { Health, Readiness } from './health.schemas.ts';
import { readiness } from './health.service.ts';

export const healthRoutes: FastifyPluginAsyncTypebox<{ deps: Deps; database: Database }> = async (
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
        response: { 200: Health },
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
        response: { 200: Readiness },
      },
    },
    async () => readiness(database),
  );
};
