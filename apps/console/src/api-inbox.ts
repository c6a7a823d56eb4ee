/** Typed calls for the signed-in user's own in-app messages (`/api/me/notifications`). */
import { apiRequest, withQuery } from './api.ts';

export interface InboxItem {
  id: number;
  caseId: string | null;
  caseNumber: string | null;
  template: string;
  subject: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
  unread: number;
}

export const inboxApi = {
  list: (q: { unread?: boolean; cursor?: string | null; limit?: number }, signal?: AbortSignal) =>
    apiRequest<InboxPage>(withQuery('/api/me/notifications', q), { signal }),

  markRead: (id: number) =>
    apiRequest<{ unread: number }>(`/api/me/notifications/${id}/read`, { method: 'POST' }),

  markAllRead: () =>
    apiRequest<{ marked: number; unread: number }>('/api/me/notifications/read-all', { method: 'POST' }),
};

export type StaffChannel = 'email' | 'wechat';

/** Where the user gets notices besides the inbox. */
export interface Contact {
  email: string | null;
  wechatOpenid: string | null;
  notifyChannels: StaffChannel[];
}

export const contactApi = {
  get: (signal?: AbortSignal) => apiRequest<Contact>('/api/me/contact', { signal }),
  set: (contact: Contact) => apiRequest<Contact>('/api/me/contact', { method: 'PUT', body: contact }),
};
