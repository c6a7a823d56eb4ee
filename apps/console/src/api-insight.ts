/**
 * Typed calls for the text analytics (`/api/analytics/*`): category suggestion, similar cases,
 * hotspots, reply quality and the classifier's versions. They go through `api.ts`'s `request`,
 * so errors and the 401 hook behave exactly like every other call.
 */
import { apiRequest, withQuery } from './api.ts';

export interface CategorySuggestion {
  ok: boolean;
  /** Why there is no suggestion (no model yet, text too short to judge). */
  reason?: string;
  modelVersion?: string;
  /** Best first; `score` is the model's confidence in 0…1. */
  suggestions?: { category: string; name: string; score: number }[];
  /** The department the top category is routed to in the region, when one is configured. */
  department?: { id: string; name: string } | null;
}

export interface SimilarCase {
  id: string;
  number: string;
  title: string;
  status: string;
  statusLabel: string;
  stationName: string | null;
  regionCode: string;
  registeredAt: string;
  score: number;
  sharedTerms: string[];
  places: string[];
  sameTown: boolean;
  duplicate: 'exact' | 'near' | null | (string & {});
  /** An open case of the same person (the same phone), listed however unlike its text. */
  samePerson?: boolean;
  /** The common issue the case belongs to, if any. */
  commonIssue?: { id: string; title: string; caseCount: number } | null;
  /** Not yet referred: it may still join a common issue. */
  linkable?: boolean;
}

/** A common issue among the similar cases: its most similar member's score and shared terms. */
export interface SimilarIssue {
  id: string;
  title: string;
  caseCount: number;
  score: number;
  sharedTerms: string[];
}

export interface Hotspot {
  label: string;
  keyTerms: string[];
  representative: { id: string; title: string } | null;
  count: number;
  /** count ÷ history mean − 1 (0.5 = half again as many as usual). */
  growth: number;
  places: string[];
  likes: number;
  heat: number;
  warning: boolean;
  historyMean: number;
  caseIds: string[];
  /** Days with at least one case (Asia/Shanghai dates); missing days are zero. */
  daily: { date: string; count: number }[];
}

export interface Hotspots {
  from: string;
  to: string;
  /** When the rollup job (or the first request) computed the figures. */
  asOf?: string;
  heatFormula: string;
  items: Hotspot[];
}

export interface ReplyAssessment {
  flags: { code: string; message: string }[];
  relevance: number;
  daysTaken?: number;
}

export interface TextModel {
  version: string;
  trainedAt: string;
  samples: number;
  /** 'startup' | 'nightly' | 'admin' */
  trigger: string;
  active: boolean;
  suggested: number;
  decided: number;
  accepted: number;
  acceptanceRate: number | null;
}

export const insightApi = {
  suggestCategory: (body: { text: string; regionCode?: string; caseId?: string }, signal?: AbortSignal) =>
    apiRequest<CategorySuggestion>('/api/analytics/suggest-category', { method: 'POST', body, signal }),

  similarCases: (
    body: { text: string; regionCode?: string; excludeId?: string; limit?: number; personPhone?: string },
    signal?: AbortSignal,
  ) =>
    apiRequest<{ items: SimilarCase[]; issues?: SimilarIssue[] }>('/api/analytics/similar-cases', {
      method: 'POST',
      body,
      signal,
    }),

  hotspots: (query: { region?: string | null; from?: string; to?: string }, signal?: AbortSignal) =>
    apiRequest<Hotspots>(withQuery('/api/analytics/hotspots', query), { signal }),

  assessReply: (
    body: { caseId: string; reply: { kind?: string; text: string; committedDate?: string } },
    signal?: AbortSignal,
  ) => apiRequest<ReplyAssessment>('/api/analytics/assess-reply', { method: 'POST', body, signal }),

  models: (signal?: AbortSignal) => apiRequest<{ items: TextModel[] }>('/api/analytics/models', { signal }),

  train: () => apiRequest<{ version: string; samples: number }>('/api/analytics/models', { method: 'POST' }),
};
