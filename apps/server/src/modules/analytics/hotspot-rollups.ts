/**
 * Hotspot rollups: the hotspots of one region scope and period, stored in `hotspot_rollups`.
 *
 * Clustering a region's cases costs seconds of CPU at a few thousand cases, too much for every
 * page view. The rollup job (workers.ts) queues the standard periods (this month, the last 30
 * days) of every county and town with recent cases and refreshes stale rows; listHotspots reads
 * a row, and a period nobody queued is computed once by its first reader and stored.
 *
 * Freshness: a period still running is recomputed `ROLLUP_TTL_MS` after its last computation
 * (new cases arrive); a period computed after it ended never changes (cases are registered at
 * "now", never back-dated) and is final. Rows nobody has read for `KEEP_REFRESHING_MS` are left
 * alone. Claims use FOR UPDATE SKIP LOCKED with a lease, as the case timers do, so two server
 * processes never compute the same row at once.
 */
import { addDays, scopePrefix, shanghaiDate } from '@lianluo/domain';
import type { SQL } from 'drizzle-orm';
import { type JobQueue, runJobBatch } from '../../core/jobs.ts';
import type { Db } from '../../db/client.ts';
import * as q from './hotspot-rollups.queries.ts';
import {
  type ClaimedRollup,
  claimRollups,
  holdRollup,
  type RollupFigures,
  storeClaimedRollup,
  upsertRollup,
} from './hotspot-rollups.queries.ts';
import { findHotspotsOffThread } from './hotspots-thread.ts';

/** How long the rollup of a running period is served before the job recomputes it. */
export const ROLLUP_TTL_MS = 15 * 60_000;
/** Rows read within this long are kept fresh; older ones wait for their next reader. */
export const KEEP_REFRESHING_MS = 7 * 86_400_000;
/** How far before the period the topic's own history is read. */
const HISTORY_DAYS = 180;
const DAY = 86_400_000;

export interface HotspotItem {
  label: string;
  keyTerms: string[];
  representative: { id: string; title: string } | null;
  count: number;
  growth: number;
  places: string[];
  likes: number;
  heat: number;
  warning: boolean;
  historyMean: number;
  caseIds: string[];
  daily: { date: string; count: number }[];
}

export interface HotspotResult {
  items: HotspotItem[];
  /** When the figures were computed. */
  asOf: Date;
}

/** Period days (Asia/Shanghai, inclusive) as instants: [from 00:00, the day after `to` 00:00). */
function periodBounds(fromDate: string, toDate: string): { from: Date; to: Date } {
  return {
    from: new Date(`${fromDate}T00:00:00+08:00`),
    to: new Date(`${addDays(toDate, 1)}T00:00:00+08:00`),
  };
}

/**
 * Topics of the period among the cases `visibility` lets through, compared with their history.
 * Pure reading and CPU; the caller decides whether to store it.
 */
export async function computeHotspots(
  db: Db,
  visibility: SQL,
  fromDate: string,
  toDate: string,
): Promise<{ items: HotspotItem[]; caseCount: number }> {
  const { from, to } = periodBounds(fromDate, toDate);
  const historyStart = new Date(from.getTime() - HISTORY_DAYS * DAY);
  const rows = await q.casesRegisteredBetween(db, visibility, historyStart, to);
  const found = await findHotspotsOffThread(
    rows.map((r) => ({ id: r.id, text: `${r.title}\n${r.content}`, at: r.at, regionCode: r.regionCode })),
    { periodStart: from, periodEnd: to, historyStart, minClusterSize: 3 },
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = found.map((h) => {
    const rep = byId.get(h.representativeId);
    // Daily counts over the period for the trend line (Asia/Shanghai days).
    const daily = new Map<string, number>();
    for (const id of h.ids) {
      const at = byId.get(id)?.at;
      if (at && at >= from) daily.set(shanghaiDate(at), (daily.get(shanghaiDate(at)) ?? 0) + 1);
    }
    return {
      label: h.label,
      keyTerms: h.keyTerms,
      representative: rep ? { id: rep.id, title: rep.title } : null,
      count: h.count,
      growth: h.growth,
      places: h.places,
      likes: h.likes,
      heat: h.heat,
      warning: h.warning,
      historyMean: h.history.mean,
      caseIds: h.ids.slice(-50),
      daily: [...daily.entries()].sort().map(([date, count]) => ({ date, count })),
    };
  });
  return { items, caseCount: rows.filter((r) => r.at >= from).length };
}

/** When a rollup computed at `at` goes stale: null once the period had ended (final). */
function refreshAfter(toDate: string, at: Date): Date | null {
  return periodBounds(toDate, toDate).to <= at ? null : new Date(at.getTime() + ROLLUP_TTL_MS);
}

/** A region scope's hotspots of the period, as the rollup row stores them, computed at `now`. */
async function computeRollup(
  db: Db,
  scope: string,
  fromDate: string,
  toDate: string,
  now: Date,
): Promise<RollupFigures & { items: HotspotItem[] }> {
  const { items, caseCount } = await computeHotspots(db, q.casesInScope(scope), fromDate, toDate);
  return { computedAt: now, refreshAfter: refreshAfter(toDate, now), caseCount, items };
}

async function computeAndStore(
  db: Db,
  scope: string,
  fromDate: string,
  toDate: string,
  now: Date,
): Promise<HotspotResult> {
  const figures = await computeRollup(db, scope, fromDate, toDate, now);
  await upsertRollup(db, { scope, periodFrom: fromDate, periodTo: toDate }, figures, now);
  return { items: figures.items, asOf: now };
}

/**
 * The hotspots of a region scope (a code prefix) and period: the stored rollup when there is one
 * (even a stale one — the job refreshes it), else computed now and stored for the next reader.
 */
export async function readHotspots(
  db: Db,
  scope: string,
  fromDate: string,
  toDate: string,
  now: Date,
): Promise<HotspotResult> {
  const key = { scope, periodFrom: fromDate, periodTo: toDate };
  const row = await q.findRollup(db, key);
  if (row?.computedAt) {
    // Mark it read (at most once an hour, to keep reads cheap) so the job keeps it fresh.
    if (now.getTime() - row.requestedAt.getTime() > 3_600_000) await q.markRollupRead(db, key, now);
    return { items: row.items as HotspotItem[], asOf: row.computedAt };
  }
  return computeAndStore(db, scope, fromDate, toDate, now);
}

/** The periods the job keeps ready for every region: this month so far and the last 30 days. */
export function standardPeriods(now: Date): { from: string; to: string }[] {
  const today = shanghaiDate(now);
  return [
    { from: `${today.slice(0, 8)}01`, to: today },
    { from: addDays(today, -29), to: today },
  ];
}

/** Rows nobody has read for this long are deleted by the job (the next reader recomputes). */
export const FORGET_AFTER_MS = 30 * 86_400_000;

/** Deletes rollups nobody has read for {@link FORGET_AFTER_MS}; returns how many. */
export async function forgetUnreadRollups(db: Db, now: Date): Promise<number> {
  return q.deleteRollupsUnreadSince(db, new Date(now.getTime() - FORGET_AFTER_MS));
}

/**
 * Queues the standard periods of every county and town that had cases in the last 30 days
 * (rows with no figures yet, due at once). Existing rows are left as they are.
 */
export async function queueStandardRollups(db: Db, now: Date): Promise<number> {
  const since = new Date(now.getTime() - 30 * DAY);
  const scopes = new Set<string>();
  for (const r of await q.countiesAndTownsWithCasesSince(db, since)) {
    scopes.add(scopePrefix(r.county.padEnd(12, '0')));
    scopes.add(scopePrefix(r.town.padEnd(12, '0')));
  }
  const rows = [...scopes].flatMap((scope) =>
    standardPeriods(now).map((p) => ({
      scope,
      periodFrom: p.from,
      periodTo: p.to,
      computedAt: null,
      refreshAfter: now,
      requestedAt: now,
      caseCount: 0,
      items: [],
    })),
  );
  if (rows.length === 0) return 0;
  return q.insertQueuedRollups(db, rows);
}

/**
 * One pass of the rollup job: claims up to `batch` due rows (queued, or stale and still read)
 * that no other worker holds, and recomputes them (core/jobs.ts). A row whose lease ran out
 * meanwhile is left to the worker that claimed it since; one that fails keeps its lease and is
 * claimed again after it. Returns how many were computed.
 */
export async function refreshDueRollups(
  db: Db,
  worker: string,
  now: () => Date,
  opts: { batch?: number; leaseMs?: number } = {},
): Promise<number> {
  const rollups: JobQueue<ClaimedRollup, RollupFigures, Db> = {
    claim: (lease) => claimRollups(db, lease, new Date(lease.now.getTime() - KEEP_REFRESHING_MS)),
    unit: (fn) => fn(db),
    hold: holdRollup,
    work: (_db, r) => computeRollup(db, r.scope, r.periodFrom, r.periodTo, now()),
    complete: storeClaimedRollup,
  };
  const result = await runJobBatch(rollups, {
    worker,
    now: now(),
    batch: opts.batch ?? 4,
    leaseMs: opts.leaseMs ?? 5 * 60_000,
  });
  return result.done;
}
