/**
 * Typed calls for a county's workflow settings (`/api/settings`): deadline limits by level ×
 * urgency, the rating wait and what no rating counts as, and the deployment's attachment size.
 */
import type { CaseLevel, CaseUrgency } from '@lianluo/domain/case-workflow';
import type { RatingTimeoutOutcome } from '@lianluo/domain/workflow-settings';
import { data, http } from './client.ts';
import type { ApiBody, ApiResponse } from './openapi.ts';

export type { CaseLevel, CaseUrgency };
export type RatingOutcome = RatingTimeoutOutcome;

export type LimitList = ApiResponse<'/api/settings/deadline-limits'>;
export type LimitItem = LimitList['items'][number];
export type Limit = LimitItem['default'];
export type WorkflowSettings = ApiResponse<'/api/settings/workflow'>;

export const settingsApi = {
  limits: (region?: string, signal?: AbortSignal) =>
    data(http.GET('/api/settings/deadline-limits', { params: { query: { region } }, signal })),

  setLimit: (level: CaseLevel, urgency: CaseUrgency, limit: Limit, region?: string) =>
    data(
      http.PUT('/api/settings/deadline-limits/{level}/{urgency}', {
        params: { path: { level, urgency } },
        body: { ...limit, ...(region ? { region } : {}) },
      }),
    ),

  removeLimit: (level: CaseLevel, urgency: CaseUrgency, region?: string) =>
    data(
      http.DELETE('/api/settings/deadline-limits/{level}/{urgency}', {
        params: { path: { level, urgency }, query: { region } },
      }),
    ),

  workflow: (region?: string, signal?: AbortSignal) =>
    data(http.GET('/api/settings/workflow', { params: { query: { region } }, signal })),

  /** A value left out follows the level above, or the deployment's default. */
  setWorkflow: (values: Omit<ApiBody<'/api/settings/workflow', 'put'>, 'region'>, region?: string) =>
    data(http.PUT('/api/settings/workflow', { body: { ...values, ...(region ? { region } : {}) } })),
};
