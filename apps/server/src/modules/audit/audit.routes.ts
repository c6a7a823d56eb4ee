import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { presentAuditPage } from './audit.presenter.ts';
import { AuditPage, AuditQuery } from './audit.schemas.ts';
import { listAuditLog } from './audit.service.ts';

export const auditRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        operationId: 'listAuditLog',
        tags: ['audit'],
        summary: '安全审计日志（只读）',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => presentAuditPage(await listAuditLog(deps, request.query)),
  );
};
