import { type Static, Type } from '@sinclair/typebox';
import { IsoDate } from '../../http/pagination.ts';

const Capacity = Type.Union([Type.Integer({ minimum: 0, maximum: 500 }), Type.Null()]);
export const Ok = Type.Object({ ok: Type.Boolean() });

/** `?from=&to=` of the visitor register (dates, Shanghai). */
export const AppointmentRange = Type.Object(
  { from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) },
  { additionalProperties: false },
);
export type AppointmentRange = Static<typeof AppointmentRange>;

/** One booking or request as staff see it: the phone masked. */
const AppointmentItem = Type.Object({
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
});
export type AppointmentItem = Static<typeof AppointmentItem>;

export const AppointmentList = Type.Object({ items: Type.Array(AppointmentItem) });

/** Places that may be booked; null falls back to the level above (shift → station → default). */
export const CapacityBody = Type.Object({ capacity: Capacity }, { additionalProperties: false });
export type CapacityBody = Static<typeof CapacityBody>;
