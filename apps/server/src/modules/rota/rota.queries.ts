import type { RotaRule } from '@lianluo/domain';
import { and, asc, eq, gte, inArray, lte, ne, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  appointments,
  cases,
  deputies,
  receptions,
  rotaRules,
  rotaShifts,
  shiftDeputies,
  shiftSwaps,
  stations,
} from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';

// ---------------------------------------------------------------------------------------------
// Rules.

export async function insertRule(db: Db, values: typeof rotaRules.$inferInsert): Promise<{ id: string }> {
  const [row] = await db.insert(rotaRules).values(values).returning({ id: rotaRules.id });
  return row!;
}

/** A rule with its jsonb columns typed as they are written (createRule checks them first). */
export async function findRule(db: Db, id: string) {
  const row = await db.query.rotaRules.findFirst({ where: eq(rotaRules.id, id) });
  return row && { ...row, rule: row.rule as RotaRule, deputyIds: row.deputyIds as string[] };
}

/** A station's rules, oldest first, their jsonb columns typed as findRule types them. */
export async function rulesOfStation(db: Db, stationId: string) {
  const rows = await db
    .select()
    .from(rotaRules)
    .where(eq(rotaRules.stationId, stationId))
    .orderBy(asc(rotaRules.createdAt));
  return rows.map((row) => ({ ...row, rule: row.rule as RotaRule, deputyIds: row.deputyIds as string[] }));
}
export type RuleRow = Awaited<ReturnType<typeof rulesOfStation>>[number];

/** Whether the rule already has a shift in [from, to]. */
export async function ruleHasShiftsIn(db: Db, ruleId: string, from: string, to: string): Promise<boolean> {
  const already = await db
    .select({ id: rotaShifts.id })
    .from(rotaShifts)
    .where(and(eq(rotaShifts.ruleId, ruleId), gte(rotaShifts.date, from), lte(rotaShifts.date, to)))
    .limit(1);
  return already.length > 0;
}

// ---------------------------------------------------------------------------------------------
// Shifts and who is on them.

export async function findShift(db: Db, id: string) {
  return db.query.rotaShifts.findFirst({ where: eq(rotaShifts.id, id) });
}

/** Existing (not cancelled) bookings of these deputies in [from, to], with times. */
export async function bookings(db: Db, deputyIds: string[], from: string, to: string) {
  if (deputyIds.length === 0) return [];
  return db
    .select({
      deputyId: shiftDeputies.deputyId,
      shiftId: rotaShifts.id,
      date: rotaShifts.date,
      start: rotaShifts.startTime,
      end: rotaShifts.endTime,
      stationName: stations.name,
    })
    .from(shiftDeputies)
    .innerJoin(rotaShifts, eq(rotaShifts.id, shiftDeputies.shiftId))
    .innerJoin(stations, eq(stations.id, rotaShifts.stationId))
    .where(
      and(
        inArray(shiftDeputies.deputyId, deputyIds),
        gte(rotaShifts.date, from),
        lte(rotaShifts.date, to),
        ne(rotaShifts.status, 'cancelled'),
      ),
    );
}

export interface ShiftFilter {
  scope: string;
  stationId?: string;
  deputyId?: string;
  from?: string;
  to?: string;
}

/** Shifts in a scope (at most 500), by date and station name. */
export async function selectShifts(db: Db, f: ShiftFilter) {
  return db
    .select({
      id: rotaShifts.id,
      date: rotaShifts.date,
      startTime: rotaShifts.startTime,
      endTime: rotaShifts.endTime,
      status: rotaShifts.status,
      stationId: rotaShifts.stationId,
      stationName: stations.name,
      regionCode: rotaShifts.regionCode,
    })
    .from(rotaShifts)
    .innerJoin(stations, eq(stations.id, rotaShifts.stationId))
    .where(
      and(
        scopeWhere(rotaShifts.regionCode, f.scope),
        f.stationId ? eq(rotaShifts.stationId, f.stationId) : undefined,
        f.from ? gte(rotaShifts.date, f.from) : undefined,
        f.to ? lte(rotaShifts.date, f.to) : undefined,
        f.deputyId
          ? inArray(
              rotaShifts.id,
              db
                .select({ id: shiftDeputies.shiftId })
                .from(shiftDeputies)
                .where(eq(shiftDeputies.deputyId, f.deputyId)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(rotaShifts.date), asc(stations.name))
    .limit(500);
}
export type ShiftRow = Awaited<ReturnType<typeof selectShifts>>[number];

/** The deputies rostered on these shifts, with their check-in. */
export async function deputiesOnShifts(db: Db, shiftIds: string[]) {
  return db
    .select({
      shiftId: shiftDeputies.shiftId,
      deputyId: shiftDeputies.deputyId,
      name: deputies.name,
      attendance: shiftDeputies.attendance,
      checkedInAt: shiftDeputies.checkedInAt,
      method: shiftDeputies.checkInMethod,
    })
    .from(shiftDeputies)
    .innerJoin(deputies, eq(deputies.id, shiftDeputies.deputyId))
    .where(inArray(shiftDeputies.shiftId, shiftIds));
}
export type ShiftDeputyRow = Awaited<ReturnType<typeof deputiesOnShifts>>[number];

export async function isOnShift(db: Db, shiftId: string, deputyId: string): Promise<boolean> {
  const on = await db
    .select()
    .from(shiftDeputies)
    .where(and(eq(shiftDeputies.shiftId, shiftId), eq(shiftDeputies.deputyId, deputyId)));
  return on.length > 0;
}

/** Today's (not cancelled) shift of a deputy at a station, with its start time. */
export async function shiftOfDeputyOn(db: Db, deputyId: string, stationId: string, date: string) {
  const [mine] = await db
    .select({ shiftId: rotaShifts.id, start: rotaShifts.startTime })
    .from(shiftDeputies)
    .innerJoin(rotaShifts, eq(rotaShifts.id, shiftDeputies.shiftId))
    .where(
      and(
        eq(shiftDeputies.deputyId, deputyId),
        eq(rotaShifts.stationId, stationId),
        eq(rotaShifts.date, date),
        ne(rotaShifts.status, 'cancelled'),
      ),
    );
  return mine;
}

/** Publishes shifts of one station; the new rows' ids and dates, in the order given. */
export async function insertShifts(
  db: Db,
  station: { id: string; regionCode: string },
  dates: string[],
  times: { start: string; end: string; ruleId: string | null },
) {
  return db
    .insert(rotaShifts)
    .values(
      dates.map((date) => ({
        regionCode: station.regionCode,
        stationId: station.id,
        date,
        startTime: times.start,
        endTime: times.end,
        status: 'published',
        ruleId: times.ruleId,
      })),
    )
    .returning({ id: rotaShifts.id, date: rotaShifts.date });
}

export async function insertShiftDeputies(
  db: Db,
  rows: (typeof shiftDeputies.$inferInsert)[],
): Promise<void> {
  await db.insert(shiftDeputies).values(rows);
}

/** Rosters a deputy on a shift; already there is left as it is. */
export async function addShiftDeputy(db: Db, row: typeof shiftDeputies.$inferInsert): Promise<void> {
  await db.insert(shiftDeputies).values(row).onConflictDoNothing();
}

/** Takes a deputy who has not checked in off a shift; whether there was such a row. */
export async function removePendingShiftDeputy(db: Db, shiftId: string, deputyId: string): Promise<boolean> {
  const removed = await db
    .delete(shiftDeputies)
    .where(
      and(
        eq(shiftDeputies.shiftId, shiftId),
        eq(shiftDeputies.deputyId, deputyId),
        eq(shiftDeputies.attendance, 'pending'),
      ),
    )
    .returning({ id: shiftDeputies.deputyId });
  return removed.length > 0;
}

export async function insertSwap(db: Db, values: typeof shiftSwaps.$inferInsert): Promise<void> {
  await db.insert(shiftSwaps).values(values);
}

/** Records an arrival (present or late, and how); whether the deputy is on the shift. */
export async function setCheckedIn(
  db: Db,
  shiftId: string,
  deputyId: string,
  set: { attendance: 'present' | 'late'; checkedInAt: Date; checkInMethod: 'qr' | 'officer' },
): Promise<boolean> {
  const updated = await db
    .update(shiftDeputies)
    .set(set)
    .where(and(eq(shiftDeputies.shiftId, shiftId), eq(shiftDeputies.deputyId, deputyId)))
    .returning({ shiftId: shiftDeputies.shiftId });
  return updated.length > 0;
}

/** Marks a deputy who has no check-in absent; whether there was such a row. */
export async function setAbsentIfPending(db: Db, shiftId: string, deputyId: string): Promise<boolean> {
  const updated = await db
    .update(shiftDeputies)
    .set({ attendance: 'absent' })
    .where(
      and(
        eq(shiftDeputies.shiftId, shiftId),
        eq(shiftDeputies.deputyId, deputyId),
        eq(shiftDeputies.attendance, 'pending'),
      ),
    )
    .returning({ id: shiftDeputies.deputyId });
  return updated.length > 0;
}

// ---------------------------------------------------------------------------------------------
// What the shift page shows besides the roster: swaps, the visitor register, bookings.

export async function swapsOfShift(db: Db, shiftId: string) {
  return db.select().from(shiftSwaps).where(eq(shiftSwaps.shiftId, shiftId)).orderBy(asc(shiftSwaps.at));
}
export type SwapRow = Awaited<ReturnType<typeof swapsOfShift>>[number];

export async function receptionsOfShift(db: Db, shiftId: string) {
  return db
    .select({
      id: receptions.id,
      visitorName: receptions.visitorName,
      summary: receptions.summary,
      deputyId: receptions.deputyId,
      receivedAt: receptions.receivedAt,
      caseId: receptions.caseId,
    })
    .from(receptions)
    .where(eq(receptions.shiftId, shiftId))
    .orderBy(asc(receptions.receivedAt));
}
export type ReceptionRow = Awaited<ReturnType<typeof receptionsOfShift>>[number];

/** Cases registered from these visitor-register rows, or linked to them by id. */
export async function casesOfReceptions(db: Db, receptionIds: string[], caseIds: string[]) {
  return db
    .select({ id: cases.id, number: cases.number, title: cases.title, receptionId: cases.receptionId })
    .from(cases)
    .where(
      or(
        inArray(cases.receptionId, receptionIds),
        inArray(cases.id, caseIds.concat(['00000000-0000-0000-0000-000000000000'])),
      ),
    );
}
export type ReceptionCaseRow = Awaited<ReturnType<typeof casesOfReceptions>>[number];

/** People who booked the shift on the station's public page (预约), in the order they booked. */
export async function appointmentsOfShift(db: Db, shiftId: string) {
  return db
    .select({
      id: appointments.id,
      reference: appointments.reference,
      visitorName: appointments.visitorName,
      phone: appointments.phoneMasked,
      topic: appointments.topic,
      status: appointments.status,
      createdAt: appointments.createdAt,
    })
    .from(appointments)
    .where(eq(appointments.shiftId, shiftId))
    .orderBy(asc(appointments.createdAt));
}
export type AppointmentRow = Awaited<ReturnType<typeof appointmentsOfShift>>[number];

export async function findCase(db: Db, id: string) {
  return db.query.cases.findFirst({ where: eq(cases.id, id) });
}

export async function findReception(db: Db, id: string) {
  return db.query.receptions.findFirst({ where: eq(receptions.id, id) });
}

export async function insertReception(
  db: Db,
  values: typeof receptions.$inferInsert,
): Promise<{ id: string }> {
  const [row] = await db.insert(receptions).values(values).returning({ id: receptions.id });
  return row!;
}

export async function setReceptionCase(db: Db, receptionId: string, caseId: string | null): Promise<void> {
  await db.update(receptions).set({ caseId }).where(eq(receptions.id, receptionId));
}
