import { DEPUTY_LEVELS } from '@lianluo/domain';
import { Type } from '@sinclair/typebox';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import QRCode from 'qrcode';
import { auditActor, recordAudit } from '../../core/audit.queries.ts';
import type { Deps } from '../../core/context.ts';
import { loadInScope, narrowScope } from '../../core/scope.ts';
import { deputies } from '../../db/schema/index.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams, RegionQuery, Uuid } from '../../http/pagination.ts';
import { MIME, readUpload } from '../../http/uploads.ts';
import { esc } from '../public/layout.ts';
import * as s from './deputies.service.ts';

const xlsxReply = (reply: import('fastify').FastifyReply, name: string, buf: Buffer) =>
  reply
    .type(MIME.xlsx)
    .header(
      'content-disposition',
      `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .send(buf);

/** The deputy's public page, opened by the personal QR code. */
export const publicDeputyPath = (id: string) => `/p/deputies/${id}`;

export const deputiesManageRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.put(
    '/deputies/:id/stations',
    {
      config: { permission: 'deputies.manage' },
      schema: {
        operationId: 'setDeputyStations',
        tags: ['deputies'],
        summary: '编组进站（联络站及在站角色）',
        params: IdParams,
        body: Type.Object(
          {
            stations: Type.Array(
              Type.Object(
                { stationId: Uuid, role: Type.Union([Type.Literal('member'), Type.Literal('leader')]) },
                { additionalProperties: false },
              ),
              { maxItems: 10 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ ok: Type.Boolean() }) },
      },
    },
    async (request) =>
      s.setDeputyStations(
        deps,
        actorOf(request),
        (request.params as { id: string }).id,
        (request.body as { stations: { stationId: string; role: string }[] }).stations,
      ),
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
        response: { 200: Type.Object({ imported: Type.Integer() }) },
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
        querystring: Type.Object({ region: RegionQuery }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const scope = await narrowScope(deps, actor, (request.query as { region?: string }).region);
      await recordAudit(deps.db, {
        at: deps.now(),
        event: 'export',
        outcome: 'success',
        actor: auditActor(actor),
        objectType: 'deputies',
        objectId: scope,
        ip: actor.ip,
        requestId: actor.requestId,
      });
      return xlsxReply(reply, '代表名册.xlsx', await s.exportRoster(deps, scope));
    },
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
        querystring: Type.Object(
          { format: Type.Optional(Type.Union([Type.Literal('svg'), Type.Literal('png')])) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { id } = request.params as { id: string };
      await loadInScope(deps, actor, 'deputy', id, () =>
        deps.db.query.deputies.findFirst({ where: eq(deputies.id, id) }),
      );
      const url = `${request.protocol}://${request.host}${publicDeputyPath(id)}`;
      if ((request.query as { format?: string }).format === 'png') {
        return reply
          .type('image/png')
          .send(await QRCode.toBuffer(url, { type: 'png', margin: 1, width: 600 }));
      }
      return reply.type('image/svg+xml').send(await QRCode.toString(url, { type: 'svg', margin: 1 }));
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
      const actor = actorOf(request);
      const { id } = request.params as { id: string };
      const d = await loadInScope(deps, actor, 'deputy', id, () =>
        deps.db.query.deputies.findFirst({ where: eq(deputies.id, id) }),
      );
      const url = `${request.protocol}://${request.host}${publicDeputyPath(id)}`;
      const svg = await QRCode.toString(url, { type: 'svg', margin: 1 });
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(
          `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${esc(d.name)}</title><style>@page{size:A6;margin:8mm}body{font-family:sans-serif;text-align:center}svg{width:60mm;height:60mm}</style><h2>${esc(d.name)}</h2><p>${esc(d.constituency)}</p>${svg}<p>扫码联系您的人大代表</p></html>`,
        );
    },
  );
};

void DEPUTY_LEVELS;
