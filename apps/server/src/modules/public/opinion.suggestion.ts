import { timingSafeEqual } from 'node:crypto';
import type { Deps } from '../../core/context.ts';

/**
 * The category suggestion the form showed, carried back with the opinion so the case records it
 * (and the classifier's acceptance rate counts it).
 */
type SuggestionDeps = Pick<Deps, 'crypto'>;

/** The classifier's first choice as the form showed it, to be recorded with the case. */
export interface ShownSuggestion {
  modelVersion: string;
  categoryKey: string;
  score: number;
}

const signature = (deps: SuggestionDeps, body: string) => deps.crypto.blindIndex(`suggestion:${body}`);

/**
 * `version|category|score|signature`: the suggestion travels through the form in a hidden field,
 * signed (keyed SM3) so a forged one cannot skew the classifier's acceptance rate.
 */
export function signSuggestion(deps: SuggestionDeps, s: ShownSuggestion): string {
  const body = `${s.modelVersion}|${s.categoryKey}|${s.score}`;
  return `${body}|${signature(deps, body)}`;
}

/** The suggestion a form carried back, or null when absent, malformed or not signed by us. */
export function readSuggestion(deps: SuggestionDeps, token: string | undefined): ShownSuggestion | null {
  if (!token || token.length > 300) return null;
  const [modelVersion, categoryKey, score, sig, ...rest] = token.split('|');
  if (sig === undefined || rest.length > 0) return null;
  const got = Buffer.from(sig);
  const want = Buffer.from(signature(deps, `${modelVersion}|${categoryKey}|${score}`));
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  const n = Number(score);
  if (!modelVersion || !categoryKey || !/^[a-z_]{1,40}$/.test(categoryKey) || !(n >= 0 && n <= 1))
    return null;
  return { modelVersion, categoryKey, score: n };
}
