/**
 * Working days on the official Chinese holiday calendar, and the deadlines counted in them.
 *
 * Deadlines in DESIGN.md count working days: Monday–Friday, minus the statutory holidays
 * (法定节假日), plus the weekend days the State Council turns into working days (调休上班).
 * The calendar is data an administrator extends each year, so it is passed in, never global.
 */

import type { CalendarEntry } from './calendar-entry.ts';
import { addDays, assertIsoDate, diffDays, isoWeekday, yearOf } from './dates.ts';
import { completeYears, statutoryHolidays } from './statutory-days.ts';

export type { CalendarEntry };

/**
 * Thrown when a date falls in a year the calendar does not cover. A weekends-only guess would be
 * wrong by up to a week around 春节 and 国庆, so the domain refuses to guess — except for deadlines
 * in the year right after the last covered one, which count that year's statutory days and are
 * marked provisional (see {@link HolidayCalendar.provisionalYear}).
 */
export class CalendarMissingError extends Error {
  /** Stable error code, for problem+json `type`. */
  readonly code = 'calendar_missing';
  /** The year that has no holiday data. */
  readonly year: number;

  constructor(year: number) {
    super(`缺少 ${year} 年的节假日安排，请管理员先录入当年国务院办公厅节假日安排通知`);
    this.name = 'CalendarMissingError';
    this.year = year;
  }
}

/**
 * A working-day calendar over a set of covered years.
 *
 * Invariants: an entry overrides the weekday rule; two entries for the same date must agree on the
 * kind. {@link isWorkingDay} throws {@link CalendarMissingError} for a date in an uncovered year;
 * deadline arithmetic ({@link addWorkingDays}, {@link countWorkingDays}) also reaches into the
 * {@link provisionalYear}.
 */
export class HolidayCalendar {
  /** Covered years, ascending. */
  readonly years: number[];
  /**
   * The year after the last covered one. Its notice comes out in November or December, while
   * deadlines of 15 working days reach into January from mid-December: rather than stop every
   * referral until an administrator enters it, deadlines count its statutory days (fixed by law,
   * see statutory-days.ts) on weekdays, and the caller marks them provisional
   * ({@link isProvisional}) and recomputes them once the notice is entered. Only the 调休 can move
   * them, by a day or two. `null` for an empty calendar or a year the statutory rule does not span.
   */
  readonly provisionalYear: number | null;
  private readonly yearSet: ReadonlySet<number>;
  private readonly overrides: ReadonlyMap<string, CalendarEntry['kind']>;
  private readonly provisionalHolidays: ReadonlySet<string>;

  /**
   * @param entries holidays and make-up working days.
   * @param years covered years; default: every year entered in full ({@link completeYears}). Pass
   *   a year explicitly to declare it covered with no entries (weekends only), which must be a
   *   deliberate choice.
   */
  constructor(entries: readonly CalendarEntry[], years?: readonly number[]) {
    const overrides = new Map<string, CalendarEntry['kind']>();
    for (const e of entries) {
      assertIsoDate(e.date, 'calendar entry date');
      if (e.kind !== 'holiday' && e.kind !== 'workday') {
        throw new RangeError(`calendar entry ${e.date}: kind must be holiday or workday`);
      }
      const prev = overrides.get(e.date);
      if (prev !== undefined && prev !== e.kind) {
        throw new RangeError(`calendar entry ${e.date} is both a holiday and a workday`);
      }
      overrides.set(e.date, e.kind);
    }
    const ys = years ?? completeYears(entries);
    for (const y of ys) {
      if (!Number.isInteger(y) || y < 1 || y > 9999) throw new RangeError(`invalid calendar year ${y}`);
    }
    // Frozen: coverage is decided once, here; a caller pushing a year must build a new calendar.
    this.years = Object.freeze([...new Set(ys)].sort((a, b) => a - b)) as number[];
    this.yearSet = new Set(this.years);
    this.overrides = overrides;
    const next = this.years.length > 0 ? this.years[this.years.length - 1]! + 1 : null;
    this.provisionalYear = next !== null && next >= 2025 && next <= 2099 ? next : null;
    this.provisionalHolidays = new Set(
      this.provisionalYear === null ? [] : statutoryHolidays(this.provisionalYear).map((e) => e.date),
    );
  }

  /** True when `date` lies in the {@link provisionalYear}: a deadline there may still move. */
  isProvisional(date: string): boolean {
    assertIsoDate(date);
    return yearOf(date) === this.provisionalYear;
  }

  /** True when the calendar has data for `year` (a check that never throws). */
  coversYear(year: number): boolean {
    return this.yearSet.has(year);
  }

  /** True when `date` is a working day. Throws {@link CalendarMissingError} for an uncovered year. */
  isWorkingDay(date: string): boolean {
    assertIsoDate(date);
    const year = yearOf(date);
    if (!this.yearSet.has(year)) throw new CalendarMissingError(year);
    const kind = this.overrides.get(date);
    if (kind !== undefined) return kind === 'workday';
    return isoWeekday(date) <= 5;
  }

  /**
   * The `n`-th working day strictly after `date` (n = 0 returns `date` itself, working or not).
   * A deadline of "2 working days" from a Friday is therefore the next Tuesday.
   */
  addWorkingDays(date: string, n: number): string {
    assertIsoDate(date);
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    let d = date;
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.countsAsWorking(d)) left--;
    }
    return d;
  }

  /** {@link isWorkingDay}, reaching into the provisional year on its statutory days. */
  private countsAsWorking(date: string): boolean {
    if (yearOf(date) !== this.provisionalYear) return this.isWorkingDay(date);
    // The lines of the notice already entered count; the law's days fill the rest.
    const kind = this.overrides.get(date);
    if (kind !== undefined) return kind === 'workday';
    return isoWeekday(date) <= 5 && !this.provisionalHolidays.has(date);
  }

  /**
   * Working days in the half-open interval (from, to]: the days elapsed since `from`, so that
   * `countWorkingDays(d, addWorkingDays(d, n)) === n`. Antisymmetric: when `to` is before `from`
   * the result is `-countWorkingDays(to, from)` (working days still to go).
   */
  countWorkingDays(from: string, to: string): number {
    const span = diffDays(from, to);
    if (span < 0) {
      const ahead = this.countWorkingDays(to, from);
      return ahead === 0 ? 0 : -ahead; // never -0: callers compare with ===
    }
    let count = 0;
    let d = from;
    for (let i = 0; i < span; i++) {
      d = addDays(d, 1);
      if (this.countsAsWorking(d)) count++;
    }
    return count;
  }
}

/** China has used UTC+8 all year since 1992 (the 1986–1991 summer time is out of our range). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

function assertValidInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError('instant must be a valid Date');
  }
}

/**
 * The Asia/Shanghai calendar day (`YYYY-MM-DD`) of an instant. Computed with the fixed +08:00
 * offset, so the answer does not depend on the process TZ or on the host's tz database.
 */
export function shanghaiDate(instant: Date): string {
  assertValidInstant(instant);
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant 00:00:00.000 +08:00 at which a Shanghai day begins. */
export function startOfShanghaiDay(date: string): Date {
  assertIsoDate(date);
  return new Date(Date.parse(`${date}T00:00:00.000+08:00`));
}

/** The instant 23:59:59.999 +08:00 at which a Shanghai day ends: deadlines fall at day's end. */
export function endOfShanghaiDay(date: string): Date {
  assertIsoDate(date);
  return new Date(Date.parse(`${date}T23:59:59.999+08:00`));
}

/**
 * The deadline `workingDays` working days after `start`: the end of that Shanghai day. A case
 * registered on Friday evening with 2 working days to accept is due Tuesday 23:59:59.999 +08:00.
 */
export function workingDayDeadline(cal: HolidayCalendar, start: Date, workingDays: number): Date {
  return endOfShanghaiDay(cal.addWorkingDays(shanghaiDate(start), workingDays));
}

/**
 * The deadline `days` calendar days after `start`: the end of that Shanghai day. For the limits
 * DESIGN.md counts in plain days (events' take-home questions, the wait for a rating).
 */
export function calendarDayDeadline(start: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`days must be a non-negative integer, got ${days}`);
  }
  return endOfShanghaiDay(addDays(shanghaiDate(start), days));
}

/** Deadline settings; the server may override them per level and urgency. */
export type DeadlineSettings = {
  /** Working days for a department to accept (签收) a referred case. */
  acceptWorkingDays: number;
  /** Working days from acceptance to the reply (答复). */
  replyWorkingDays: number;
  /** Calendar days to answer a question taken home from an event (局长·代表面对面 …): one month. */
  eventQuestionCalendarDays: number;
  /** Calendar days to wait for the person's rating before the case may be closed without one. */
  ratingWaitDays: number;
};

/** The defaults of DESIGN.md: accept in 2 working days, reply in 15, event questions in a month. */
export const DEFAULT_DEADLINES: Readonly<DeadlineSettings> = Object.freeze({
  acceptWorkingDays: 2,
  replyWorkingDays: 15,
  eventQuestionCalendarDays: 30,
  ratingWaitDays: 7,
});
