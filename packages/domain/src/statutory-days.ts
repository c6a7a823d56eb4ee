/**
 * The statutory holidays (法定节假日) that 《全国年节及纪念日放假办法》 (2024 revision, in force
 * from 2025) fixes for every year: known before the State Council's yearly notice, which only adds
 * the 调休 (days moved between weekends and weekdays). Deadlines in a year whose notice is not yet
 * loaded count these, so they are off by the 调休 only — a day or two, corrected when the notice is
 * entered — rather than by a whole festival.
 *
 * 春节, 端午 and 中秋 follow the lunar calendar and 清明 is a solar term: both are read from
 * `chinese-days`, whose lunar tables are the Hong Kong Observatory's. ICU's Chinese calendar
 * (`Intl`) is computed astronomically and misses by a day where a new moon falls minutes before
 * Beijing midnight: it puts 2027's 春节 on 7 February instead of the 6th.
 */

// CommonJS without named exports that Node can detect: the default export carries them all.
import chineseDays from 'chinese-days';
import type { CalendarEntry } from './calendar-entry.ts';
import { addDays } from './dates.ts';

/** The Gregorian day of a lunar `MM-DD` of lunar year `year` (never the leap month's). */
function lunarDay(year: number, monthDay: string): string {
  return chineseDays.getSolarDateFromLunar(`${year}-${monthDay}`).date;
}

/**
 * The 13 statutory days of `year` (2025–2099): 元旦 1, 春节 4 (除夕 to 初三), 清明 1, 劳动节 2,
 * 端午 1, 中秋 1, 国庆 3. Weekends included as they fall; the notice decides any 补休.
 */
export function statutoryHolidays(year: number): CalendarEntry[] {
  if (!Number.isInteger(year) || year < 2025 || year > 2099) {
    throw new RangeError(`statutory holidays are computed for 2025–2099, got ${year}`);
  }
  const out: CalendarEntry[] = [];
  const add = (name: string, ...dates: string[]) => {
    for (const date of dates) out.push({ date, kind: 'holiday', name });
  };
  const springFestival = lunarDay(year, '01-01');
  add('元旦', `${year}-01-01`);
  add(
    '春节',
    addDays(springFestival, -1),
    springFestival,
    addDays(springFestival, 1),
    addDays(springFestival, 2),
  );
  const qingming = chineseDays
    .getSolarTerms(`${year}-04-01`, `${year}-04-10`)
    .find((t) => t.term === 'pure_brightness');
  add('清明节', qingming!.date);
  add('劳动节', `${year}-05-01`, `${year}-05-02`);
  add('端午节', lunarDay(year, '05-05'));
  add('中秋节', lunarDay(year, '08-15'));
  add('国庆节', `${year}-10-01`, `${year}-10-02`, `${year}-10-03`);
  return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}

/**
 * The statutory days of `year` not among `holidays` (the dates entered as days off): what is left
 * to enter of its notice. None for a year before 2025 or after 2099, which the rule does not span.
 */
export function missingStatutoryDays(year: number, holidays: ReadonlySet<string>): string[] {
  if (year < 2025 || year > 2099) return [];
  return statutoryHolidays(year)
    .map((d) => d.date)
    .filter((d) => !holidays.has(d));
}

/**
 * The years `entries` cover in full. From 2025 a year counts once every statutory day of it is
 * entered as a holiday — the notice always lists them — so a year whose first lines alone are in
 * (元旦, say, before 春节) is not mistaken for a finished one. Earlier years: any entry.
 */
export function completeYears(entries: readonly CalendarEntry[]): number[] {
  const holidays = new Set(entries.filter((e) => e.kind === 'holiday').map((e) => e.date));
  const years = new Set(entries.map((e) => Number(e.date.slice(0, 4))));
  return [...years].filter((y) => missingStatutoryDays(y, holidays).length === 0).sort((a, b) => a - b);
}
