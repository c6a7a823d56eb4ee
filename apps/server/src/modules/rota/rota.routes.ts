import { addDays, DEPUTY_LEVELS, shanghaiDate } from '@lianluo/domain';
import { Type } from '@sinclair/typebox';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import QRCode from 'qrcode';
import { auditActor, recordAudit } from '../../core/audit.queries.ts';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { loadInScope, narrowScope } from '../../core/scope.ts';
import { stations } from '../../db/schema/index.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams, RegionQuery, Uuid } from '../../http/pagination.ts';
import { MIME } from '../../http/uploads.ts';
import { workbook } from '../../http/xlsx.ts';
import {
  attendanceReport,
  type GroupBy,
  PERIOD_LABELS,
  type Period,
  periodRange,
  requiredShifts,
} from './attendance.presenter.ts';
import { checkInToken } from './checkin-token.ts';
import * as m from './rota.manage.ts';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Time = Type.String({ pattern: '^\\d{2}:\\d{2}$' });
const Weekday = Type.Integer({ minimum: 1, maximum: 7 });
const Rule = Type.Union([
  Type.Object({ kind: Type.Literal('weekly'), weekday: Weekday }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('monthly'), day: Type.Integer({ minimum: 1, maximum: 31 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('nth_weekday'), n: Type.Integer({ minimum: -1, maximum: 5 }), weekday: Weekday },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('market_days'),
      dates: Type.Optional(Type.Array(IsoDate, { maxItems: 400 })),
      lunarDigits: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 9 }), { maxItems: 10 })),
      calendar: Type.Optional(Type.Union([Type.Literal('lunar'), Type.Literal('gregorian')])),
    },
    { additionalProperties: false },
  ),
]);
const ShiftDeputy = Type.Object({
  id: Type.String(),
  name: Type.String(),
  attendance: Type.String(),
  checkedInAt: Type.Union([Type.String(), Type.Null()]),
  method: Type.Union([Type.String(), Type.Null()]),
});
const Shift = Type.Object({
  id: Type.String(),
  date: Type.String(),
  startTime: Type.String(),
  endTime: Type.String(),
  status: Type.String(),
  stationId: Type.String(),
  stationName: Type.String(),
  regionCode: Type.String(),
  deputies: Type.Array(ShiftDeputy),
});
const Ok = Type.Object({ ok: Type.Boolean() });
const PeriodQ = Type.Union(['month', 'quarter', 'half', 'year'].map((p) => Type.Literal(p)));
const ByQ = Type.Union(['level', 'town', 'station', 'deputy'].map((p) => Type.Literal(p)));
const AttendanceQuery = Type.Object(
  {
    region: RegionQuery,
    by: Type.Optional(ByQ),
    period: Type.Optional(PeriodQ),
    at: Type.Optional(IsoDate),
    level: Type.Optional(Type.Union(DEPUTY_LEVELS.map((l) => Type.Literal(l)))),
    town: Type.Optional(Type.String({ pattern: '^[0-9]{9}000$' })),
    station: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
const BY_LABELS: Record<GroupBy, string> = {
  level: '代表层级',
  town: '乡镇(街道)',
  station: '联络站',
  deputy: '代表',
};

export const rotaRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/stations/:id/rota-rules',
    {
      config: { permission: 'rota.read' },
      schema: { operationId: 'listRotaRules', tags: ['rota'], summary: '联络站排班规则', params: IdParams },
    },
    async (request) => {
      const rules = await m.listRules(deps, actorOf(request), (request.params as { id: string }).id);
      return { items: rules.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
    },
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
        body: Type.Object(
          {
            rule: Rule,
            startTime: Time,
            endTime: Time,
            perShift: Type.Integer({ minimum: 1, maximum: 10 }),
            deputyIds: Type.Array(Uuid, { minItems: 1, maxItems: 200 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }) },
      },
    },
    async (request, reply) => {
      const body = request.body as m.RuleInput;
      const out = await m.createRule(deps, actorOf(request), (request.params as { id: string }).id, body);
      return reply.code(201).send(out);
    },
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
        body: Type.Object({ from: IsoDate, to: IsoDate }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            shifts: Type.Integer(),
            dates: Type.Array(Type.String()),
            warnings: Type.Array(Type.String()),
          }),
        },
      },
    },
    async (request) =>
      m.publishRule(
        deps,
        actorOf(request),
        (request.params as { id: string }).id,
        request.body as { from: string; to: string },
      ),
  );

  app.get(
    '/rota/shifts',
    {
      config: { permission: 'rota.read' },
      schema: {
        operationId: 'listShifts',
        tags: ['rota'],
        summary: '接待排班列表',
        querystring: Type.Object(
          {
            region: RegionQuery,
            station: Type.Optional(Uuid),
            deputy: Type.Optional(Uuid),
            from: Type.Optional(IsoDate),
            to: Type.Optional(IsoDate),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Shift) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const q = request.query as {
        region?: string;
        station?: string;
        deputy?: string;
        from?: string;
        to?: string;
      };
      const scope = await narrowScope(deps, actor, q.region);
      const items = await m.listShifts(deps.db, {
        scope,
        stationId: q.station,
        deputyId: q.deputy,
        from: q.from,
        to: q.to,
      });
      return { items };
    },
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
      },
    },
    async (request) => m.getShift(deps, actorOf(request), (request.params as { id: string }).id),
  );

  const DeputyBody = Type.Object({ deputyId: Uuid }, { additionalProperties: false });
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
    async (request) =>
      m.addDeputy(
        deps,
        actorOf(request),
        (request.params as { id: string }).id,
        (request.body as { deputyId: string }).deputyId,
      ),
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
        body: Type.Object(
          { fromDeputyId: Uuid, toDeputyId: Uuid, reason: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: Ok },
      },
    },
    async (request) =>
      m.swapDeputy(deps, actorOf(request), (request.params as { id: string }).id, request.body as never),
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
        response: { 200: Type.Object({ attendance: Type.String() }) },
      },
    },
    async (request) =>
      m.confirmPresence(
        deps,
        actorOf(request),
        (request.params as { id: string }).id,
        (request.body as { deputyId: string }).deputyId,
      ),
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
    async (request) =>
      m.recordAbsence(
        deps,
        actorOf(request),
        (request.params as { id: string }).id,
        (request.body as { deputyId: string }).deputyId,
      ),
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
        body: Type.Object(
          {
            visitorName: Type.String({ minLength: 1, maxLength: 30 }),
            visitorPhone: Type.Optional(Type.String({ pattern: '^1[3-9]\\d{9}$' })),
            summary: Type.String({ minLength: 1, maxLength: 2000 }),
            deputyId: Type.Optional(Uuid),
            caseId: Type.Optional(Uuid),
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
          await m.addReception(
            deps,
            actorOf(request),
            (request.params as { id: string }).id,
            request.body as never,
          ),
        ),
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
        body: Type.Object({ caseId: Type.Union([Uuid, Type.Null()]) }, { additionalProperties: false }),
        response: { 200: Ok },
      },
    },
    async (request) =>
      m.linkReceptionCase(
        deps,
        actorOf(request),
        (request.params as { id: string }).id,
        (request.body as { caseId: string | null }).caseId,
      ),
  );

  app.post(
    '/rota/checkin',
    {
      config: { permission: 'rota.checkin' },
      schema: {
        operationId: 'checkIn',
        tags: ['rota'],
        summary: '代表扫联络站当日签到码签到',
        body: Type.Object(
          { stationId: Uuid, token: Type.String({ maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ shiftId: Type.String(), attendance: Type.String() }) },
      },
    },
    async (request) =>
      m.checkInWithToken(deps, actorOf(request), request.body as { stationId: string; token: string }),
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
        response: {
          200: Type.Object({
            date: Type.String(),
            token: Type.String(),
            url: Type.String(),
            svg: Type.String(),
          }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params as { id: string };
      await loadInScope(deps, actor, 'station', id, () =>
        deps.db.query.stations.findFirst({ where: eq(stations.id, id) }),
      );
      const date = shanghaiDate(deps.now());
      const token = checkInToken(deps.crypto, id, date);
      const url = `${request.protocol}://${request.host}/checkin?station=${id}&token=${encodeURIComponent(token)}`;
      return { date, token, url, svg: await QRCode.toString(url, { type: 'svg', margin: 1 }) };
    },
  );

  app.post(
    '/rota/reminders',
    {
      config: { permission: 'rota.manage' },
      schema: {
        operationId: 'enqueueReminders',
        tags: ['rota'],
        summary: '为明日接待的代表排入提醒（通知发件箱，可重复执行）',
        response: { 200: Type.Object({ queued: Type.Integer() }) },
      },
    },
    async (request) => ({ queued: await m.enqueueReminders(deps.db, actorOf(request).scope, deps.now()) }),
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
        querystring: Type.Object(
          { from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { id } = request.params as { id: string };
      const st = await loadInScope(deps, actor, 'station', id, () =>
        deps.db.query.stations.findFirst({ where: eq(stations.id, id) }),
      );
      const q = request.query as { from?: string; to?: string };
      const from = q.from ?? shanghaiDate(deps.now());
      const to = q.to ?? addDays(from, 92);
      const shifts = await m.listShifts(deps.db, { scope: actor.scope, stationId: id, from, to });
      const buf = await workbook([
        {
          name: '接待排班表',
          title: `${st.name}代表接待排班表（${from} 至 ${to}）`,
          columns: [
            { header: '日期', width: 14 },
            { header: '时间', width: 14 },
            { header: '接待代表', width: 40 },
          ],
          rows: shifts.map((s) => [
            s.date,
            `${s.startTime}–${s.endTime}`,
            s.deputies.map((d) => d.name).join('、'),
          ]),
          notes: [`地址：${st.address}`, `开放时间：${st.openingHours}`],
        },
      ]);
      return reply
        .type(MIME.xlsx)
        .header(
          'content-disposition',
          `attachment; filename="rota.xlsx"; filename*=UTF-8''${encodeURIComponent(`${st.name}排班表.xlsx`)}`,
        )
        .send(buf);
    },
  );

  const report = async (request: import('fastify').FastifyRequest) => {
    const actor = actorOf(request);
    const q = request.query as {
      region?: string;
      by?: GroupBy;
      period?: Period;
      at?: string;
      level?: string;
      town?: string;
      station?: string;
    };
    const scope = await narrowScope(deps, actor, q.region);
    const period = q.period ?? 'year';
    const today = shanghaiDate(deps.now());
    const range = periodRange(period, q.at ?? today);
    const by = q.by ?? 'level';
    const r = await attendanceReport(deps.db, scope, {
      by,
      from: range.from,
      to: range.to,
      required: requiredShifts(period),
      today,
      within: { level: q.level, town: q.town, station: q.station },
    });
    return { ...r, by, periodKind: period, periodLabel: range.label, scope };
  };

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
      },
    },
    async (request) => {
      const { scope: _s, ...r } = await report(request);
      return r;
    },
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
    async (request, reply) => {
      const actor = actorOf(request);
      const r = await report(request);
      const buf = await workbook([
        {
          name: '进站率统计',
          title: `代表进站履职情况统计表（${r.periodLabel}，按${BY_LABELS[r.by]}）`,
          columns: [
            { header: BY_LABELS[r.by], width: 24 },
            { header: '应进站代表数', width: 14 },
            { header: '达到要求代表数', width: 16 },
            { header: '进站率', width: 10 },
            { header: '排班人次', width: 10 },
            { header: '进站人次', width: 10 },
            { header: '迟到人次', width: 10 },
            { header: '缺席人次', width: 10 },
          ],
          rows: r.items.map((i) => [
            i.label,
            i.assigned,
            i.attendedEnough,
            `${(i.rate * 100).toFixed(1)}%`,
            i.shifts,
            i.attendedShifts,
            i.lateShifts,
            i.absentShifts,
          ]),
          notes: [
            `统计期：${r.period.from} 至 ${r.period.to}（计至 ${r.period.countedTo}）；每名代表应进站 ${r.required} 次（不超过其排班次数）。`,
            `口径：${r.definition}`,
          ],
        },
      ]);
      await recordAudit(deps.db, {
        at: deps.now(),
        event: 'export',
        outcome: 'success',
        actor: auditActor(actor),
        objectType: 'attendance',
        objectId: r.scope,
        ip: actor.ip,
        requestId: actor.requestId,
        detail: { by: r.by, period: r.periodKind },
      });
      return reply
        .type(MIME.xlsx)
        .header(
          'content-disposition',
          `attachment; filename="attendance.xlsx"; filename*=UTF-8''${encodeURIComponent(`进站率统计-${r.periodLabel}.xlsx`)}`,
        )
        .send(buf);
    },
  );
  void PERIOD_LABELS;
  void AppError;
};
