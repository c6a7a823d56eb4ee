/**
 * The official holiday calendar, 2024–2026, as data.
 *
 * Sources (each checked against the published text of the notice):
 * - 2024: 国务院办公厅关于2024年部分节假日安排的通知, 国办发明电〔2023〕7号, 2023-10-25.
 * - 2025: 国务院办公厅关于2025年部分节假日安排的通知, 国办发明电〔2024〕12号, 2024-11-12. First year
 *   under the 2024 revision of 《全国年节及纪念日放假办法》: 春节 and 劳动节 each gain one statutory
 *   day (春节 now starts on 除夕), so 2025 has 13 statutory days instead of 11.
 * - 2026: 国务院办公厅关于2026年部分节假日安排的通知, 2025-11-04 (新华社 text).
 *
 * Every day of a holiday block is listed as `holiday`, weekends included, exactly as the notice
 * gives the block ("X至Y放假调休"); listing the weekend days changes no working-day count but lets
 * the UI name the festival. Where the notice only says "与周末连休" (2024 元旦, 端午) the single
 * statutory day is listed. Every 调休 weekend working day is a `workday`.
 *
 * Not in the data: 2024-02-09 (除夕, a Friday) was a working day; the notice only "encouraged"
 * employers to let staff rest, so deadlines count it.
 *
 * To add a year, append the notice's blocks here (or load them from the database) and pass the
 * year in the calendar's `years`.
 */

import type { CalendarEntry } from './calendar-entry.ts';
import { addDays, diffDays } from './dates.ts';

/** Every day from `from` to `to` inclusive as holidays of festival `name`. */
function holidays(name: string, from: string, to: string = from): CalendarEntry[] {
  const out: CalendarEntry[] = [];
  for (let i = 0; i <= diffDays(from, to); i++) out.push({ date: addDays(from, i), kind: 'holiday', name });
  return out;
}

/** The weekend days worked in exchange (调休上班) for festival `name`. */
function workdays(name: string, ...dates: string[]): CalendarEntry[] {
  return dates.map((date) => ({ date, kind: 'workday', name }));
}

const ENTRIES_2024: CalendarEntry[] = [
  // 一、元旦：1月1日放假，与周末连休。
  ...holidays('元旦', '2024-01-01'),
  // 二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。
  ...holidays('春节', '2024-02-10', '2024-02-17'),
  ...workdays('春节', '2024-02-04', '2024-02-18'),
  // 三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。
  ...holidays('清明节', '2024-04-04', '2024-04-06'),
  ...workdays('清明节', '2024-04-07'),
  // 四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。
  ...holidays('劳动节', '2024-05-01', '2024-05-05'),
  ...workdays('劳动节', '2024-04-28', '2024-05-11'),
  // 五、端午节：6月10日放假，与周末连休。
  ...holidays('端午节', '2024-06-10'),
  // 六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。
  ...holidays('中秋节', '2024-09-15', '2024-09-17'),
  ...workdays('中秋节', '2024-09-14'),
  // 七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。
  ...holidays('国庆节', '2024-10-01', '2024-10-07'),
  ...workdays('国庆节', '2024-09-29', '2024-10-12'),
];

const ENTRIES_2025: CalendarEntry[] = [
  // 一、元旦：1月1日（周三）放假1天，不调休。
  ...holidays('元旦', '2025-01-01'),
  // 二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
  //    1月26日（周日）、2月8日（周六）上班。
  ...holidays('春节', '2025-01-28', '2025-02-04'),
  ...workdays('春节', '2025-01-26', '2025-02-08'),
  // 三、清明节：4月4日（周五）至6日（周日）放假，共3天。
  ...holidays('清明节', '2025-04-04', '2025-04-06'),
  // 四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
  ...holidays('劳动节', '2025-05-01', '2025-05-05'),
  ...workdays('劳动节', '2025-04-27'),
  // 五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
  ...holidays('端午节', '2025-05-31', '2025-06-02'),
  // 六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
  ...holidays('国庆节、中秋节', '2025-10-01', '2025-10-08'),
  ...workdays('国庆节、中秋节', '2025-09-28', '2025-10-11'),
];

const ENTRIES_2026: CalendarEntry[] = [
  // 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
  ...holidays('元旦', '2026-01-01', '2026-01-03'),
  ...workdays('元旦', '2026-01-04'),
  // 二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
  //    2月14日（周六）、2月28日（周六）上班。
  ...holidays('春节', '2026-02-15', '2026-02-23'),
  ...workdays('春节', '2026-02-14', '2026-02-28'),
  // 三、清明节：4月4日（周六）至6日（周一）放假，共3天。
  ...holidays('清明节', '2026-04-04', '2026-04-06'),
  // 四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
  ...holidays('劳动节', '2026-05-01', '2026-05-05'),
  ...workdays('劳动节', '2026-05-09'),
  // 五、端午节：6月19日（周五）至21日（周日）放假，共3天。
  ...holidays('端午节', '2026-06-19', '2026-06-21'),
  // 六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
  ...holidays('中秋节', '2026-09-25', '2026-09-27'),
  // 七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
  ...holidays('国庆节', '2026-10-01', '2026-10-07'),
  ...workdays('国庆节', '2026-09-20', '2026-10-10'),
];

/**
 * Holidays and make-up working days of 2024, 2025 and 2026 from the State Council notices.
 * Frozen: copy it (`[...DEFAULT_CALENDAR_ENTRIES, ...more]`) to extend.
 */
export const DEFAULT_CALENDAR_ENTRIES: CalendarEntry[] = Object.freeze(
  [...ENTRIES_2024, ...ENTRIES_2025, ...ENTRIES_2026].map((e) => Object.freeze(e)),
) as CalendarEntry[];

/** The years {@link DEFAULT_CALENDAR_ENTRIES} covers. */
export const DEFAULT_CALENDAR_YEARS: readonly number[] = Object.freeze([2024, 2025, 2026]);
