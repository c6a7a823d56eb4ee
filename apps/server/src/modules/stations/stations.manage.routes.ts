import { STATION_GRADES, STATION_KINDS } from '@lianluo/domain';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { narrowScope } from '../../core/scope.ts';
import { actorOf } from '../../http/guard.ts';
import { PHOTO_SIZES, processImage } from '../../http/images.ts';
import { IdParams, RegionQuery, Uuid } from '../../http/pagination.ts';
import { MIME, readUpload } from '../../http/uploads.ts';
import * as s from './stations.service.ts';

const StationBody = {
  name: Type.Optional(Type.String({ maxLength: 60 })),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  latitude: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
  longitude: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
  openingHours: Type.Optional(Type.String({ maxLength: 100 })),
  headUserId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  officerUserId: Type.Optional(Type.Union([Uuid, Type.Null()])),
};

export const stationsManageRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/stations',
    {
      config: { permission: 'stations.manage' },
      schema: {
        operationId: 'createStation',
        tags: ['stations'],
        summary: '新建联络站（点）；名称缺省为统一格式“XX村人大代表联络点”',
        body: Type.Object(
          {
            kind: Type.Union(STATION_KINDS.map((k) => Type.Literal(k))),
            regionCode: Type.String({ pattern: '^[0-9]{12}$' }),
            checklistKey: Type.Optional(Type.String({ maxLength: 30 })),
            ...StationBody,
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await s.createStation(deps, actorOf(request), request.body as s.StationInput)),
  );

  app.patch(
    '/stations/:id',
    {
      config: { permission: 'stations.manage' },
      schema: {
        operationId: 'updateStation',
        tags: ['stations'],
        summary: '修改联络站信息',
        params: IdParams,
        body: Type.Object(StationBody, { additionalProperties: false }),
        response: { 200: Type.Object({ id: Type.String() }) },
      },
    },
    async (request) =>
      s.updateStation(
        deps,
        actorOf(request),
        (request.params as { id: string }).id,
        request.body as s.StationInput,
      ),
  );

  app.get(
    '/stations/:id/checklist',
    {
      config: { permission: 'stations.read' },
      schema: {
        operationId: 'getStationChecklist',
        tags: ['stations'],
        summary: '标准化建设清单、佐证材料与评定记录',
        params: IdParams,
      },
    },
    async (request) => s.stationChecklist(deps, actorOf(request), (request.params as { id: string }).id),
  );

  app.post(
    '/stations/:id/evidence',
    {
      config: { permission: 'stations.manage' },
      schema: {
        operationId: 'addChecklistEvidence',
        tags: ['stations'],
        summary: '上传检查项佐证（multipart：itemId、note、file 照片或 PDF）',
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 201: Type.Object({ id: Type.String() }) },
      },
    },
    async (request, reply) => {
      const up = await readUpload(request, ['png', 'jpeg', 'pdf'], false);
      const itemId = up.fields.itemId ?? '';
      if (!/^[0-9a-f-]{36}$/.test(itemId)) {
        const { AppError } = await import('../../core/errors.ts');
        throw new AppError('validation', '缺少检查项 itemId');
      }
      let file = up.bytes ? (up as { bytes: Buffer; kind: string; filename: string }) : null;
      // A photo is re-encoded: no EXIF/GPS kept, no 12-megapixel original stored.
      if (file && (file.kind === 'png' || file.kind === 'jpeg')) {
        const img = await processImage(file.bytes, PHOTO_SIZES.document);
        file = {
          bytes: img.bytes,
          kind: 'jpeg',
          filename: `${file.filename.replace(/\.(png|jpe?g)$/i, '')}.jpg`,
        };
      }
      const out = await s.addEvidence(deps, actorOf(request), (request.params as { id: string }).id, {
        itemId,
        note: up.fields.note ?? '',
        file,
      });
      return reply.code(201).send(out);
    },
  );

  app.get(
    '/evidence/:id/file',
    {
      config: { permission: 'stations.read' },
      schema: { operationId: 'getEvidenceFile', tags: ['stations'], summary: '佐证文件', params: IdParams },
    },
    async (request, reply) => {
      const f = await s.evidenceFile(deps, actorOf(request), (request.params as { id: string }).id);
      return reply
        .type(MIME[f.kind as keyof typeof MIME] ?? 'application/octet-stream')
        .header('content-disposition', 'attachment; filename="evidence"')
        .header('content-security-policy', "default-src 'none'")
        .send(f.bytes);
    },
  );

  app.post(
    '/stations/:id/assessments',
    {
      config: { permission: 'stations.manage' },
      schema: {
        operationId: 'assessStation',
        tags: ['stations'],
        summary: '评定联络站等级（一类/二类/未评定）',
        params: IdParams,
        body: Type.Object(
          {
            grade: Type.Union(STATION_GRADES.map((g) => Type.Literal(g))),
            note: Type.String({ maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await s.assessStation(
            deps,
            actorOf(request),
            (request.params as { id: string }).id,
            request.body as never,
          ),
        ),
  );

  app.get(
    '/stations-checklist-summary',
    {
      config: { permission: 'stations.read' },
      schema: {
        operationId: 'getChecklistSummary',
        tags: ['stations'],
        summary: '标准化建设完成度（按联络站、按乡镇）',
        querystring: Type.Object({ region: RegionQuery }, { additionalProperties: false }),
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const scope = await narrowScope(deps, actor, (request.query as { region?: string }).region);
      return s.checklistSummary(deps.db, scope);
    },
  );

  app.get(
    '/checklist-templates',
    {
      config: { permission: 'stations.read' },
      schema: {
        operationId: 'listChecklistTemplates',
        tags: ['stations'],
        summary: '标准化清单模板（七有、十有及本地变体）',
      },
    },
    async (request) => ({ items: await s.listTemplates(deps, actorOf(request)) }),
  );

  app.put(
    '/checklist-templates',
    {
      config: { permission: 'regions.manage' },
      schema: {
        operationId: 'saveChecklistTemplate',
        tags: ['stations'],
        summary: '县级编辑清单模板或新增本地变体',
        body: Type.Object(
          {
            key: Type.String({ pattern: '^[a-z0-9_-]{1,30}$' }),
            name: Type.String({ minLength: 1, maxLength: 30 }),
            items: Type.Array(
              Type.Object(
                { id: Type.Optional(Uuid), text: Type.String({ minLength: 1, maxLength: 60 }) },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 30 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ id: Type.String() }) },
      },
    },
    async (request) => s.saveTemplate(deps, actorOf(request), request.body as never),
  );
};
