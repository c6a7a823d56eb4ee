import {
  CASE_STATUS_LABELS,
  type CaseStatus,
  countyCode,
  opinionTextProblem,
  PUBLIC_LIMITS,
  REPLY_KIND_LABELS,
  type ReplyKind,
  sanitizeText,
  windowStart,
} from '@lianluo/domain';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Deps } from '../../core/context.ts';
import type { Insight } from '../analytics/analytics.service.ts';
import { findStation, rateHit, signSuggestion } from './opinion.service.ts';

function problem(reply: FastifyReply, status: number, title: string, field: string | null = null) {
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send({ type: 'about:blank', title, status, field });
}

/**
 * POST /p/opinion/insight — while a person types on the raise-an-opinion form: the category the
 * classifier suggests (its Chinese name; the person may change it) and what is already public
 * and similar near the station (board items with their approved text and result, common-issue
 * titles), each with a score and the shared key terms. Reads only; rate limited per IP in the
 * database like the form itself, so the limit holds across server processes.
 */
export const opinionInsightRoutes: FastifyPluginAsync<{ deps: Deps; insight: Insight }> = async (
  app,
  { deps, insight },
) => {
  app.post(
    '/p/opinion/insight',
    { config: { public: true }, schema: { hide: true }, bodyLimit: 256 * 1024 },
    async (request, reply) => {
      const now = deps.now();
      const rule = PUBLIC_LIMITS.insightIp;
      const hits = await rateHit(deps.db, `insight-ip:${deps.crypto.blindIndex(request.ip)}`, rule, now);
      if (hits > rule.max) {
        const end = windowStart(now, rule.windowSeconds).getTime() + rule.windowSeconds * 1000;
        reply.header('retry-after', String(Math.max(1, Math.ceil((end - now.getTime()) / 1000))));
        return problem(reply, 429, '查询过于频繁，请稍后再试（不影响提交意见）');
      }
      const body = (request.body ?? {}) as Record<string, unknown>;
      const raw = typeof body.text === 'string' ? body.text : '';
      const text = sanitizeText(raw);
      const bad = opinionTextProblem(text);
      if (bad) return problem(reply, 400, bad, 'content');
      const station = await findStation(deps.db, typeof body.station === 'string' ? body.station : undefined);
      if (!station) return problem(reply, 404, '没有找到这个联络站，请重新扫码', 'station');

      const [categories, similar] = await Promise.all([
        insight.categoriesFor(text),
        insight.findSimilarPublic({ text, regionCode: station.regionCode }),
      ]);
      const county = `${countyCode(station.regionCode)}000000`;
      return reply.header('cache-control', 'no-store').send({
        suggestion: categories.ok
          ? {
              ok: true,
              items: categories.suggestions.slice(0, 3).map((s) => ({
                category: s.category,
                name: s.name,
                score: Math.round(s.score * 1000) / 1000,
              })),
              // What the form sends back so the case records the suggestion it showed.
              token: signSuggestion(deps, {
                modelVersion: categories.modelVersion,
                categoryKey: categories.suggestions[0]!.category,
                score: Math.round(categories.suggestions[0]!.score * 1000) / 1000,
              }),
            }
          : { ok: false, reason: categories.reason },
        similar: {
          items: similar.items.map((i) => ({
            number: i.number,
            publicText: i.publicText,
            status: CASE_STATUS_LABELS[i.status as CaseStatus] ?? i.status,
            reply: i.replyKind ? (REPLY_KIND_LABELS[i.replyKind as ReplyKind] ?? null) : null,
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
      });
    },
  );
};
