/**
 * Calendar-day arithmetic on ISO dates (`YYYY-MM-DD`).
 *
 * Days are plain strings everywhere in the domain (DESIGN.md: "days are `date` in Asia/Shanghai"),
 * so nothing here depends on the process time zone: every conversion goes through UTC day
 * numbers, where a day is always exactly 86 400 000 ms long.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** ISO weekday: 1 = Monday … 7 = Sunday (the numbering used in rota rules). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** True when `s` is `YYYY-MM-DD` and names a real day of the Gregorian calendar (no 02-30). */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/** Throws a RangeError unless `s` is a real `YYYY-MM-DD` day; the message names `what`. */
export function assertIsoDate(s: string, what = 'date'): void {
  if (typeof s !== 'string' || !isIsoDate(s)) {
    throw new RangeError(`${what} must be a real YYYY-MM-DD day, got ${JSON.stringify(s)}`);
  }
}

/** Number of days in a month of the proleptic Gregorian calendar (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 of an ISO date (validated). */
export function toDayNumber(date: string): number {
  assertIsoDate(date);
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return Math.round(t.getTime() / MS_PER_DAY);
}

/** The ISO date of a day number (inverse of {@link toDayNumber}). */
export function fromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return fromDayNumber(toDayNumber(date) + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function diffDays(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): IsoWeekday {
  // 1970-01-01 was a Thursday (ISO 4).
  const n = (((toDayNumber(date) + 3) % 7) + 7) % 7;
  return (n + 1) as IsoWeekday;
}

/** The year of an ISO date. */
export function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}
