import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { calendarDays } from '../../db/schema/index.ts';

export type CalendarDayRow = typeof calendarDays.$inferSelect;

/** The entered days, in date order; with `year`, that year's only. */
export async function selectDays(db: Db, year?: number): Promise<CalendarDayRow[]> {
  return db
    .select()
    .from(calendarDays)
    .where(
      year
        ? and(gte(calendarDays.date, `${year}-01-01`), lt(calendarDays.date, `${year + 1}-01-01`))
        : undefined,
    )
    .orderBy(asc(calendarDays.date));
}

/** The rows of these dates as they are now (what an upsert is about to replace). */
export async function selectDaysOn(db: Db, dates: string[]): Promise<CalendarDayRow[]> {
  return db.select().from(calendarDays).where(inArray(calendarDays.date, dates));
}

/** Inserts the days; a date already there takes the new kind and name. */
export async function upsertDays(db: Db, days: CalendarDayRow[]): Promise<void> {
  await db
    .insert(calendarDays)
    .values(days)
    .onConflictDoUpdate({
      target: calendarDays.date,
      set: { kind: sql`excluded.kind`, name: sql`excluded.name` },
    });
}

/** Deletes one day; the row it was, or undefined when there was none. */
export async function deleteDayRow(db: Db, date: string): Promise<CalendarDayRow | undefined> {
  const [row] = await db.delete(calendarDays).where(eq(calendarDays.date, date)).returning();
  return row;
}
