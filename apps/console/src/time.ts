/**
 * Dates are shown in Asia/Shanghai whatever the browser's zone: the server sends ISO 8601 with
 * an offset, and staff read times as China Standard Time.
 */
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

export const ZONE = 'Asia/Shanghai';

/** Switch dayjs's own texts (month names in pickers) with the UI language. */
export function setDayjsLocale(lang: 'zh-CN' | 'en-US'): void {
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
}

/** `2026-03-05 14:30` in Beijing time; '' for empty input, the raw text if unparseable. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.tz(ZONE).format('YYYY-MM-DD HH:mm') : iso;
}

/** `2026-03-05` in Beijing time. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.tz(ZONE).format('YYYY-MM-DD') : iso;
}

/** Today in Beijing as `YYYY-MM-DD`. */
export function shanghaiToday(): string {
  return dayjs().tz(ZONE).format('YYYY-MM-DD');
}

/** This month in Beijing as `YYYY-MM`. */
export function shanghaiMonth(): string {
  return dayjs().tz(ZONE).format('YYYY-MM');
}
