/** Typed calls for the signed-in user's own in-app messages (`/api/me/notifications`) and contact. */
import { data, http } from './client.ts';
import type { ApiBody, ApiQuery, ApiResponse, Filters, ItemOf } from './openapi.ts';

type InboxPage = ApiResponse<'/api/me/notifications'>;
export type InboxItem = ItemOf<InboxPage>;

export const inboxApi = {
  list: (q: Filters<ApiQuery<'/api/me/notifications'>>, signal?: AbortSignal) =>
    data(
      http.GET('/api/me/notifications', {
        params: { query: q as ApiQuery<'/api/me/notifications'> },
        signal,
      }),
    ),

  markRead: (id: number) => data(http.POST('/api/me/notifications/{id}/read', { params: { path: { id } } })),

  markAllRead: () => data(http.POST('/api/me/notifications/read-all')),
};

/** Where the user gets notices besides the inbox. */
export type Contact = ApiResponse<'/api/me/contact'>;

export const contactApi = {
  get: (signal?: AbortSignal) => data(http.GET('/api/me/contact', { signal })),
  set: (contact: ApiBody<'/api/me/contact', 'put'>) => data(http.PUT('/api/me/contact', { body: contact })),
};
