/**
 * Allocation-free feature hashing of character n-grams (the hot path of predict and indexing).
 */

/** FNV-1a offset basis and prime (32-bit). */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 32-bit FNV-1a of a string's UTF-16 code units, with an optional seed (namespace). */
export function hashString(s: string, seed = 0): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return avalanche(h);
}

/** Final mixing (murmur3 fmix32) so that low bits are usable as a table index. */
function avalanche(h0: number): number {
  let h = h0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** True for code units that may belong to an n-gram: letters, digits, CJK; not spaces or punctuation. */
function isGramChar(c: number): boolean {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  // General punctuation, symbols, arrows, box drawing, dingbats; CJK punctuation; full-width
  // punctuation; surrogates (astral emoji; the rare CJK Extension B characters are lost with them).
  if (c >= 0x2000 && c <= 0x2bff) return false;
  if (c >= 0x3000 && c <= 0x303f) return false;
  if (c >= 0xfe30 && c <= 0xfe4f) return false;
  if (c >= 0xff00 && c <= 0xff0f) return false;
  if (c >= 0xff1a && c <= 0xff20) return false;
  if (c >= 0xd800 && c <= 0xdfff) return false;
  if (c === 0xa0 || c === 0xb7 || c === 0xd7) return false;
  return true;
}

/**
 * Visit the hashed character n-grams (n = minN…maxN, in code units) of `text`: `visit(slot, weight)`
 * is called once per n-gram occurrence with slot = hash mod 2^bits (mixed with `seed`, so namespaces
 * can share one table). N-grams stop at spaces, punctuation, symbols and emoji. Reads at most `limit`
 * code units. No strings are allocated. Returns the number of n-grams visited.
 */
export function forEachCharNgram(
  text: string,
  minN: number,
  maxN: number,
  bits: number,
  seed: number,
  limit: number,
  weight: number,
  visit: (slot: number, weight: number) => void,
): number {
  const mask = bits >= 32 ? 0xffffffff : (1 << bits) - 1;
  const len = Math.min(text.length, limit);
  let visited = 0;
  let runStart = 0;
  for (let i = 0; i <= len; i++) {
    if (i < len && isGramChar(text.charCodeAt(i))) continue;
    // [runStart, i) is a run of gram characters
    for (let s = runStart; s < i; s++) {
      let h = (FNV_OFFSET ^ seed) >>> 0;
      for (let n = 1; n <= maxN && s + n <= i; n++) {
        h ^= text.charCodeAt(s + n - 1);
        h = Math.imul(h, FNV_PRIME);
        if (n >= minN) {
          visit((avalanche(h ^ n) & mask) >>> 0, weight);
          visited++;
        }
      }
    }
    runStart = i + 1;
  }
  return visited;
}
