import { opinionTextProblem, PUBLIC_LIMITS, sanitizeText } from '@lianluo/domain';
import type { Deps } from '../../core/context.ts';
import { rateBucket, rateHit, retryAfterSeconds } from '../../core/rate-limit.ts';
import type { Insight } from '../analytics/analytics.service.ts';
import { PublicError, RateLimited } from './opinion.errors.ts';
import { signSuggestion } from './opinion.suggestion.ts';
import { findStation } from './station.data.ts';

/**
 * While a person types on the raise-an-opinion form: the category the classifier suggests and
 * what is already public and similar near the station. Reads only; rate limited per IP in the
 * database like the form itself, so the limit holds across server processes.
 */
export async function opinionInsight(
  deps: Pick<Deps, 'db' | 'crypto' | 'now'>,
  insight: Insight,
  input: { text: unknown; station: unknown },
  ip: string,
) {
  const now = deps.now();
  const rule = PUBLIC_LIMITS.insightIp;
  if ((await rateHit(deps.db, rateBucket(deps.crypto, 'insight-ip', ip), rule, now)) > rule.max) {
    throw new RateLimited('查询过于频繁，请稍后再试（不影响提交意见）', retryAfterSeconds(rule, now));
  }
  const text = sanitizeText(typeof input.text === 'string' ? input.text : '');
  const bad = opinionTextProblem(text);
  if (bad) throw new PublicError(bad, 400, 'content');
  const station = await findStation(deps.db, typeof input.station === 'string' ? input.station : undefined);
  if (!station) throw new PublicError('没有找到这个联络站，请重新扫码', 404, 'station');
  const [categories, similar] = await Promise.all([
    insight.categoriesFor(text),
    insight.findSimilarPublic({ text, regionCode: station.regionCode }),
  ]);
  // What the form sends back so the case records the suggestion it showed.
  const token = categories.ok
    ? signSuggestion(deps, {
        modelVersion: categories.modelVersion,
        categoryKey: categories.suggestions[0]!.category,
        score: Math.round(categories.suggestions[0]!.score * 1000) / 1000,
      })
    : null;
  return { station, categories, similar, token };
}

export type OpinionInsight = Awaited<ReturnType<typeof opinionInsight>>;
