import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams } from '../../http/pagination.ts';
import { MIME, readUpload } from '../../http/uploads.ts';
import { Imported, Ok, QrQuery, RegionQueryString, SetStationsBody } from './deputies.schemas.ts';
import * as s from './deputies.service.ts';

const xlsxReply = (reply: FastifyReply, name: string, buf: Buffer) =>
  reply
    .type(MIME.xlsx)
    .header(
      'content-disposition',
      `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .send(buf);

export const deputiesManageRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.put(
    '/deputies/:id/stations',
    {
      config: { permission: 'deputies.manage' },
      schema: {
        operationId: 'setDeputyStations',
        tags: ['deputies'],
        summary: '编组进站（联络站及在站角色）',
        params: IdParams,
        body: SetStationsBody,
        response: { 200: Ok },
      },
    },
    async (request) => s.setDeputyStations(deps, actorOf(request), request.params.id, request.body.stations),
  );

  app.get(
    '/deputies-import/template',
    {
      config: { permission: 'deputies.manage' },
      schema: { operationId: 'getRosterTemplate', tags: ['deputies'], summary: '代表名册导入模板（xlsx）' },
    },
    async (_request, reply) => xlsxReply(reply, '代表名册导入模板.xlsx', await s.rosterTemplate()),
  );

  app.post(
    '/deputies-import',
    {
      config: { permission: 'deputies.manage' },
      schema: {
        operationId: 'importRoster',
        tags: ['deputies'],
        summary: '导入代表名册（xlsx）：整份校验，全部导入或全部拒绝并列出逐行错误',
        consumes: ['multipart/form-data'],
        response: { 200: Imported },
      },
    },
    async (request) => {
      const up = await readUpload(request, ['xlsx']);
      return s.importRoster(deps, actorOf(request), up.bytes!);
    },
  );

  app.get(
    '/deputies-export',
    {
      config: { permission: 'deputies.read' },
      schema: {
        operationId: 'exportRoster',
        tags: ['deputies'],
        summary: '导出代表名册（xlsx）',
        querystring: RegionQueryString,
      },
    },
    async (request, reply) =>
      xlsxReply(reply, '代表名册.xlsx', await s.exportRoster(deps, actorOf(request), request.query.region)),
  );

  app.get(
    '/deputies/:id/qr',
    {
      config: { permission: 'deputies.read' },
      schema: {
        operationId: 'getDeputyQr',
        tags: ['deputies'],
        summary: '代表个人二维码（SVG 或 PNG），打开代表公开页',
        params: IdParams,
        querystring: QrQuery,
      },
    },
    async (request, reply) => {
      const origin = `${request.protocol}://${request.host}`;
      const qr = await s.deputyQr(deps, actorOf(request), request.params.id, origin, request.query.format);
      return reply.type(qr.type).send(qr.body);
    },
  );

  app.get(
    '/deputies/:id/card',
    {
      config: { permission: 'deputies.read' },
      schema: {
        operationId: 'getDeputyCard',
        tags: ['deputies'],
        summary: '代表联系卡（A6 可打印页面）',
        params: IdParams,
      },
    },
    async (request, reply) => {
      const origin = `${request.protocol}://${request.host}`;
      const html = await s.deputyCard(deps, actorOf(request), request.params.id, origin);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(html);
    },
  );
};
