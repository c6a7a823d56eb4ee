import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams } from '../../http/pagination.ts';
import * as s from './appointments.service.ts';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Capacity = Type.Union([Type.Integer({ minimum: 0, maximum: 500 }), Type.Null()]);
const Ok = Type.Object({ ok: Type.Boolean() });

/** Staff side of 预约代表: the bookings of a station (the visitor register), places per shift. */
export const appointmentsRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/stations/:id/appointments',
    {
      config: { permission: 'rota.read' },
      schema: {
        operationId: 'listStationAppointments',
        tags: ['rota'],
        summary: '联络站群众预约（按接待日；另约时间的申请 shiftId 为空）',
        params: IdParams,
        querystring: Type.Object(
          { from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                reference: Type.String(),
                shiftId: Type.Union([Type.String(), Type.Null()]),
                date: Type.String(),
                startTime: Type.Union([Type.String(), Type.Null()]),
                endTime: Type.Union([Type.String(), Type.Null()]),
                preferredTime: Type.String(),
                visitorName: Type.String(),
                phone: Type.String(),
                topic: Type.String(),
                status: Type.String(),
                createdAt: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      items: await s.listStationAppointments(
        deps,
        actorOf(request),
        (request.params as { id: string }).id,
        request.query as { from?: string; to?: string },
      ),
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
        body: Type.Object({ capacity: Capacity }, { additionalProperties: false }),
        response: { 200: Ok },
      },
    },
    async (request) =>
      s.setShiftCapacity(
        deps,
        actorOf(request),
        (request.params as { id: string }).id,
        (request.body as { capacity: number | null }).capacity,
      ),
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
        body: Type.Object({ capacity: Capacity }, { additionalProperties: false }),
        response: { 200: Ok },
      },
    },
    async (request) =>
      s.setStationCapacity(
        deps,
        actorOf(request),
        (request.params as { id: string }).id,
        (request.body as { capacity: number | null }).capacity,
      ),
  );
};
