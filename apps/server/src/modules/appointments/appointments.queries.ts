import { and, asc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { appointments, deputies, rotaShifts, shiftDeputies, stations } from '../../db/schema/index.ts';

export type ShiftRow = typeof rotaShifts.$inferSelect;

/** A station's published shifts in [from, to] with the places booked on each, by date and time. */
export async function publishedShifts(db: Db, stationId: string, from: string, to: string) {
  // Qualified by hand: inside a select list drizzle renders a column unqualified ("id"), which the
  // subquery would resolve to its own table.
  const booked = sql<number>`(select count(*)::int from ${appointments} a where a.shift_id = "rota_shifts"."id" and a.status = 'booked')`;
  return db
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
        eq(rotaShifts.stationId, stationId),
        eq(rotaShifts.status, 'published'),
        gte(rotaShifts.date, from),
        lte(rotaShifts.date, to),
      ),
    )
    .orderBy(asc(rotaShifts.date), asc(rotaShifts.startTime))
    .limit(60);
}

/** The deputies on each of some shifts, by name. */
export async function shiftDeputyNames(db: Db, shiftIds: string[]) {
  if (shiftIds.length === 0) return [];
  return db
    .select({ shiftId: shiftDeputies.shiftId, id: deputies.id, name: deputies.name })
    .from(shiftDeputies)
    .innerJoin(deputies, eq(deputies.id, shiftDeputies.deputyId))
    .where(inArray(shiftDeputies.shiftId, shiftIds))
    .orderBy(asc(deputies.name));
}

export async function stationRow(db: Db, id: string) {
  const [st] = await db.select().from(stations).where(eq(stations.id, id));
  return st;
}

/** A shift of a station, locked while its places are counted. */
export async function lockShift(db: Db, shiftId: string, stationId: string): Promise<ShiftRow | undefined> {
  const [shift] = await db
    .select()
    .from(rotaShifts)
    .where(and(eq(rotaShifts.id, shiftId), eq(rotaShifts.stationId, stationId)))
    .for('update');
  return shift;
}

export async function bookedCount(db: Db, shiftId: string): Promise<number> {
  const [{ n } = { n: 0 }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(appointments)
    .where(and(eq(appointments.shiftId, shiftId), eq(appointments.status, 'booked')));
  return Number(n);
}

/** Whether a phone (by blind index) already holds a place on a shift. */
export async function phoneHasBooked(db: Db, shiftId: string, phoneIndex: string): Promise<boolean> {
  const [dup] = await db
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.shiftId, shiftId),
        eq(appointments.phoneIndex, phoneIndex),
        eq(appointments.status, 'booked'),
      ),
    );
  return Boolean(dup);
}

export async function insertAppointment(db: Db, row: typeof appointments.$inferInsert): Promise<string> {
  const [inserted] = await db.insert(appointments).values(row).returning({ id: appointments.id });
  return inserted!.id;
}

export async function bookingByReference(db: Db, reference: string) {
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
  return row;
}

/**
 * Bookings on a published shift on `date` not reminded yet, locked (SKIP LOCKED: a second worker
 * takes the others or none).
 */
export async function lockUnremindedOn(db: Db, date: string) {
  return db
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
        eq(rotaShifts.date, date),
        eq(rotaShifts.status, 'published'),
      ),
    )
    .for('update', { of: appointments, skipLocked: true });
}

export async function markReminded(db: Db, ids: string[], at: Date): Promise<void> {
  await db.update(appointments).set({ remindedAt: at }).where(inArray(appointments.id, ids));
}

/** A station's bookings and requests whose day (the shift's, or the one asked for) is in [from, to]. */
export async function stationAppointments(db: Db, stationId: string, from: string, to: string) {
  const day = sql<string>`coalesce(${rotaShifts.date}, ${appointments.preferredDate})`;
  return db
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
}

export async function stationById(db: Db, id: string) {
  return db.query.stations.findFirst({ where: eq(stations.id, id) });
}

export async function shiftById(db: Db, id: string) {
  return db.query.rotaShifts.findFirst({ where: eq(rotaShifts.id, id) });
}

export async function setShiftCapacity(db: Db, id: string, capacity: number | null): Promise<void> {
  await db.update(rotaShifts).set({ capacity }).where(eq(rotaShifts.id, id));
}

export async function setStationBookingCapacity(db: Db, id: string, capacity: number | null): Promise<void> {
  await db.update(stations).set({ bookingCapacity: capacity }).where(eq(stations.id, id));
}
