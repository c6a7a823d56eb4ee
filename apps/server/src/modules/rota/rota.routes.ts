import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams } from '../../http/pagination.ts';
import { MIME } from '../../http/uploads.ts';
import { exportAttendance, getAttendance } from './attendance.service.ts';
import * as c from './checkin.service.ts';
import * as m from './rota.manage.ts';
import {
  Attendance,
  AttendanceQuery,
  AttendanceReport,
  CheckedIn,
  CheckInBody,
  CheckInCode,
  Created,
  CreateRuleBody,
  DeputyBody,
  LinkCaseBody,
  Ok,
  PublishBody,
  Published,
  Queued,
  ReceptionBody,
  RotaExportQuery,
  RotaRuleList,
  ShiftDetail,
  ShiftList,
  ShiftsQuery,
  SwapBody,
} from './rota.schemas.ts';

const xlsxReply = (reply: FastifyReply, asciiName: string, file: { bytes: Buffer; fileName: string }) =>
  reply
    .type(MIME.xlsx)
    .header(
      'content-disposition',
      `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .send(file.bytes);

/** Rota rules, shifts, check-in, the visitor register and 进站率; the rules are in README.md. */
export const rotaRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/stations/:id/rota-rules',
    {
      config: { permission: 'rota.read' },
      schema: {
        operationId: 'listRotaRules',
        tags: ['rota'],
        summary: '联络站排班规则',
        params: IdParams,
        response: { 200: RotaRuleList },
      },
    },
    async (request) => m.listRules(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/stations/:id/rota-rules',
    {
      config: { permission: 'rota.manage' },
      schema: {
        operationId: 'createRotaRule',
        tags: ['rota'],
        summary: '新建排班规则（每周、每月某日、每月第n个星期几、集日）',
        params: IdParams,
        body: CreateRuleBody,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await m.createRule(deps, actorOf(request), request.params.id, request.body)),
  );

  app.post(
    '/rota-rules/:id/publish',
    {
      config: { permission: 'rota.manage' },
      schema: {
        operationId: 'publishRotaRule',
        tags: ['rota'],
        summary: '按规则生成并发布一段时间的接待排班',
        params: IdParams,
        body: PublishBody,
        response: { 200: Published },
      },
    },
    async (request) => m.publishRule(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    '/rota/shifts',
    {
      config: { permission: 'rota.read' },
      schema: {
        operationId: 'listShifts',
        tags: ['rota'],
        summary: '接待排班列表',
        querystring: ShiftsQuery,
        response: { 200: ShiftList },
      },
    },
    async (request) => m.findShifts(deps, actorOf(request), request.query),
  );

  app.get(
    '/rota/shifts/:id',
    {
      config: { permission: 'rota.read' },
      schema: {
        operationId: 'getShift',
        tags: ['rota'],
        summary: '接待班次详情（签到、换班、接待登记）',
        params: IdParams,
        response: { 200: ShiftDetail },
      },
    },
    async (request) => m.getShift(deps, actorOf(request), request.params.id),
  );

  app.post(
    '/rota/shifts/:id/deputies',
    {
      config: { permission: 'rota.manage' },
      schema: {
        operationId: 'addShiftDeputy',
        tags: ['rota'],
        summary: '为班次增派代表',
        params: IdParams,
        body: DeputyBody,
        response: { 200: Ok },
      },
    },
    async (request) => m.addDeputy(deps, actorOf(request), request.params.id, request.body.deputyId),
  );
  app.post(
    '/rota/shifts/:id/swap',
    {
      config: { permission: 'rota.manage' },
      schema: {
        operationId: 'swapShiftDeputy',
        tags: ['rota'],
        summary: '换班/替班（须填写原因）',
        params: IdParams,
        body: SwapBody,
        response: { 200: Ok },
      },
    },
    async (request) => m.swapDeputy(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/rota/shifts/:id/confirm',
    {
      config: { permission: 'rota.checkin' },
      schema: {
        operationId: 'confirmPresence',
        tags: ['rota'],
        summary: '联络员确认代表到站',
        params: IdParams,
        body: DeputyBody,
        response: { 200: Attendance },
      },
    },
    async (request) => c.confirmPresence(deps, actorOf(request), request.params.id, request.body.deputyId),
  );
  app.post(
    '/rota/shifts/:id/absent',
    {
      config: { permission: 'rota.manage' },
      schema: {
        operationId: 'markAbsent',
        tags: ['rota'],
        summary: '记录代表缺席',
        params: IdParams,
        body: DeputyBody,
        response: { 200: Ok },
      },
    },
    async (request) => c.recordAbsence(deps, actorOf(request), request.params.id, request.body.deputyId),
  );
  app.post(
    '/rota/shifts/:id/receptions',
    {
      config: { permission: 'cases.create' },
      schema: {
        operationId: 'addReception',
        tags: ['rota'],
        summary: '接待选民登记',
        params: IdParams,
        body: ReceptionBody,
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await m.addReception(deps, actorOf(request), request.params.id, request.body)),
  );

  app.put(
    '/rota/receptions/:id/case',
    {
      config: { permission: 'cases.create' },
      schema: {
        operationId: 'linkReceptionCase',
        tags: ['rota'],
        summary: '接待登记关联意见（caseId 为 null 则取消关联）',
        params: IdParams,
        body: LinkCaseBody,
        response: { 200: Ok },
      },
    },
    async (request) => m.linkReceptionCase(deps, actorOf(request), request.params.id, request.body.caseId),
  );

  app.post(
    '/rota/checkin',
    {
      config: { permission: 'rota.checkin' },
      schema: {
        operationId: 'checkIn',
        tags: ['rota'],
        summary: '代表扫联络站当日签到码签到',
        body: CheckInBody,
        response: { 200: CheckedIn },
      },
    },
    async (request) => c.checkInWithToken(deps, actorOf(request), request.body),
  );

  app.get(
    '/stations/:id/checkin-code',
    {
      config: { permission: 'rota.checkin' },
      schema: {
        operationId: 'getCheckInCode',
        tags: ['rota'],
        summary: '联络站当日签到码（二维码，仅当日当站有效）',
        params: IdParams,
        response: { 200: CheckInCode },
      },
    },
    async (request) =>
      c.checkInCode(deps, actorOf(request), request.params.id, `${request.protocol}://${request.host}`),
  );

  app.post(
    '/rota/reminders',
    {
      config: { permission: 'rota.manage' },
      schema: {
        operationId: 'enqueueReminders',
        tags: ['rota'],
        summary: '为明日接待的代表排入提醒（通知发件箱，可重复执行）',
        response: { 200: Queued },
      },
    },
    async (request) => m.queueReminders(deps, actorOf(request)),
  );

  app.get(
    '/stations/:id/rota.xlsx',
    {
      config: { permission: 'rota.read' },
      schema: {
        operationId: 'exportStationRota',
        tags: ['rota'],
        summary: '联络站接待排班表（上墙用 xlsx）',
        params: IdParams,
        querystring: RotaExportQuery,
      },
    },
    async (request, reply) =>
      xlsxReply(
        reply,
        'rota.xlsx',
        await m.exportStationRota(deps, actorOf(request), request.params.id, request.query),
      ),
  );

  app.get(
    '/attendance',
    {
      config: { permission: 'rota.read' },
      schema: {
        operationId: 'getAttendance',
        tags: ['rota'],
        summary:
          '进站率（按代表层级、乡镇、联络站或代表；月、季度、半年、年）；level/town/station 下钻到一组',
        querystring: AttendanceQuery,
        response: { 200: AttendanceReport },
      },
    },
    async (request) => getAttendance(deps, actorOf(request), request.query),
  );

  app.get(
    '/attendance/export',
    {
      config: { permission: 'rota.read' },
      schema: {
        operationId: 'exportAttendance',
        tags: ['rota'],
        summary: '导出进站率统计表（xlsx，报常委会格式）',
        querystring: AttendanceQuery,
      },
    },
    async (request, reply) =>
      xlsxReply(reply, 'attendance.xlsx', await exportAttendance(deps, actorOf(request), request.query)),
  );
};
