/**
 * Index terms for search and similarity, hashed while scanning (no strings in the hot path).
 *
 * A term is a Han character bigram, a lone Han character (a run of one), or a run of other
 * letters/digits (a Latin word, "a5", "wifi"); single Latin letters, pure numbers and stop-words
 * are skipped. This is the classic CJK indexing unit (as Lucene's CJKAnalyzer): no dictionary, robust to
 * names the dictionary does not know, and about 30× faster than ICU word segmentation.
 */
import { normalize } from './normalize.ts';
import { STOP_WORDS } from './segment.ts';

/** True for Han code points (CJK unified ideographs, extensions A–F, compatibility ideographs). */
export function isHanCodePoint(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3134f)
  );
}

const OTHER_WORD_RE = /[\p{L}\p{N}\p{M}]/u;

function isWordCodePoint(cp: number): boolean {
  if (cp < 0x80)
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a);
  return OTHER_WORD_RE.test(String.fromCodePoint(cp));
}

function mix(h0: number): number {
  let h = h0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Hash of a Han bigram (two code points). */
export function bigramHash(a: number, b: number): number {
  return mix(Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ 0x27d4eb2f);
}

/** Hash of a lone Han character. */
export function unigramHash(a: number): number {
  return mix(Math.imul(a, 0x9e3779b1) ^ 0x165667b1);
}

/** Hash of a word (code units of text[start, end)). */
export function wordHash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix(h ^ 0x3c6ef372);
}

/** Hash of one term string, consistent with the scanner (for terms produced by `indexTerms`). */
export function termHash(term: string): number {
  const cps = Array.from(term, (c) => c.codePointAt(0) ?? 0);
  if (cps.length === 2 && isHanCodePoint(cps[0]) && isHanCodePoint(cps[1])) return bigramHash(cps[0], cps[1]);
  if (cps.length === 1 && isHanCodePoint(cps[0])) return unigramHash(cps[0]);
  return wordHash(term, 0, term.length);
}

const STOP_HASHES = new Set<number>();
for (const w of STOP_WORDS) STOP_HASHES.add(termHash(w));

/**
 * Scan normalised text (at most `maxChars` code units) and call `visit(hash, start, end)` for every
 * index term, in text order; [start, end) are code-unit offsets of the term in `norm`.
 */
export function scanIndexTerms(
  norm: string,
  maxChars: number,
  visit: (hash: number, start: number, end: number) => void,
): void {
  const len = Math.min(norm.length, maxChars);
  let i = 0;
  while (i < len) {
    let cp = norm.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < len) cp = norm.codePointAt(i) ?? cp;
    const w = cp > 0xffff ? 2 : 1;
    if (isHanCodePoint(cp)) {
      // Han run: bigrams (or the lone character).
      let prev = cp;
      let prevStart = i;
      let j = i + w;
      let count = 1;
      while (j < len) {
        let c = norm.charCodeAt(j);
        if (c >= 0xd800 && c <= 0xdbff && j + 1 < len) c = norm.codePointAt(j) ?? c;
        if (!isHanCodePoint(c)) break;
        const cw = c > 0xffff ? 2 : 1;
        const h = bigramHash(prev, c);
        if (!STOP_HASHES.has(h)) visit(h, prevStart, j + cw);
        prev = c;
        prevStart = j;
        j += cw;
        count++;
      }
      if (count === 1) {
        const h = unigramHash(cp);
        if (!STOP_HASHES.has(h)) visit(h, i, j);
      }
      i = j;
    } else if (isWordCodePoint(cp) && cp !== 0x20) {
      let j = i + w;
      let digits = cp >= 0x30 && cp <= 0x39;
      while (j < len) {
        let c = norm.charCodeAt(j);
        if (c >= 0xd800 && c <= 0xdbff && j + 1 < len) c = norm.codePointAt(j) ?? c;
        if (isHanCodePoint(c) || !isWordCodePoint(c)) break;
        if (!(c >= 0x30 && c <= 0x39)) digits = false;
        j += c > 0xffff ? 2 : 1;
      }
      if (j - i > 1 && !digits) {
        const h = wordHash(norm, i, j);
        if (!STOP_HASHES.has(h)) visit(h, i, j);
      }
      i = j;
    } else {
      i += w;
    }
  }
}

/** The index terms of normalised text as strings, in text order (see `scanIndexTerms`). */
export function indexTerms(norm: string, maxChars = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  scanIndexTerms(norm, maxChars, (_h, s, e) => {
    out.push(norm.slice(s, e));
  });
  return out;
}

/**
 * Feature terms of a text as used by the similarity index, hotspot clustering and reply relevance:
 * `normalize`, then Han character bigrams (a lone Han character when its run has one), Latin/digit
 * words, without stop-words, single letters and pure numbers; in text order, with repeats.
 * (The classifier uses hashed character 1–2-grams with a weighted title instead: that measured
 * best for categories, see classifier.ts.) ICU words measured no better for these uses and cost
 * 20–30× more time.
 */
export function terms(text: string): string[] {
  return indexTerms(normalize(typeof text === 'string' ? text : ''));
}
