import { CASE_STATUS_LABELS, countyCode, REPLY_KIND_LABELS } from '@lianluo/domain';
import { labelOf } from './format.ts';
import type { OpinionInsight } from './opinion.insight.service.ts';

/**
 * The form's hints as its script reads them: up to three categories (Chinese names) with the
 * signed token, and similar public items (approved text, status and reply in words, a link to the
 * board filtered to the item) and common issues, each with its score and shared terms.
 */
export function presentInsight({ station, categories, similar, token }: OpinionInsight) {
  const county = `${countyCode(station.regionCode)}000000`;
  return {
    suggestion: categories.ok
      ? {
          ok: true,
          items: categories.suggestions.slice(0, 3).map((s) => ({
            category: s.category,
            name: s.name,
            score: Math.round(s.score * 1000) / 1000,
          })),
          token,
        }
      : { ok: false, reason: categories.reason },
    similar: {
      items: similar.items.map((i) => ({
        number: i.number,
        publicText: i.publicText,
        status: labelOf(CASE_STATUS_LABELS, i.status) ?? i.status,
        reply: i.replyKind ? (labelOf(REPLY_KIND_LABELS, i.replyKind) ?? null) : null,
        category: i.categoryName,
        station: i.stationName,
        publishedAt: i.publishedAt,
        score: i.score,
        sharedTerms: i.sharedTerms,
        places: i.places,
        sameTown: i.sameTown,
        // The board filtered to this very item (its number is public there).
        href: i.stationId
          ? `/p/board?station=${i.stationId}&q=${encodeURIComponent(i.number)}`
          : `/p/board?region=${county}&q=${encodeURIComponent(i.number)}`,
      })),
      issues: similar.issues.map((i) => ({
        title: i.title,
        caseCount: i.caseCount,
        score: i.score,
        sharedTerms: i.sharedTerms,
        sameTown: i.sameTown,
      })),
    },
  };
}
