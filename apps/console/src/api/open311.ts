/**
 * Typed calls for the Open311 API keys (`/api/open311/keys`): issue (the key is in that one
 * answer only), list and revoke.
 */
import { data, http } from './client.ts';
import type { ApiBody, ApiResponse, ItemOf } from './openapi.ts';

export type Open311Key = ItemOf<ApiResponse<'/api/open311/keys'>>;

export const open311Api = {
  keys: (cursor: string | null, signal?: AbortSignal) =>
    data(http.GET('/api/open311/keys', { params: { query: { cursor: cursor ?? undefined } }, signal })),

  issue: (body: ApiBody<'/api/open311/keys'>) => data(http.POST('/api/open311/keys', { body })),

  revoke: (id: string) => data(http.POST('/api/open311/keys/{id}/revoke', { params: { path: { id } } })),
};
