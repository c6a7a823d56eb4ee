import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { addDays, calendarStatus, deleteDay, listDays } from './calendar.service.ts';

const Kind = Type.Union([Type.Literal('holiday'), Type.Literal('workday')]);
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

const CalendarDay = Type.Object(
  { date: IsoDate, kind: Kind, name: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);

/** The official holiday calendar (法定节假日、调休上班日) that working-day deadlines count on. */
export const calendarRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/calendar/status',
    {
      // Everyone with a home page sees it: administrators load the year, and the offices are the
      // ones whose deadlines are provisional (暂定) while it is missing.
      config: { permission: 'dashboard.read' },
      schema: {
        operationId: 'getCalendarStatus',
        tags: ['admin'],
        summary: '节假日安排录入情况：已录入年份，以及缺少当年或次年安排的提醒',
        response: {
          200: Type.Object({
            today: IsoDate,
            years: Type.Array(
              Type.Object({
                year: Type.Integer(),
                holidays: Type.Integer(),
                workdays: Type.Integer(),
                complete: Type.Boolean(),
                missing: Type.Array(IsoDate),
              }),
            ),
            warnings: Type.Array(
              Type.Object({
                year: Type.Integer(),
                reason: Type.Union([Type.Literal('current_year'), Type.Literal('next_year')]),
                message: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async () => calendarStatus(deps),
  );

  app.get(
    '/calendar',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        operationId: 'listCalendarDays',
        tags: ['admin'],
        summary: '节假日与调休工作日',
        querystring: Type.Object(
          { year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(CalendarDay) }) },
      },
    },
    async (request) => {
      const { year } = request.query as { year?: number };
      return { items: await listDays(deps.db, year) };
    },
  );

  app.post(
    '/calendar',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        operationId: 'addCalendarDays',
        tags: ['admin'],
        summary: '录入节假日安排（按国务院办公厅通知）；已有的日期按新内容更正',
        body: Type.Object(
          { days: Type.Array(CalendarDay, { minItems: 1, maxItems: 400 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ added: Type.Integer() }) },
      },
    },
    async (request) => {
      const { days } = request.body as {
        days: { date: string; kind: 'holiday' | 'workday'; name: string }[];
      };
      return addDays(deps, actorOf(request), days);
    },
  );

  app.delete(
    '/calendar/:date',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        operationId: 'deleteCalendarDay',
        tags: ['admin'],
        summary: '删除误录的节假日或调休工作日',
        params: Type.Object({ date: IsoDate }, { additionalProperties: false }),
        response: { 200: CalendarDay },
      },
    },
    async (request) => {
      const { date } = request.params as { date: string };
      return deleteDay(deps, actorOf(request), date);
    },
  );
};
