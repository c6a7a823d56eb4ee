/**
 * Typed calls for the text analytics (`/api/analytics/*`): category suggestion, similar cases,
 * hotspots, reply quality and the classifier's versions.
 */
import { data, http } from './client.ts';
import type { ApiBody, ApiQuery, ApiResponse, Filters, ItemOf } from './openapi.ts';

export type CategorySuggestion = ApiResponse<'/api/analytics/suggest-category', 'post'>;
type SimilarCases = ApiResponse<'/api/analytics/similar-cases', 'post'>;
export type SimilarCase = ItemOf<SimilarCases>;
/** A common issue among the similar cases: its most similar member's score and shared terms. */
export type SimilarIssue = NonNullable<SimilarCases['issues']>[number];
export type Hotspots = ApiResponse<'/api/analytics/hotspots'>;
export type Hotspot = ItemOf<Hotspots>;
export type ReplyAssessment = ApiResponse<'/api/analytics/assess-reply', 'post'>;
export type TextModel = ItemOf<ApiResponse<'/api/analytics/models'>>;

export const insightApi = {
  suggestCategory: (body: ApiBody<'/api/analytics/suggest-category'>, signal?: AbortSignal) =>
    data(http.POST('/api/analytics/suggest-category', { body, signal })),

  similarCases: (body: ApiBody<'/api/analytics/similar-cases'>, signal?: AbortSignal) =>
    data(http.POST('/api/analytics/similar-cases', { body, signal })),

  hotspots: (q: Filters<ApiQuery<'/api/analytics/hotspots'>>, signal?: AbortSignal) =>
    data(
      http.GET('/api/analytics/hotspots', {
        params: { query: q as ApiQuery<'/api/analytics/hotspots'> },
        signal,
      }),
    ),

  assessReply: (body: ApiBody<'/api/analytics/assess-reply'>, signal?: AbortSignal) =>
    data(http.POST('/api/analytics/assess-reply', { body, signal })),

  models: (signal?: AbortSignal) => data(http.GET('/api/analytics/models', { signal })),

  train: () => data(http.POST('/api/analytics/models')),
};
