import { type CalendarEntry, DEFAULT_CALENDAR_ENTRIES } from '@lianluo/domain';
import { asc } from 'drizzle-orm';
import type { Db } from './db/client.ts';
import { calendarDays } from './db/schema/index.ts';

/** Writes the shipped calendar years, leaving days already in the table as they are. */
export async function insertShippedCalendar(db: Db): Promise<void> {
  await db
    .insert(calendarDays)
    .values(DEFAULT_CALENDAR_ENTRIES.map((e) => ({ date: e.date, kind: e.kind, name: e.name })))
    .onConflictDoNothing();
}

/** Every calendar day in the table, in date order. */
export async function calendarRows(db: Db): Promise<CalendarEntry[]> {
  const rows = await db.select().from(calendarDays).orderBy(asc(calendarDays.date));
  return rows.map((r) => ({ date: r.date, kind: r.kind as CalendarEntry['kind'], name: r.name }));
}
