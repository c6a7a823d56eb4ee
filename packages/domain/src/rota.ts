/**
 * Reception rotas (DESIGN.md, "Rota and attendance"): a rule such as "every Monday", "the 15th",
 * "the first Wednesday" or "market days" expands into the days deputies receive constituents
 * at a station, and deputies are spread fairly over those days.
 *
 * Holidays: a station is staffed on working days, so a rule date that is not a working day moves
 * to the next working day (a Monday rota in 国庆 week meets on the first working day after it).
 * Two rule dates that move to the same day give one shift, not two.
 *
 * Period boundaries: `expandRule(rule, from, to)` returns the *moved* dates that fall in
 * [from, to]. A rule date just before `from` that moves into the period belongs to it, and one
 * near `to` that moves past it belongs to the next period. Expanding consecutive periods
 * therefore yields each shift exactly once, never zero times and never twice.
 */

import type { HolidayCalendar } from './calendar.ts';
import {
  addDays,
  assertIsoDate,
  daysInMonth,
  type IsoWeekday,
  isIsoDate,
  isoWeekday,
  yearOf,
} from './dates.ts';

/** Day of a month, 1–31. */
export type DayOfMonth =
  | 1
  | 2
  | 3
  | 4
  | 5
  | 6
  | 7
  | 8
  | 9
  | 10
  | 11
  | 12
  | 13
  | 14
  | 15
  | 16
  | 17
  | 18
  | 19
  | 20
  | 21
  | 22
  | 23
  | 24
  | 25
  | 26
  | 27
  | 28
  | 29
  | 30
  | 31;

/**
 * A rota rule. Weekdays are ISO: 1 = Monday … 7 = Sunday.
 * - `weekly`: every given weekday.
 * - `monthly`: the given day of each month; in a shorter month, its last day (the 31st means
 *   "month end", so February is not skipped).
 * - `nth_weekday`: the n-th given weekday of each month, `-1` the last; a month without a 5th
 *   one has no occurrence.
 * - `market_days` (赶集日): explicit `dates`, and/or the days of the month whose last digit is in
 *   `lunarDigits` (逢一四七: [1, 4, 7] → the 1st, 4th, 7th, 11th … 27th; 0 → 10th, 20th, 30th).
 *   The digits are read on the Chinese lunar calendar (农历), on which rural markets are held;
 *   `calendar: 'gregorian'` reads them on the ordinary calendar instead (where 0 and 1 also
 *   match the 30th and 31st).
 */
export type RotaRule =
  | { kind: 'weekly'; weekday: IsoWeekday }
  | { kind: 'monthly'; day: DayOfMonth }
  | { kind: 'nth_weekday'; n: 1 | 2 | 3 | 4 | 5 | -1; weekday: IsoWeekday }
  | { kind: 'market_days'; dates?: string[]; lunarDigits?: number[]; calendar?: 'lunar' | 'gregorian' };

const isInt = (x: unknown, lo: number, hi: number) =>
  typeof x === 'number' && Number.isInteger(x) && x >= lo && x <= hi;

/** Problems with a rule as it came from a form or the database, in Chinese; empty when valid. */
export function rotaRuleProblems(rule: unknown): string[] {
  if (typeof rule !== 'object' || rule === null) return ['排班规则缺失'];
  const r = rule as Record<string, unknown>;
  switch (r.kind) {
    case 'weekly':
      return isInt(r.weekday, 1, 7) ? [] : ['星期须为 1（周一）至 7（周日）'];
    case 'monthly':
      return isInt(r.day, 1, 31) ? [] : ['日期须为每月 1 至 31 日'];
    case 'nth_weekday': {
      const problems: string[] = [];
      if (!(isInt(r.n, 1, 5) || r.n === -1)) problems.push('第几个须为 1 至 5，或 -1 表示最后一个');
      if (!isInt(r.weekday, 1, 7)) problems.push('星期须为 1（周一）至 7（周日）');
      return problems;
    }
    case 'market_days': {
      const problems: string[] = [];
      const { dates, lunarDigits, calendar } = r;
      if (
        dates !== undefined &&
        !(Array.isArray(dates) && dates.every((d) => typeof d === 'string' && isIsoDate(d)))
      ) {
        problems.push('集日日期须为 YYYY-MM-DD 格式的列表');
      }
      if (
        lunarDigits !== undefined &&
        !(Array.isArray(lunarDigits) && lunarDigits.every((d) => isInt(d, 0, 9)))
      ) {
        problems.push('逢几赶集须为 0 至 9 的数字列表');
      }
      if (calendar !== undefined && calendar !== 'lunar' && calendar !== 'gregorian') {
        problems.push('历法须为农历（lunar）或公历（gregorian）');
      }
      return problems;
    }
    default:
      return ['未知的排班规则类型'];
  }
}

/** True when `x` is a valid rota rule. */
export function isRotaRule(x: unknown): x is RotaRule {
  return rotaRuleProblems(x).length === 0;
}

let lunarDayFormat: Intl.DateTimeFormat | undefined;

/** Day of the lunar month (1–30) of a Gregorian date, from ICU's Chinese calendar. */
export function lunarDayOfMonth(date: string): number {
  assertIsoDate(date);
  if (lunarDayFormat === undefined) {
    const f = new Intl.DateTimeFormat('en-u-ca-chinese-nu-latn', { timeZone: 'UTC', day: 'numeric' });
    // A Node built with small-icu silently falls back to the Gregorian calendar: refuse instead.
    if (f.resolvedOptions().calendar !== 'chinese') {
      throw new Error(
        'this Node.js build has no Chinese calendar (full ICU is required for 农历 market days)',
      );
    }
    lunarDayFormat = f;
  }
  const part = lunarDayFormat.formatToParts(new Date(`${date}T00:00:00Z`)).find((p) => p.type === 'day');
  return Number(part?.value);
}

/** The matcher of a rule: does the rule fall on `date` (before moving off non-working days)? */
function matcher(rule: RotaRule): (date: string) => boolean {
  const dom = (d: string) => Number(d.slice(8, 10));
  const monthLength = (d: string) => daysInMonth(yearOf(d), Number(d.slice(5, 7)));
  switch (rule.kind) {
    case 'weekly':
      return (d) => isoWeekday(d) === rule.weekday;
    case 'monthly':
      return (d) => dom(d) === Math.min(rule.day, monthLength(d));
    case 'nth_weekday':
      return (d) =>
        isoWeekday(d) === rule.weekday &&
        (rule.n === -1 ? dom(d) + 7 > monthLength(d) : Math.ceil(dom(d) / 7) === rule.n);
    case 'market_days': {
      const dates = new Set(rule.dates ?? []);
      const digits = new Set(rule.lunarDigits ?? []);
      const dayOf = rule.calendar === 'gregorian' ? dom : lunarDayOfMonth;
      return (d) => dates.has(d) || (digits.size > 0 && digits.has(dayOf(d) % 10));
    }
    default: {
      const unknown: never = rule;
      throw new RangeError(`unknown rota rule ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The shift days of a rule in [from, to], ascending and unique, each a working day (see the file
 * comment for holidays and period boundaries). `[]` when the rule yields nothing in the period;
 * the caller reports that. Throws a RangeError on an invalid rule or period, and
 * CalendarMissingError when the period reaches a year the calendar does not cover.
 */
export function expandRule(rule: RotaRule, from: string, to: string, cal: HolidayCalendar): string[] {
  assertIsoDate(from, 'from');
  assertIsoDate(to, 'to');
  if (from > to) throw new RangeError(`empty period: ${from} is after ${to}`);
  const problems = rotaRuleProblems(rule);
  if (problems.length > 0) throw new RangeError(`invalid rota rule: ${problems.join('；')}`);
  const matches = matcher(rule);

  // Reach back over the non-working days just before `from`: their rule dates move into the period.
  let start = from;
  for (let d = addDays(from, -1); cal.coversYear(yearOf(d)) && !cal.isWorkingDay(d); d = addDays(d, -1)) {
    start = d;
  }

  const out = new Set<string>();
  for (let d = start; d <= to; d = addDays(d, 1)) {
    if (!matches(d)) continue;
    let w = d;
    // Stop at `to`: past it the shift belongs to the next period, whose calendar may not exist yet.
    while (w <= to && !cal.isWorkingDay(w)) w = addDays(w, 1);
    if (w >= from && w <= to) out.add(w);
  }
  return [...out].sort();
}

/** One shift with the deputies on duty. */
export type ShiftAssignment = { date: string; deputyIds: string[] };

/**
 * Puts `perShift` deputies on each date, fairly: each pick goes to the deputies with the fewest
 * shifts so far, ties broken round-robin from where the last shift stopped. A deputy is never on
 * two shifts of the same date, and never on a date where `busy(deputyId, date)` is true. A shift
 * may get fewer than `perShift` deputies when not enough are free; the caller reports it.
 * Shifts come back in the order of `dates`.
 */
export function assignDeputiesFairly(
  dates: readonly string[],
  deputyIds: readonly string[],
  perShift: number,
  busy?: (deputyId: string, date: string) => boolean,
): ShiftAssignment[] {
  if (!Number.isInteger(perShift) || perShift < 1) {
    throw new RangeError(`perShift must be a positive integer, got ${perShift}`);
  }
  const ids = [...new Set(deputyIds)];
  const n = ids.length;
  const shifts = new Map(ids.map((id) => [id, 0]));
  const bookedOn = new Map<string, Set<string>>();
  let cursor = 0;

  return dates.map((date) => {
    const booked = bookedOn.get(date) ?? new Set<string>();
    bookedOn.set(date, booked);
    const ring = (i: number) => (i - cursor + n) % n;
    const chosen = ids
      .map((id, i) => ({ id, i }))
      .filter(({ id }) => !booked.has(id) && !busy?.(id, date))
      .sort((a, b) => (shifts.get(a.id) ?? 0) - (shifts.get(b.id) ?? 0) || ring(a.i) - ring(b.i))
      .slice(0, perShift);
    if (chosen.length > 0) {
      // Continue after the chosen deputy furthest round the ring.
      cursor = (Math.max(...chosen.map((c) => ring(c.i))) + cursor + 1) % n;
    }
    for (const { id } of chosen) {
      shifts.set(id, (shifts.get(id) ?? 0) + 1);
      booked.add(id);
    }
    return { date, deputyIds: chosen.sort((a, b) => a.i - b.i).map((c) => c.id) };
  });
}
