/**
 * Typed calls for the holiday calendar (`/api/calendar`): its status (the warning on the home
 * page), the days of a year, adding days from the State Council notice, deleting a wrong one.
 */
import { data, http } from './client.ts';
import type { ApiResponse, ItemOf } from './openapi.ts';

export type CalendarDay = ItemOf<ApiResponse<'/api/calendar'>>;
export type CalendarKind = CalendarDay['kind'];
export type CalendarStatus = ApiResponse<'/api/calendar/status'>;

export const calendarApi = {
  status: (signal?: AbortSignal) => data(http.GET('/api/calendar/status', { signal })),

  days: (year: number, signal?: AbortSignal) =>
    data(http.GET('/api/calendar', { params: { query: { year } }, signal })),

  add: (days: CalendarDay[]) => data(http.POST('/api/calendar', { body: { days } })),

  remove: (date: string) => data(http.DELETE('/api/calendar/{date}', { params: { path: { date } } })),
};
