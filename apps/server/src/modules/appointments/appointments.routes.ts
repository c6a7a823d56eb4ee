import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams } from '../../http/pagination.ts';
import { AppointmentList, AppointmentRange, CapacityBody, Ok } from './appointments.schemas.ts';
import * as s from './appointments.service.ts';

/** Staff side of 预约代表: the bookings of a station (the visitor register), places per shift. */
export const appointmentsRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/stations/:id/appointments',
    {
      config: { permission: 'rota.read' },
      schema: {
        operationId: 'listStationAppointments',
        tags: ['rota'],
        summary: '联络站群众预约（按接待日；另约时间的申请 shiftId 为空）',
        params: IdParams,
        querystring: AppointmentRange,
        response: { 200: AppointmentList },
      },
    },
    async (request) => ({
      items: await s.listStationAppointments(deps, actorOf(request), request.params.id, request.query),
    }),
  );

  app.put(
    '/rota/shifts/:id/capacity',
    {
      config: { permission: 'rota.manage' },
      schema: {
        operationId: 'setShiftCapacity',
        tags: ['rota'],
        summary: '设置班次可预约人数（null 为沿用联络站设置）',
        params: IdParams,
        body: CapacityBody,
        response: { 200: Ok },
      },
    },
    async (request) => s.setShiftCapacity(deps, actorOf(request), request.params.id, request.body.capacity),
  );

  app.put(
    '/stations/:id/booking-capacity',
    {
      config: { permission: 'rota.manage' },
      schema: {
        operationId: 'setStationBookingCapacity',
        tags: ['rota'],
        summary: '设置联络站每个接待日的可预约人数（null 为默认 10 人）',
        params: IdParams,
        body: CapacityBody,
        response: { 200: Ok },
      },
    },
    async (request) => s.setStationCapacity(deps, actorOf(request), request.params.id, request.body.capacity),
  );
};
