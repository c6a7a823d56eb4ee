/**
 * Typed calls for the holiday calendar (`/api/calendar`): its status (the warning on the home
 * page), the days of a year, adding days from the State Council notice, deleting a wrong one.
 */
import { apiRequest, withQuery } from './api.ts';

export type CalendarKind = 'holiday' | 'workday';

export interface CalendarDay {
  date: string;
  kind: CalendarKind;
  name: string;
}

export interface CalendarStatus {
  /** Today in Asia/Shanghai, as the server sees it. */
  today: string;
  years: {
    year: number;
    holidays: number;
    workdays: number;
    /** Every statutory day is entered; otherwise `missing` lists those still to enter. */
    complete: boolean;
    missing: string[];
  }[];
  warnings: { year: number; reason: 'current_year' | 'next_year'; message: string }[];
}

export const calendarApi = {
  status: (signal?: AbortSignal) => apiRequest<CalendarStatus>('/api/calendar/status', { signal }),

  days: (year: number, signal?: AbortSignal) =>
    apiRequest<{ items: CalendarDay[] }>(withQuery('/api/calendar', { year }), { signal }),

  add: (days: CalendarDay[]) =>
    apiRequest<{ added: number }>('/api/calendar', { method: 'POST', body: { days } }),

  remove: (date: string) =>
    apiRequest<CalendarDay>(`/api/calendar/${encodeURIComponent(date)}`, { method: 'DELETE' }),
};
