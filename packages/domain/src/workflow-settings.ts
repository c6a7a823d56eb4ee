/**
 * Workflow settings an administrator sets per region: deadline limits by level and urgency, and
 * the rating wait. A setting is made for a county (or a city or province, for all the counties
 * below it); a case takes the most specific setting of the regions above it, else the default.
 * Pure: the server reads the rows and passes them in.
 */

import {
  type CaseLevel,
  type CaseUrgency,
  type DeadlineLimit,
  defaultDeadlineLimit,
} from './case-workflow.ts';
import { isRegionCode, regionLevel } from './regions.ts';

/** The region code of rows that apply to the whole deployment (set in SQL by an operator). */
export const DEPLOYMENT_REGION = '000000000000';

/** What a rating not given within the wait counts as. */
export const RATING_TIMEOUT_OUTCOMES = ['satisfied', 'basically_satisfied'] as const;
export type RatingTimeoutOutcome = (typeof RATING_TIMEOUT_OUTCOMES)[number];

/** Bounds an administrator may set (also CHECK constraints in the database). */
export const LIMIT_BOUNDS = {
  acceptWorkingDays: { min: 1, max: 60 },
  replyWorkingDays: { min: 1, max: 120 },
  warnWorkingDays: { min: 0, max: 119 },
  ratingWaitDays: { min: 1, max: 60 },
} as const;

/**
 * True when settings may be made for this code: a county, city or province. Towns follow their
 * county, so that a department answering for several towns works to one rule.
 */
export function isSettingsRegion(code: string): boolean {
  if (!isRegionCode(code)) return false;
  const level = regionLevel(code);
  return level === 'county' || level === 'city' || level === 'province';
}

/**
 * The regions whose settings apply to `regionCode`, most specific first: its county, city and
 * province, then the deployment. `430723102000` → `430723000000`, `430700000000`, `430000000000`,
 * `000000000000`. A city without counties (东莞 4419) has the city twice; it is listed once.
 */
export function settingsChain(regionCode: string): string[] {
  if (!isRegionCode(regionCode)) return [DEPLOYMENT_REGION];
  const chain = [
    regionCode.slice(0, 6).padEnd(12, '0'),
    regionCode.slice(0, 4).padEnd(12, '0'),
    regionCode.slice(0, 2).padEnd(12, '0'),
    DEPLOYMENT_REGION,
  ];
  return [...new Set(chain)];
}

/** The first row along the chain, by region code (rows of other regions are ignored). */
export function mostSpecific<T extends { regionCode: string }>(
  chain: readonly string[],
  rows: readonly T[],
): T | undefined {
  for (const code of chain) {
    const hit = rows.find((r) => r.regionCode === code);
    if (hit) return hit;
  }
  return undefined;
}

export type LimitRow = DeadlineLimit & { regionCode: string; level: string; urgency: string };

/** The limit in force for a case in `regionCode`, and where it comes from (a region or the default). */
export function effectiveDeadlineLimit(
  regionCode: string,
  level: CaseLevel,
  urgency: CaseUrgency,
  rows: readonly LimitRow[],
): DeadlineLimit & { source: string | null } {
  const hit = mostSpecific(
    settingsChain(regionCode),
    rows.filter((r) => r.level === level && r.urgency === urgency),
  );
  if (!hit) return { ...defaultDeadlineLimit(level, urgency), source: null };
  return {
    acceptWorkingDays: hit.acceptWorkingDays,
    replyWorkingDays: hit.replyWorkingDays,
    warnWorkingDays: hit.warnWorkingDays,
    source: hit.regionCode,
  };
}

/** Why a limit cannot be saved (Chinese, one line each); empty when it can. */
export function deadlineLimitProblems(l: DeadlineLimit): string[] {
  const out: string[] = [];
  const within = (k: keyof typeof LIMIT_BOUNDS, v: number, label: string) => {
    const b = LIMIT_BOUNDS[k];
    if (!Number.isInteger(v) || v < b.min || v > b.max) out.push(`${label}应为${b.min}至${b.max}之间的整数`);
  };
  within('acceptWorkingDays', l.acceptWorkingDays, '签收期限（工作日）');
  within('replyWorkingDays', l.replyWorkingDays, '答复期限（工作日）');
  within('warnWorkingDays', l.warnWorkingDays, '到期前预警（工作日）');
  if (l.acceptWorkingDays > l.replyWorkingDays) out.push('签收期限不能长于答复期限');
  if (l.warnWorkingDays >= l.replyWorkingDays) out.push('到期前预警天数应少于答复期限');
  return out;
}

export interface RatingSettings {
  /** Calendar days to wait for the person's rating. */
  ratingWaitDays: number;
  ratingTimeoutCountsAs: RatingTimeoutOutcome;
}

export type RatingSettingsRow = {
  regionCode: string;
  ratingWaitDays: number | null;
  ratingTimeoutCountsAs: string | null;
};

/**
 * The rating settings in force in `regionCode`: each field from the most specific region that
 * sets it, else the deployment's default; with the region each came from (null: the default).
 */
export function effectiveRatingSettings(
  regionCode: string,
  rows: readonly RatingSettingsRow[],
  defaults: RatingSettings,
): RatingSettings & { sources: Record<keyof RatingSettings, string | null> } {
  const chain = settingsChain(regionCode);
  const wait = mostSpecific(
    chain,
    rows.filter((r) => r.ratingWaitDays !== null),
  );
  const counts = mostSpecific(
    chain,
    rows.filter((r) =>
      (RATING_TIMEOUT_OUTCOMES as readonly string[]).includes(r.ratingTimeoutCountsAs ?? ''),
    ),
  );
  return {
    ratingWaitDays: wait?.ratingWaitDays ?? defaults.ratingWaitDays,
    ratingTimeoutCountsAs:
      (counts?.ratingTimeoutCountsAs as RatingTimeoutOutcome) ?? defaults.ratingTimeoutCountsAs,
    sources: {
      ratingWaitDays: wait?.regionCode ?? null,
      ratingTimeoutCountsAs: counts?.regionCode ?? null,
    },
  };
}
