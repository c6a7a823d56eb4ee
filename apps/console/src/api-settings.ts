/**
 * Typed calls for a county's workflow settings (`/api/settings`): deadline limits by level ×
 * urgency, the rating wait and what no rating counts as, and the deployment's attachment size.
 */
import { apiRequest, withQuery } from './api.ts';

export type CaseLevel = 'county' | 'town' | 'village';
export type CaseUrgency = 'normal' | 'urgent';
export type RatingOutcome = 'satisfied' | 'basically_satisfied';

export interface Limit {
  acceptWorkingDays: number;
  replyWorkingDays: number;
  warnWorkingDays: number;
}

export interface LimitItem extends Limit {
  level: CaseLevel;
  urgency: CaseUrgency;
  /** The region whose setting is in force; null for the built-in default. */
  source: string | null;
  default: Limit;
}

export interface LimitList {
  regionCode: string;
  regionName: string;
  /** The county (or above) a change made here is saved for. */
  settingsRegion: string;
  items: LimitItem[];
}

export interface WorkflowSettings {
  regionCode: string;
  regionName: string;
  settingsRegion: string;
  ratingWaitDays: number;
  ratingTimeoutCountsAs: RatingOutcome;
  sources: { ratingWaitDays: string | null; ratingTimeoutCountsAs: string | null };
  own: { ratingWaitDays: number | null; ratingTimeoutCountsAs: RatingOutcome | null };
  defaults: { ratingWaitDays: number; ratingTimeoutCountsAs: RatingOutcome };
  maxAttachmentBytes: number;
}

export const settingsApi = {
  limits: (region?: string, signal?: AbortSignal) =>
    apiRequest<LimitList>(withQuery('/api/settings/deadline-limits', { region }), { signal }),

  setLimit: (level: CaseLevel, urgency: CaseUrgency, limit: Limit, region?: string) =>
    apiRequest<LimitItem>(`/api/settings/deadline-limits/${level}/${urgency}`, {
      method: 'PUT',
      body: { ...limit, ...(region ? { region } : {}) },
    }),

  removeLimit: (level: CaseLevel, urgency: CaseUrgency, region?: string) =>
    apiRequest<LimitItem>(withQuery(`/api/settings/deadline-limits/${level}/${urgency}`, { region }), {
      method: 'DELETE',
    }),

  workflow: (region?: string, signal?: AbortSignal) =>
    apiRequest<WorkflowSettings>(withQuery('/api/settings/workflow', { region }), { signal }),

  /** A value left out follows the level above, or the deployment's default. */
  setWorkflow: (
    values: { ratingWaitDays?: number; ratingTimeoutCountsAs?: RatingOutcome },
    region?: string,
  ) =>
    apiRequest<WorkflowSettings>('/api/settings/workflow', {
      method: 'PUT',
      body: { ...values, ...(region ? { region } : {}) },
    }),
};
