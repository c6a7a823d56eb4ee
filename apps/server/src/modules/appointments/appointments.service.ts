import { randomInt } from 'node:crypto';
import {
  addDays,
  BOOKING_HORIZON_DAYS,
  bookingProblem,
  maskName,
  maskPhone,
  normalizeMobile,
  shanghaiDate,
  shiftCapacity,
  visitorProblems,
} from '@lianluo/domain';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { loadInScope } from '../../core/scope.ts';
import type { Db } from '../../db/client.ts';
import { enqueue } from '../notify/notify.service.ts';
import * as q from './appointments.queries.ts';
import type { AppointmentItem, AppointmentRange, CapacityBody } from './appointments.schemas.ts';

type D = Omit<Deps, 'log'>;

export const hhmmShanghai = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);

export interface UpcomingShift {
  id: string;
  date: string;
  startTime: string;
  endTime: string;
  status: string;
  capacity: number;
  booked: number;
  deputies: { id: string; name: string }[];
}

/**
 * A station's published shifts from `from` for `days`, with their deputies and how many places
 * are booked: two queries, whatever the number of shifts.
 */
export async function upcomingShifts(
  db: Db,
  station: { id: string; bookingCapacity: number | null },
  from: string,
  days = BOOKING_HORIZON_DAYS,
): Promise<UpcomingShift[]> {
  const rows = await q.publishedShifts(db, station.id, from, addDays(from, days));
  const people = await q.shiftDeputyNames(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    ...r,
    capacity: shiftCapacity(r.capacity, station.bookingCapacity),
    booked: Number(r.booked),
    deputies: people.filter((p) => p.shiftId === r.id).map((p) => ({ id: p.id, name: p.name })),
  }));
}

const REF_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 8 characters from an alphabet without look-alikes (0/O, 1/I/L): easy to read out at a desk. */
const newReference = () =>
  Array.from({ length: 8 }, () => REF_ALPHABET[randomInt(REF_ALPHABET.length)]).join('');

export interface BookingInput {
  stationId: string;
  /** A published shift, or null with `preferredDate` for another time. */
  shiftId: string | null;
  preferredDate?: string;
  preferredTime?: string;
  name: string;
  phone: string;
  topic: string;
}

/** A refusal the form shows next to the fields, with nothing stored (422, or 429 for a rate limit). */
export class BookingRefused extends Error {
  constructor(
    message: string,
    readonly status = 422,
  ) {
    super(message);
  }
}

/**
 * Books a place on a shift (or records a request for another time), queues the confirmation and
 * returns the reference. The shift row is locked while the places are counted, so two people
 * cannot take the last place at once. A refusal throws BookingRefused and writes nothing.
 */
export async function book(deps: D, input: BookingInput): Promise<{ reference: string; id: string }> {
  const problems = visitorProblems({
    name: input.name,
    topic: input.topic,
    preferredTime: input.shiftId ? undefined : (input.preferredTime ?? ''),
  });
  const phone = normalizeMobile(input.phone);
  if (!phone) problems.push('请填写正确的11位手机号码');
  if (!input.shiftId) {
    const today = shanghaiDate(deps.now());
    if (!input.preferredDate || !/^\d{4}-\d{2}-\d{2}$/.test(input.preferredDate)) {
      problems.push('请选择一个接待日，或填写希望见面的日期');
    } else if (input.preferredDate <= today || input.preferredDate > addDays(today, BOOKING_HORIZON_DAYS)) {
      problems.push(`希望见面的日期应在明天到 ${BOOKING_HORIZON_DAYS} 天之内`);
    }
  }
  if (!phone || problems.length) throw new BookingRefused(problems.join('；'));
  // No one-time code is asked for a booking: the public module's codes (modules/public/
  // opinion.codes.ts) verify the phone of an opinion only. A booking's confirmation and reminder
  // go by SMS to the number given, and the public booking (modules/public/book.service.ts) limits
  // bookings per phone and per address (PUBLIC_LIMITS.bookPhone, bookIp). Were a code required,
  // it would be checked here, before anything is written, and refused like the checks above.
  const now = deps.now();
  const name = input.name.trim();
  return deps.db.transaction(async (tx) => {
    const st = await q.stationRow(tx, input.stationId);
    if (!st) throw new AppError('not_found');
    let shift: q.ShiftRow | undefined;
    if (input.shiftId) {
      shift = await q.lockShift(tx, input.shiftId, st.id);
      if (!shift) throw new BookingRefused('没有找到该接待日，请重新选择');
      const problem = bookingProblem(
        {
          date: shift.date,
          startTime: shift.startTime,
          status: shift.status,
          capacity: shiftCapacity(shift.capacity, st.bookingCapacity),
          booked: await q.bookedCount(tx, shift.id),
        },
        shanghaiDate(now),
        hhmmShanghai(now),
      );
      if (problem) throw new BookingRefused(problem);
    }
    const phoneIndex = deps.crypto.blindIndex(phone);
    if (shift && (await q.phoneHasBooked(tx, shift.id, phoneIndex))) {
      throw new BookingRefused('该手机号已预约这个接待日，无需重复预约');
    }
    const reference = newReference();
    const phoneCipher = deps.crypto.encrypt(phone);
    const id = await q.insertAppointment(tx, {
      regionCode: st.regionCode,
      stationId: st.id,
      shiftId: shift?.id ?? null,
      preferredDate: shift ? null : input.preferredDate!,
      preferredTime: shift ? '' : (input.preferredTime ?? '').trim(),
      reference,
      visitorName: name,
      phoneCipher,
      phoneMasked: maskPhone(phone),
      phoneIndex,
      topic: input.topic.trim(),
      status: shift ? 'booked' : 'requested',
      createdAt: now,
    });
    await enqueue(tx, now, [
      shift
        ? {
            regionCode: st.regionCode,
            channel: 'sms',
            recipient: phoneCipher,
            template: 'booking_confirmed',
            vars: {
              date: shift.date,
              start: shift.startTime,
              end: shift.endTime,
              station: st.name,
              address: st.address,
              reference,
            },
          }
        : {
            regionCode: st.regionCode,
            channel: 'sms',
            recipient: phoneCipher,
            template: 'booking_requested',
            vars: {
              when: `${input.preferredDate}${input.preferredTime?.trim() ? ` ${input.preferredTime.trim()}` : ''}`,
              station: st.name,
              reference,
            },
          },
    ]);
    return { reference, id };
  });
}

/** What the confirmation page shows for a reference: masked, nothing a stranger could use. */
export async function findByReference(db: Db, reference: string) {
  if (!/^[A-Z0-9]{8}$/.test(reference)) return null;
  const row = await q.bookingByReference(db, reference);
  return row ? { ...row, visitorName: maskName(row.visitorName) } : null;
}

/**
 * Queues the day-before reminder for every booking on a published shift tomorrow (Shanghai).
 * Idempotent: a reminded booking is stamped, and SKIP LOCKED lets two workers run it at once.
 */
export async function enqueueAppointmentReminders(db: Db, now: Date): Promise<number> {
  const tomorrow = addDays(shanghaiDate(now), 1);
  return db.transaction(async (tx) => {
    const rows = await q.lockUnremindedOn(tx, tomorrow);
    if (rows.length === 0) return 0;
    await enqueue(
      tx,
      now,
      rows.map((r) => ({
        regionCode: r.regionCode,
        channel: 'sms' as const,
        recipient: r.phoneCipher,
        template: 'booking_reminder' as const,
        vars: {
          date: r.date,
          start: r.start,
          end: r.end,
          station: r.station,
          address: r.address,
          reference: r.reference,
        },
      })),
    );
    await q.markReminded(
      tx,
      rows.map((r) => r.id),
      now,
    );
    return rows.length;
  });
}

/** Staff view: the station's bookings and requests in [from, to], phones masked. */
export async function listStationAppointments(
  deps: Deps,
  actor: Actor,
  stationId: string,
  range: AppointmentRange,
): Promise<AppointmentItem[]> {
  await loadInScope(deps, actor, 'station', stationId, () => q.stationById(deps.db, stationId));
  const from = range.from ?? shanghaiDate(deps.now());
  const to = range.to ?? addDays(from, BOOKING_HORIZON_DAYS);
  const rows = await q.stationAppointments(deps.db, stationId, from, to);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** Sets how many people may book one shift (null: the station's capacity). */
export async function setShiftCapacity(
  deps: Deps,
  actor: Actor,
  shiftId: string,
  capacity: CapacityBody['capacity'],
) {
  await loadInScope(deps, actor, 'shift', shiftId, () => q.shiftById(deps.db, shiftId));
  await q.setShiftCapacity(deps.db, shiftId, capacity);
  return { ok: true };
}

/** Sets the station's default places per shift (null: the platform default). */
export async function setStationCapacity(
  deps: Deps,
  actor: Actor,
  stationId: string,
  capacity: CapacityBody['capacity'],
) {
  await loadInScope(deps, actor, 'station', stationId, () => q.stationById(deps.db, stationId));
  await q.setStationBookingCapacity(deps.db, stationId, capacity);
  return { ok: true };
}
