/**
 * Typed calls for the Open311 API keys (`/api/open311/keys`): issue (the key is in that one
 * answer only), list and revoke. They go through `api.ts`'s `request` like every other call.
 */
import { apiRequest, type Page, withQuery } from './api.ts';

export interface Open311Key {
  id: string;
  name: string;
  regionCode: string;
  regionName: string;
  /** The first characters of the key, to tell keys apart; not usable to call. */
  keyPrefix: string;
  createdAt: string;
  createdByName: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export const open311Api = {
  keys: (cursor: string | null, signal?: AbortSignal) =>
    apiRequest<Page<Open311Key>>(withQuery('/api/open311/keys', { cursor: cursor ?? undefined }), { signal }),

  issue: (body: { name: string; regionCode?: string }) =>
    apiRequest<{ key: Open311Key; secret: string }>('/api/open311/keys', { method: 'POST', body }),

  revoke: (id: string) =>
    apiRequest<Open311Key>(`/api/open311/keys/${encodeURIComponent(id)}/revoke`, { method: 'POST' }),
};
