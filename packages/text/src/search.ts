/**
 * Keyword search tokens for PostgreSQL full-text search on Chinese text.
 *
 * PostgreSQL's parser does not segment Chinese: `to_tsvector('simple', '小区停车收费')` is one
 * lexeme, so a search for "停车" finds nothing. We store pre-tokenised text instead:
 * `to_tsvector('simple', searchTokens(text))`, where searchTokens emits, space-separated,
 *  1. the Han character bigrams of each run of Han characters, in text order (so phrase queries
 *     with `<->` work: 停车收费 → 停车 车收 收费),
 *  2. every other run of letters/digits as one word (Latin words, numbers, "a5"),
 *  3. then, once each, the single Han characters of the text, so one-character queries match.
 * Words of more than two characters need no token of their own: their bigram chain, matched as a
 * phrase, finds them exactly (a dictionary word list would also miss the names the dictionary does
 * not know, which are what people search for: 景蓉华苑).
 *
 * Checked on PGlite (C locale) and valid for PostgreSQL in any UTF-8 locale: the default parser
 * treats non-ASCII letters as letters, and our tokens contain no punctuation.
 */
import { normalize } from './normalize.ts';

const RUN_RE = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
const HAN_START = /^\p{Script=Han}/u;
/** Longer Latin/digit runs are cut (PostgreSQL rejects lexemes over 2 KB; junk like base64). */
const MAX_WORD = 64;
/** Characters of normalised text tokenised (tsvector positions stop at 16,383 anyway). */
const MAX_CHARS = 20_000;

interface Run {
  han: boolean;
  chars: string[];
}

function runs(text: string): Run[] {
  const out: Run[] = [];
  const norm = normalize(typeof text === 'string' ? text.slice(0, MAX_CHARS * 2) : '').slice(0, MAX_CHARS);
  for (const m of norm.matchAll(RUN_RE)) {
    const han = HAN_START.test(m[0]);
    out.push({ han, chars: han ? Array.from(m[0]) : [m[0].slice(0, MAX_WORD)] });
  }
  return out;
}

/**
 * Space-joined tokens for `to_tsvector('simple', …)`: Han bigrams in text order, other words, then
 * each distinct Han character once. '' for text without letters or digits.
 */
export function searchTokens(text: string): string {
  const out: string[] = [];
  const singles = new Set<string>();
  for (const r of runs(text)) {
    if (!r.han) {
      out.push(r.chars[0]);
      continue;
    }
    for (const c of r.chars) singles.add(c);
    for (let i = 0; i + 1 < r.chars.length; i++) out.push(r.chars[i] + r.chars[i + 1]);
  }
  out.push(...singles);
  return out.join(' ');
}

/**
 * Tokens of a search query that must all match (AND): the bigrams of each Han run (the character
 * itself for a one-character run) and the other words; duplicates removed, order kept.
 */
export function queryTokens(q: string): string[] {
  const out = new Set<string>();
  for (const p of queryPhrases(q)) for (const t of p) out.add(t);
  return [...out];
}

/** Query tokens grouped by phrase: the bigram chain of each Han run, or a single word. */
export function queryPhrases(q: string): string[][] {
  return runs(q).map((r) => {
    if (!r.han) return [r.chars[0]];
    if (r.chars.length === 1) return [r.chars[0]];
    const chain: string[] = [];
    for (let i = 0; i + 1 < r.chars.length; i++) chain.push(r.chars[i] + r.chars[i + 1]);
    return chain;
  });
}

/**
 * A `to_tsquery('simple', …)` expression for a user's query: each Han run as a phrase of its bigrams
 * (`停车 <-> 车收 <-> 收费`), runs and words ANDed. '' when the query has no usable token (the
 * caller should then not search). Tokens are letters/digits only, so nothing needs escaping.
 */
export function tsQuery(q: string): string {
  return queryPhrases(q)
    .map((p) => (p.length === 1 ? p[0] : `(${p.join(' <-> ')})`))
    .join(' & ');
}
