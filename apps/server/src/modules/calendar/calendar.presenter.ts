import type { CalendarEntry, CalendarWarning } from '@lianluo/domain';
import type { CalendarDayRow } from './calendar.queries.ts';

/** A stored day as the API and the domain's calendar see it (the table's check keeps `kind` to the two). */
export function toCalendarEntry(r: CalendarDayRow): CalendarEntry {
  return { date: r.date, kind: r.kind as CalendarEntry['kind'], name: r.name };
}

/** The home page's warning while a year's notice is not entered in full. */
export function warningMessage(w: CalendarWarning): string {
  return w.reason === 'next_year'
    ? `${w.year}年节假日安排尚未录入完整，跨年的工作日期限暂按法定节假日推算，录入后自动重算，请管理员尽快录入`
    : `${w.year}年节假日安排尚未录入完整，工作日期限暂按法定节假日推算，录入后自动重算，请管理员尽快录入`;
}
