/**
 * Near-duplicate detection: MinHash signatures of character 3-gram shingles by one-permutation
 * hashing (one hash per shingle, 64 bins), and the Jaccard estimate between two signatures.
 */
import { forEachCharNgram } from './hashing.ts';

/** Values per signature. */
export const MINHASH_K = 64;
/** Marks a bin no shingle fell into. */
const EMPTY_BIN = 0xffffffff;

/**
 * MinHash signature of the character 3-gram shingles of normalised text, by one-permutation hashing
 * (Li, Owen & Zhang 2012): each shingle hash goes to one of 64 bins by its top 6 bits and the bin
 * keeps the smallest remaining 26 bits; 0xffffffff marks an empty bin. One hash per shingle.
 */
export function minhash(
  norm: string,
  maxChars = Number.POSITIVE_INFINITY,
  out = new Uint32Array(MINHASH_K),
): Uint32Array {
  out.fill(EMPTY_BIN);
  const add = (h: number) => {
    const bin = h >>> 26;
    const v = h & 0x03ffffff;
    if (v < out[bin]) out[bin] = v;
  };
  const n = forEachCharNgram(norm, 3, 3, 32, 0x3c3c, maxChars, 1, add);
  // Texts shorter than one shingle: fall back to single characters and pairs.
  if (n === 0) forEachCharNgram(norm, 1, 2, 32, 0x3c3c, maxChars, 1, add);
  return out;
}

/**
 * Estimated Jaccard similarity of two signatures: equal non-empty bins over the bins not empty in
 * both. 0 when both texts had no shingles.
 */
export function minhashSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  let used = 0;
  for (let i = 0; i < MINHASH_K; i++) {
    const x = a[i];
    const y = b[i];
    if (x === EMPTY_BIN && y === EMPTY_BIN) continue;
    used++;
    if (x === y) same++;
  }
  return used === 0 ? 0 : same / used;
}
