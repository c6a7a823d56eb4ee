/**
 * Storage of the similarity index's posting lists, about 5 bytes per posting.
 *
 * - Term dictionary: open addressing from 32-bit term hash to term number (collisions between
 *   distinct terms are possible and harmless at this scale: two rare terms share a list).
 * - Per term: first and last block, entries used in the last block, live document frequency.
 * - Pool: one Int32Array of slots and a parallel Uint8Array of term counts. A list is a chain of
 *   blocks [next, capacity, slot × capacity] of growing size (2, 4, … 4096), so rare terms cost
 *   little and common ones are read sequentially. Slots only increase, so each list is sorted.
 *
 * Fields are public because SimilarityIndex's query loops read them directly (hot path).
 */

/** Largest posting block, in entries. */
const MAX_BLOCK = 4096;
/** 1 + ln(tf) for stored term counts (capped at 255). */
export const TFW = Float32Array.from({ length: 256 }, (_, i) => (i === 0 ? 0 : 1 + Math.log(i)));

export function grow<T extends Int32Array | Float32Array | Float64Array | Uint8Array | Uint32Array>(
  a: T,
  need: number,
): T {
  if (a.length >= need) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2, 16));
  b.set(a);
  return b;
}

/** Bucket of a term hash in the dictionary table. */
function mix32(h: number): number {
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
}

export class PostingStore {
  tKeys = new Int32Array(1 << 12);
  tVals = new Int32Array(1 << 12).fill(-1);
  nTerms = 0;
  head = new Int32Array(1024);
  tail = new Int32Array(1024);
  tailUsed = new Int32Array(1024);
  df = new Int32Array(1024);
  pool = new Int32Array(1 << 16);
  tfPool = new Uint8Array(1 << 16);
  poolTop = 0;

  /** Term number of a term hash, or −1. */
  termOf(hash: number): number {
    const mask = this.tKeys.length - 1;
    for (let i = mix32(hash) & mask; ; i = (i + 1) & mask) {
      const v = this.tVals[i];
      if (v < 0) return -1;
      if (this.tKeys[i] === hash) return v;
    }
  }

  /** Term number of a term hash, added if new. */
  addTerm(hash: number): number {
    if ((this.nTerms + 1) * 2 > this.tKeys.length) this.rehash(this.tKeys.length * 2);
    const mask = this.tKeys.length - 1;
    let i = mix32(hash) & mask;
    for (; this.tVals[i] >= 0; i = (i + 1) & mask) if (this.tKeys[i] === hash) return this.tVals[i];
    const t = this.nTerms++;
    this.tKeys[i] = hash;
    this.tVals[i] = t;
    if (t >= this.head.length) {
      this.head = grow(this.head, t + 1);
      this.tail = grow(this.tail, t + 1);
      this.tailUsed = grow(this.tailUsed, t + 1);
      this.df = grow(this.df, t + 1);
    }
    this.head[t] = -1;
    this.tail[t] = -1;
    this.tailUsed[t] = 0;
    this.df[t] = 0;
    return t;
  }

  private rehash(size: number): void {
    const keys = this.tKeys;
    const vals = this.tVals;
    this.tKeys = new Int32Array(size);
    this.tVals = new Int32Array(size).fill(-1);
    const mask = size - 1;
    for (let j = 0; j < keys.length; j++) {
      if (vals[j] < 0) continue;
      let i = mix32(keys[j]) & mask;
      while (this.tVals[i] >= 0) i = (i + 1) & mask;
      this.tKeys[i] = keys[j];
      this.tVals[i] = vals[j];
    }
  }

  private allocBlock(cap: number): number {
    const need = this.poolTop + 2 + cap;
    if (need > this.pool.length) {
      this.pool = grow(this.pool, need);
      this.tfPool = grow(this.tfPool, this.pool.length);
    }
    const b = this.poolTop;
    this.pool[b] = -1;
    this.pool[b + 1] = cap;
    this.poolTop = need;
    return b;
  }

  /** Append (slot, tf) to term t's list; slots must only increase. */
  append(t: number, slot: number, tf: number): void {
    let b = this.tail[t];
    if (b < 0 || this.tailUsed[t] === this.pool[b + 1]) {
      const total = this.df[t];
      const nb = this.allocBlock(Math.min(MAX_BLOCK, Math.max(2, total)));
      if (b < 0) this.head[t] = nb;
      else this.pool[b] = nb;
      this.tail[t] = nb;
      this.tailUsed[t] = 0;
      b = nb;
    }
    const o = b + 2 + this.tailUsed[t]++;
    this.pool[o] = slot;
    this.tfPool[o] = tf;
  }

  /** End offset (exclusive) of the entries of block b of term t. */
  blockEnd(t: number, b: number): number {
    return b === this.tail[t] ? b + 2 + this.tailUsed[t] : b + 2 + this.pool[b + 1];
  }

  /** Stored tf count of `slot` in term t's postings, 0 if absent. */
  tfOf(t: number, slot: number): number {
    const pool = this.pool;
    for (let b = this.head[t]; b >= 0; b = pool[b]) {
      const end = this.blockEnd(t, b);
      if (end === b + 2 || pool[end - 1] < slot) continue;
      let lo = b + 2;
      let hi = end;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (pool[mid] < slot) lo = mid + 1;
        else hi = mid;
      }
      return pool[lo] === slot ? this.tfPool[lo] : 0;
    }
    return 0;
  }

  /**
   * Rewrite every list without the slots mapped to −1 by `newSlot`, renumbering the others, each list
   * as a single block; df becomes the exact live count.
   */
  compact(newSlot: Int32Array): void {
    const pool = new Int32Array(Math.max(1 << 16, this.poolTop));
    const tfPool = new Uint8Array(pool.length);
    let top = 0;
    for (let t = 0; t < this.nTerms; t++) {
      const start = top;
      top += 2;
      for (let b = this.head[t]; b >= 0; b = this.pool[b]) {
        const end = this.blockEnd(t, b);
        for (let o = b + 2; o < end; o++) {
          const s = newSlot[this.pool[o]];
          if (s < 0) continue;
          pool[top] = s;
          tfPool[top++] = this.tfPool[o];
        }
      }
      const len = top - start - 2;
      pool[start] = -1;
      pool[start + 1] = len;
      this.head[t] = len > 0 ? start : -1;
      this.tail[t] = len > 0 ? start : -1;
      this.tailUsed[t] = len;
      this.df[t] = len;
      if (len === 0) top = start;
    }
    this.pool = pool;
    this.tfPool = tfPool;
    this.poolTop = top;
  }
}
