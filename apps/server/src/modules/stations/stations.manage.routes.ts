import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams } from '../../http/pagination.ts';
import { readUpload } from '../../http/uploads.ts';
import {
  AssessBody,
  ChecklistTemplateList,
  Created,
  CreateStationBody,
  StationChecklist,
  SummaryQuery,
  TemplateBody,
  UpdateStationBody,
} from './stations.schemas.ts';
import * as s from './stations.service.ts';

export const stationsManageRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/stations',
    {
      config: { permission: 'stations.manage' },
      schema: {
        operationId: 'createStation',
        tags: ['stations'],
        summary: '新建联络站（点）；名称缺省为统一格式“XX村人大代表联络点”',
        body: CreateStationBody,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await s.createStation(deps, actorOf(request), request.body)),
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
        body: UpdateStationBody,
        response: { 200: Created },
      },
    },
    async (request) => s.updateStation(deps, actorOf(request), request.params.id, request.body),
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
        response: { 200: StationChecklist },
      },
    },
    async (request) => s.stationChecklist(deps, actorOf(request), request.params.id),
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
        response: { 201: Created },
      },
    },
    async (request, reply) => {
      const up = await readUpload(request, ['png', 'jpeg', 'pdf'], false);
      return reply.code(201).send(await s.addUploadedEvidence(deps, actorOf(request), request.params.id, up));
    },
  );

  app.get(
    '/evidence/:id/file',
    {
      config: { permission: 'stations.read' },
      schema: { operationId: 'getEvidenceFile', tags: ['stations'], summary: '佐证文件', params: IdParams },
    },
    async (request, reply) => {
      const f = await s.evidenceFile(deps, actorOf(request), request.params.id);
      return reply
        .type(f.mime)
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
        body: AssessBody,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await s.assessStation(deps, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    '/stations-checklist-summary',
    {
      config: { permission: 'stations.read' },
      schema: {
        operationId: 'getChecklistSummary',
        tags: ['stations'],
        summary: '标准化建设完成度（按联络站、按乡镇）',
        querystring: SummaryQuery,
      },
    },
    async (request) => s.checklistSummary(deps, actorOf(request), request.query.region),
  );

  app.get(
    '/checklist-templates',
    {
      config: { permission: 'stations.read' },
      schema: {
        operationId: 'listChecklistTemplates',
        tags: ['stations'],
        summary: '标准化清单模板（七有、十有及本地变体）',
        response: { 200: ChecklistTemplateList },
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
        body: TemplateBody,
        response: { 200: Created },
      },
    },
    async (request) => s.saveTemplate(deps, actorOf(request), request.body),
  );
};
