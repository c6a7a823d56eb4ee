/**
 * What an administrator may enter into the holiday calendar, and when the calendar needs them.
 *
 * The calendar is typed in by hand from the State Council notice each year, so a typo (a year
 * too far, a 调休 day on a weekday, one day listed both as 放假 and 上班) is caught here rather
 * than silently shifting every deadline that crosses it.
 */

import type { CalendarEntry } from './calendar-entry.ts';
import { isIsoDate, isoWeekday, yearOf } from './dates.ts';

/** The first year the calendar accepts (the listing API's lower bound too). */
export const CALENDAR_MIN_YEAR = 2000;

/**
 * The years an entry may fall in on `today`: from {@link CALENDAR_MIN_YEAR} to next year. The
 * notice for a year is published in the autumn before it, so a later year can only be a typo.
 */
export function calendarYearRange(today: string): { min: number; max: number } {
  return { min: CALENDAR_MIN_YEAR, max: yearOf(today) + 1 };
}

/**
 * Why `entries` cannot be stored, one Chinese sentence per problem (empty when they can).
 * Checked: real days, years within {@link calendarYearRange}, a 调休 working day on a Saturday or
 * Sunday (a weekday is a working day anyway, so such a line is a mistake), a festival name, and
 * no date given twice.
 */
export function calendarEntryProblems(entries: readonly CalendarEntry[], today: string): string[] {
  const { min, max } = calendarYearRange(today);
  const problems: string[] = [];
  const seen = new Map<string, CalendarEntry['kind']>();
  for (const e of entries) {
    if (typeof e.date !== 'string' || !isIsoDate(e.date)) {
      problems.push(`日期不正确：${String(e.date)}`);
      continue;
    }
    const year = yearOf(e.date);
    if (year < min || year > max) {
      problems.push(`${e.date}：只能录入${min}年至${max}年的节假日安排`);
      continue;
    }
    if (e.kind !== 'holiday' && e.kind !== 'workday') {
      problems.push(`${e.date}：类型只能是放假（holiday）或调休上班（workday）`);
      continue;
    }
    if (typeof e.name !== 'string' || !e.name.trim()) problems.push(`${e.date}：请填写节日名称`);
    if (e.kind === 'workday' && isoWeekday(e.date) <= 5) {
      problems.push(`${e.date} 是工作日，调休上班日应为星期六或星期日`);
    }
    const prev = seen.get(e.date);
    if (prev === undefined) seen.set(e.date, e.kind);
    else if (prev !== e.kind) problems.push(`${e.date} 同时被录入为放假和调休上班`);
    else problems.push(`${e.date} 重复录入`);
  }
  return problems;
}

/** A year whose notice is missing while deadlines already need it. */
export type CalendarWarning = {
  year: number;
  /** `current_year`: deadlines fail today; `next_year`: they will once they cross 31 December. */
  reason: 'current_year' | 'next_year';
};

/**
 * The years an administrator must load now, given the covered years and today's Shanghai date:
 * the current year whenever it is missing, and next year from 1 November (15 working days
 * reach into January from mid-December, and the notice is usually out by then).
 */
export function calendarWarnings(today: string, loadedYears: readonly number[]): CalendarWarning[] {
  const year = yearOf(today);
  const loaded = new Set(loadedYears);
  const out: CalendarWarning[] = [];
  if (!loaded.has(year)) out.push({ year, reason: 'current_year' });
  if (today.slice(5) >= '11-01' && !loaded.has(year + 1)) out.push({ year: year + 1, reason: 'next_year' });
  return out;
}
