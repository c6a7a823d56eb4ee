import {
  CASE_LEVELS,
  CASE_URGENCIES,
  type DeadlineLimit,
  defaultDeadlineLimit,
  effectiveDeadlineLimit,
  type LimitRow,
  RATING_TIMEOUT_OUTCOMES,
  type RatingSettings,
  type RatingTimeoutOutcome,
} from '@lianluo/domain';
import type { LimitItem, LimitKey, WorkflowSettings } from './settings.schemas.ts';

/** One level × urgency: the limit in force, where it comes from, and the built-in default beside it. */
export function limitItem(key: LimitKey, inForce: DeadlineLimit & { source: string | null }): LimitItem {
  return { ...key, ...inForce, default: defaultDeadlineLimit(key.level, key.urgency) };
}

/** Every level × urgency with the limit in force in `regionCode`. */
export function limitItems(regionCode: string, rows: readonly LimitRow[]): LimitItem[] {
  const items: LimitItem[] = [];
  for (const level of CASE_LEVELS) {
    for (const urgency of CASE_URGENCIES) {
      items.push(limitItem({ level, urgency }, effectiveDeadlineLimit(regionCode, level, urgency, rows)));
    }
  }
  return items;
}

const isOutcome = (s: string | null | undefined): s is RatingTimeoutOutcome =>
  (RATING_TIMEOUT_OUTCOMES as readonly (string | null | undefined)[]).includes(s);

export function workflowSettings(v: {
  regionCode: string;
  regionName: string;
  settingsRegion: string;
  inForce: RatingSettings & { sources: WorkflowSettings['sources'] };
  /** The settings region's own row, if it sets anything. */
  own: { ratingWaitDays: number | null; ratingTimeoutCountsAs: string | null } | undefined;
  defaults: RatingSettings;
  maxAttachmentBytes: number;
}): WorkflowSettings {
  const ownOutcome = v.own?.ratingTimeoutCountsAs;
  return {
    regionCode: v.regionCode,
    regionName: v.regionName,
    settingsRegion: v.settingsRegion,
    ...v.inForce,
    own: {
      ratingWaitDays: v.own?.ratingWaitDays ?? null,
      ratingTimeoutCountsAs: isOutcome(ownOutcome) ? ownOutcome : null,
    },
    defaults: v.defaults,
    maxAttachmentBytes: v.maxAttachmentBytes,
  };
}
