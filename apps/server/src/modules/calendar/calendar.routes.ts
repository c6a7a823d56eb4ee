import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import {
  AddDaysBody,
  Added,
  CalendarDay,
  CalendarStatus,
  DateParams,
  DayList,
  ListDaysQuery,
} from './calendar.schemas.ts';
import { addDays, calendarStatus, deleteDay, listDays } from './calendar.service.ts';

/** The official holiday calendar (法定节假日、调休上班日) that working-day deadlines count on. */
export const calendarRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
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
        response: { 200: CalendarStatus },
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
        querystring: ListDaysQuery,
        response: { 200: DayList },
      },
    },
    async (request) => ({ items: await listDays(deps, request.query.year) }),
  );

  app.post(
    '/calendar',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        operationId: 'addCalendarDays',
        tags: ['admin'],
        summary: '录入节假日安排（按国务院办公厅通知）；已有的日期按新内容更正',
        body: AddDaysBody,
        response: { 200: Added },
      },
    },
    async (request) => addDays(deps, actorOf(request), request.body.days),
  );

  app.delete(
    '/calendar/:date',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        operationId: 'deleteCalendarDay',
        tags: ['admin'],
        summary: '删除误录的节假日或调休工作日',
        params: DateParams,
        response: { 200: CalendarDay },
      },
    },
    async (request) => deleteDay(deps, actorOf(request), request.params.date),
  );
};
