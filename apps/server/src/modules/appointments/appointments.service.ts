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
import { and, asc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { loadInScope } from '../../core/scope.ts';
import type { Db } from '../../db/client.ts';
import { appointments, deputies, rotaShifts, shiftDeputies, stations } from '../../db/schema/index.ts';
import { enqueue } from '../notify/notify.service.ts';

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
  // Qualified by hand: inside a select list drizzle renders a column unqualified ("id"), which the
  // subquery would resolve to its own table.
  const booked = sql<number>`(select count(*)::int from ${appointments} a where a.shift_id = "rota_shifts"."id" and a.status = 'booked')`;
  const rows = await db
    .select({
      id: rotaShifts.id,
      date: rotaShifts.date,
      startTime: rotaShifts.startTime,
      endTime: rotaShifts.endTime,
      status: rotaShifts.status,
      capacity: rotaShifts.capacity,
      booked,
    })
    .from(rotaShifts)
    .where(
      and(
        eq(rotaShifts.stationId, station.id),
        eq(rotaShifts.status, 'published'),
        gte(rotaShifts.date, from),
        lte(rotaShifts.date, addDays(from, days)),
      ),
    )
    .orderBy(asc(rotaShifts.date), asc(rotaShifts.startTime))
    .limit(60);
  const people = rows.length
    ? await db
        .select({ shiftId: shiftDeputies.shiftId, id: deputies.id, name: deputies.name })
        .from(shiftDeputies)
        .innerJoin(deputies, eq(deputies.id, shiftDeputies.deputyId))
        .where(
          inArray(
            shiftDeputies.shiftId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(deputies.name))
    : [];
  return rows.map((r) => ({
    ...r,
    capacity: shiftCapacity(r.capacity, station.bookingCapacity),
    booked: Number(r.booked),
    deputies: people.filter((p) => p.shiftId === r.id).map((p) => ({ id: p.id, name: p.name })),
  }));
}

const REF_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** 8 characters from an alphabet without look-alikes (0/O, 1/I/L): easy to read out at a desk. */
export const newReference = () =>
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

/** A refusal the form shows next to the fields, with nothing stored. */
export class BookingRefused extends Error {}

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
  if (problems.length) throw new BookingRefused(problems.join('；'));
  // No one-time code is asked for a booking: the public module's codes (requestCode/verifyCode in
  // modules/public/opinion.service.ts) verify the phone of an opinion only. A booking's confirmation
  // and reminder go by SMS to the number given, and the public booking route limits bookings per
  // phone and per address (PUBLIC_LIMITS.bookPhone, bookIp). Were a code required, it would be
  // checked here, before anything is written, and refused like the checks above.
  const now = deps.now();
  const name = input.name.trim();
  return deps.db.transaction(async (tx) => {
    const [st] = await tx.select().from(stations).where(eq(stations.id, input.stationId));
    if (!st) throw new AppError('not_found');
    let shift: typeof rotaShifts.$inferSelect | undefined;
    if (input.shiftId) {
      [shift] = await tx
        .select()
        .from(rotaShifts)
        .where(and(eq(rotaShifts.id, input.shiftId), eq(rotaShifts.stationId, st.id)))
        .for('update');
      if (!shift) throw new BookingRefused('没有找到该接待日，请重新选择');
      const [{ n } = { n: 0 }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(appointments)
        .where(and(eq(appointments.shiftId, shift.id), eq(appointments.status, 'booked')));
      const problem = bookingProblem(
        {
          date: shift.date,
          startTime: shift.startTime,
          status: shift.status,
          capacity: shiftCapacity(shift.capacity, st.bookingCapacity),
          booked: Number(n),
        },
        shanghaiDate(now),
        hhmmShanghai(now),
      );
      if (problem) throw new BookingRefused(problem);
    }
    const phoneIndex = deps.crypto.blindIndex(phone!);
    if (shift) {
      const [dup] = await tx
        .select({ id: appointments.id })
        .from(appointments)
        .where(
          and(
            eq(appointments.shiftId, shift.id),
            eq(appointments.phoneIndex, phoneIndex),
            eq(appointments.status, 'booked'),
          ),
        );
      if (dup) throw new BookingRefused('该手机号已预约这个接待日，无需重复预约');
    }
    const reference = newReference();
    const phoneCipher = deps.crypto.encrypt(phone!);
    const [row] = await tx
      .insert(appointments)
      .values({
        regionCode: st.regionCode,
        stationId: st.id,
        shiftId: shift?.id ?? null,
        preferredDate: shift ? null : input.preferredDate!,
        preferredTime: shift ? '' : (input.preferredTime ?? '').trim(),
        reference,
        visitorName: name,
        phoneCipher,
        phoneMasked: maskPhone(phone!),
        phoneIndex,
        topic: input.topic.trim(),
        status: shift ? 'booked' : 'requested',
        createdAt: now,
      })
      .returning({ id: appointments.id });
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
    return { reference, id: row!.id };
  });
}

/** What the confirmation page shows for a reference: masked, nothing a stranger could use. */
export async function findByReference(db: Db, reference: string) {
  if (!/^[A-Z0-9]{8}$/.test(reference)) return null;
  const [row] = await db
    .select({
      reference: appointments.reference,
      status: appointments.status,
      visitorName: appointments.visitorName,
      phoneMasked: appointments.phoneMasked,
      preferredDate: appointments.preferredDate,
      preferredTime: appointments.preferredTime,
      stationId: stations.id,
      stationName: stations.name,
      address: stations.address,
      date: rotaShifts.date,
      startTime: rotaShifts.startTime,
      endTime: rotaShifts.endTime,
    })
    .from(appointments)
    .innerJoin(stations, eq(stations.id, appointments.stationId))
    .leftJoin(rotaShifts, eq(rotaShifts.id, appointments.shiftId))
    .where(eq(appointments.reference, reference));
  return row ? { ...row, visitorName: maskName(row.visitorName) } : null;
}

/**
 * Queues the day-before reminder for every booking on a published shift tomorrow (Shanghai).
 * Idempotent: a reminded booking is stamped, and SKIP LOCKED lets two workers run it at once.
 */
export async function enqueueAppointmentReminders(db: Db, now: Date): Promise<number> {
  const tomorrow = addDays(shanghaiDate(now), 1);
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: appointments.id,
        regionCode: appointments.regionCode,
        phoneCipher: appointments.phoneCipher,
        reference: appointments.reference,
        date: rotaShifts.date,
        start: rotaShifts.startTime,
        end: rotaShifts.endTime,
        station: stations.name,
        address: stations.address,
      })
      .from(appointments)
      .innerJoin(rotaShifts, eq(rotaShifts.id, appointments.shiftId))
      .innerJoin(stations, eq(stations.id, appointments.stationId))
      .where(
        and(
          isNull(appointments.remindedAt),
          eq(appointments.status, 'booked'),
          eq(rotaShifts.date, tomorrow),
          eq(rotaShifts.status, 'published'),
        ),
      )
      .for('update', { of: appointments, skipLocked: true });
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
    await tx
      .update(appointments)
      .set({ remindedAt: now })
      .where(
        inArray(
          appointments.id,
          rows.map((r) => r.id),
        ),
      );
    return rows.length;
  });
}

/** Staff view: the station's bookings and requests in [from, to], phones masked. */
export async function listStationAppointments(
  deps: D,
  actor: Actor,
  stationId: string,
  range: { from?: string; to?: string },
) {
  await loadInScope(deps as Deps, actor, 'station', stationId, () =>
    deps.db.query.stations.findFirst({ where: eq(stations.id, stationId) }),
  );
  const from = range.from ?? shanghaiDate(deps.now());
  const to = range.to ?? addDays(from, BOOKING_HORIZON_DAYS);
  const day = sql<string>`coalesce(${rotaShifts.date}, ${appointments.preferredDate})`;
  const rows = await deps.db
    .select({
      id: appointments.id,
      reference: appointments.reference,
      shiftId: appointments.shiftId,
      date: day,
      startTime: rotaShifts.startTime,
      endTime: rotaShifts.endTime,
      preferredTime: appointments.preferredTime,
      visitorName: appointments.visitorName,
      phone: appointments.phoneMasked,
      topic: appointments.topic,
      status: appointments.status,
      createdAt: appointments.createdAt,
    })
    .from(appointments)
    .leftJoin(rotaShifts, eq(rotaShifts.id, appointments.shiftId))
    .where(and(eq(appointments.stationId, stationId), sql`${day} between ${from} and ${to}`))
    .orderBy(asc(day), asc(appointments.createdAt))
    .limit(500);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

/** Sets how many people may book one shift (null: the station's capacity). */
export async function setShiftCapacity(deps: D, actor: Actor, shiftId: string, capacity: number | null) {
  await loadInScope(deps as Deps, actor, 'shift', shiftId, () =>
    deps.db.query.rotaShifts.findFirst({ where: eq(rotaShifts.id, shiftId) }),
  );
  await deps.db.update(rotaShifts).set({ capacity }).where(eq(rotaShifts.id, shiftId));
  return { ok: true };
}

/** Sets the station's default places per shift (null: the platform default). */
export async function setStationCapacity(deps: D, actor: Actor, stationId: string, capacity: number | null) {
  await loadInScope(deps as Deps, actor, 'station', stationId, () =>
    deps.db.query.stations.findFirst({ where: eq(stations.id, stationId) }),
  );
  await deps.db.update(stations).set({ bookingCapacity: capacity }).where(eq(stations.id, stationId));
  return { ok: true };
}
