import { CASE_STATUS_LABELS } from '@lianluo/domain';
import type { listModels } from './analytics.queries.ts';
import type { findSimilarCases, listHotspots, searchCases } from './analytics.service.ts';

/** The domain's labels, read by a status the database hands back as a plain string. */
const STATUS_LABELS: Readonly<Record<string, string>> = CASE_STATUS_LABELS;

/** The same formula as packages/text/src/hotspots.ts computes. */
const HEAT_FORMULA =
  '热度 = ln(1+件数) × (1 + ln(1+max(0, 增长))) + 0.5 × ln(1+点赞数)；' +
  '增长 = (本期件数+1) ÷ (按本话题历史速率预期的件数+1) − 1；预警：件数≥5且高于历史均值加两倍标准差';

export function presentSimilar({ items, issues }: Awaited<ReturnType<typeof findSimilarCases>>) {
  return { items: items.map((i) => ({ ...i, statusLabel: STATUS_LABELS[i.status] })), issues };
}

export function presentHotspots(h: Awaited<ReturnType<typeof listHotspots>>) {
  return { from: h.from, to: h.to, asOf: h.asOf.toISOString(), heatFormula: HEAT_FORMULA, items: h.items };
}

export function presentSearch(rows: Awaited<ReturnType<typeof searchCases>>) {
  return {
    items: rows.map((r) => ({
      ...r,
      statusLabel: STATUS_LABELS[r.status],
      registeredAt: r.registeredAt.toISOString(),
    })),
  };
}

/** Each model with its acceptance rate: suggestions taken over suggestions decided (none decided: null). */
export function presentModels(rows: Awaited<ReturnType<typeof listModels>>) {
  return {
    items: rows.map((r) => ({
      ...r,
      trainedAt: r.trainedAt.toISOString(),
      acceptanceRate: r.decided > 0 ? r.accepted / r.decided : null,
    })),
  };
}
