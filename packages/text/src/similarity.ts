/**
 * Similar-message search: TF-IDF cosine over an in-memory inverted index, with exact and near
 * duplicate flags.
 *
 * Terms are the hashed index terms of `scanIndexTerms` (Han bigrams, lone Han characters, Latin or
 * digit-letter words). Weights: sublinear TF (1 + ln tf) × IDF (ln((1+N)/(1+df)) + 1); scores are
 * cosines. A query first accumulates scores over its most informative terms (up to 32, within a
 * budget of 30,000 postings; rare terms have short lists), keeps the 50 best candidates that pass
 * the filters, then rescores those exactly with all its terms (binary search in the postings). Document norms use the IDF of the moment they were added and are
 * all recomputed when the collection has grown or shrunk by a quarter (amortised O(1) per add).
 *
 * Duplicates: `exact` = same normalised text; `near` = Jaccard similarity of character 3-gram
 * shingles ≥ `nearThreshold` (0.8), estimated from 64-bin one-permutation MinHash signatures.
 *
 * Storage (about 5 bytes per posting): posting lists live in one pooled Int32Array of slots and a
 * parallel Uint8Array of term counts, as chains of blocks of growing size; each list is sorted by
 * slot because slots only increase. Removed documents are tombstones until compaction.
 */
import { forEachCharNgram, hashString } from './hashing.ts';
import { scanIndexTerms } from './index-terms.ts';
import { normalize } from './normalize.ts';
import { toTime } from './util.ts';

export interface SimilarDoc {
  id: string;
  text: string;
  /** Zero-padded administrative region code; `regionPrefix` filters on it. */
  regionCode?: string;
  at?: Date | string;
  meta?: unknown;
}

export interface SimilarQuery {
  /** Maximum results (default 10, at most 1000). */
  limit?: number;
  /** Only documents whose regionCode starts with this. */
  regionPrefix?: string;
  /** Only documents dated at or after this (documents without a date are excluded). */
  since?: Date;
  /** Leave this document out (e.g. the case being viewed). */
  excludeId?: string;
  /** Minimum cosine score (default 0.1). */
  minScore?: number;
  /**
   * Score every document sharing a term with the query instead of pruning candidates by their most
   * informative terms (slow at scale; for tests and the benchmark's recall check).
   */
  exhaustive?: boolean;
}

export interface SimilarHit {
  id: string;
  /** Cosine similarity in [0, 1] (1 for exact duplicates). */
  score: number;
  /** Readable terms both texts share, most informative first (adjacent shared bigrams merged). */
  sharedTerms: string[];
  duplicate: 'exact' | 'near' | null;
}

export interface SimilarityOptions {
  /** Characters of normalised text indexed per document (default 2000). */
  maxChars?: number;
  /** Jaccard similarity at or above which a hit is a near duplicate (default 0.8). */
  nearThreshold?: number;
}

const MINHASH_K = 64;
/** Terms accumulated in the first phase of a query, and the postings it may visit (after 8 terms). */
const PHASE1_TERMS = 32;
const PHASE1_BUDGET = 30_000;
/** Query terms beyond this many (the least informative) are ignored altogether. */
const MAX_QUERY_TERMS = 256;
/** Raw characters read per text: the exact-duplicate hash covers all of them, terms only `maxChars`. */
const MAX_RAW = 200_000;
/** Largest posting block, in entries. */
const MAX_BLOCK = 4096;
/** 1 + ln(tf) for stored term counts (capped at 255). */
const TFW = Float32Array.from({ length: 256 }, (_, i) => (i === 0 ? 0 : 1 + Math.log(i)));

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

const EMPTY_BIN = 0xffffffff;

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

function grow<T extends Int32Array | Float32Array | Float64Array | Uint8Array | Uint32Array>(
  a: T,
  need: number,
): T {
  if (a.length >= need) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2, 16));
  b.set(a);
  return b;
}

/** Terms of a normalised text with their counts (hash → count), via a reusable sort. */
function countTerms(norm: string, maxChars: number): { hashes: Int32Array; counts: Uint8Array } {
  const hs: number[] = [];
  scanIndexTerms(norm, maxChars, (h) => {
    hs.push(h);
  });
  const sorted = Int32Array.from(hs).sort();
  const hashes: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    hashes.push(sorted[i]);
    counts.push(Math.min(255, j - i));
    i = j;
  }
  return { hashes: Int32Array.from(hashes), counts: Uint8Array.from(counts) };
}

/**
 * In-memory similar-message index. Adding an id that exists replaces the document. One index per
 * process, rebuilt from the database at start-up; not shared across worker threads.
 */
export class SimilarityIndex {
  private readonly maxChars: number;
  private readonly nearThreshold: number;

  // Term dictionary: open addressing from term hash to term number.
  private tKeys = new Int32Array(1 << 12);
  private tVals = new Int32Array(1 << 12).fill(-1);
  private nTerms = 0;
  // Per term: first and last block, entries used in the last block, live document frequency.
  private head = new Int32Array(1024);
  private tail = new Int32Array(1024);
  private tailUsed = new Int32Array(1024);
  private df = new Int32Array(1024);
  // Posting pool: a block at offset b is [next, capacity, slot × capacity]; tf at the same offsets.
  private pool = new Int32Array(1 << 16);
  private tfPool = new Uint8Array(1 << 16);
  private poolTop = 0;

  // Per document slot.
  private ids: string[] = [];
  private regions: string[] = [];
  private metas: unknown[] = [];
  private ats = new Float64Array(1024);
  private textHashes = new Int32Array(1024);
  private alive = new Uint8Array(1024);
  private norms = new Float32Array(1024);
  private sigs = new Uint32Array(1024 * MINHASH_K);
  private readonly slotOf = new Map<string, number>();
  private live = 0;
  private dead = 0;
  /** Live count when all norms were last computed (−1: never). */
  private normsAt = -1;
  private scores = new Float32Array(1024);

  constructor(options: SimilarityOptions = {}) {
    this.maxChars = options.maxChars && options.maxChars > 0 ? Math.floor(options.maxChars) : 2000;
    this.nearThreshold = options.nearThreshold ?? 0.8;
  }

  /** Number of documents in the index. */
  get size(): number {
    return this.live;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** The `meta` stored with a document. */
  meta(id: string): unknown {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.metas[slot];
  }

  private termOf(hash: number): number {
    const mask = this.tKeys.length - 1;
    for (let i = mix32(hash) & mask; ; i = (i + 1) & mask) {
      const v = this.tVals[i];
      if (v < 0) return -1;
      if (this.tKeys[i] === hash) return v;
    }
  }

  private addTerm(hash: number): number {
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

  private append(t: number, slot: number, tf: number): void {
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
  private blockEnd(t: number, b: number): number {
    return b === this.tail[t] ? b + 2 + this.tailUsed[t] : b + 2 + this.pool[b + 1];
  }

  /** Stored tf count of `slot` in term t's postings, 0 if absent. */
  private tfOf(t: number, slot: number): number {
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

  private idf(df: number): number {
    return Math.log((1 + this.live + this.dead) / (1 + df)) + 1;
  }

  add(doc: SimilarDoc): void {
    if (!doc || typeof doc.id !== 'string' || doc.id === '')
      throw new TypeError('SimilarityIndex.add: doc.id is required');
    if (this.slotOf.has(doc.id)) this.remove(doc.id);
    const norm = normalize(typeof doc.text === 'string' ? doc.text.slice(0, MAX_RAW) : '');
    const slot = this.ids.length;
    const cap = slot + 1;
    this.ats = grow(this.ats, cap);
    this.textHashes = grow(this.textHashes, cap);
    this.alive = grow(this.alive, cap);
    this.norms = grow(this.norms, cap);
    this.sigs = grow(this.sigs, cap * MINHASH_K);
    this.ids.push(doc.id);
    this.regions.push(typeof doc.regionCode === 'string' ? doc.regionCode : '');
    this.metas.push(doc.meta);
    this.ats[slot] = toTime(doc.at);
    this.textHashes[slot] = hashString(norm, 0x51) | 0;
    this.alive[slot] = 1;
    minhash(norm, this.maxChars, this.sigs.subarray(slot * MINHASH_K, cap * MINHASH_K));
    this.slotOf.set(doc.id, slot);
    this.live++;
    const { hashes, counts } = countTerms(norm, this.maxChars);
    let ss = 0;
    for (let i = 0; i < hashes.length; i++) {
      const t = this.addTerm(hashes[i]);
      this.append(t, slot, counts[i]);
      this.df[t]++;
      const v = TFW[counts[i]] * this.idf(this.df[t]);
      ss += v * v;
    }
    // With the IDF of the moment; refreshNorms() recomputes all norms once the collection drifts.
    this.norms[slot] = Math.sqrt(ss);
  }

  /** Remove a document; unknown ids are ignored. */
  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.alive[slot] = 0;
    this.metas[slot] = undefined;
    this.live--;
    this.dead++;
    // The postings stay as tombstones (and in df and N) until compaction: finding them now would
    // mean visiting every posting list.
    if (this.dead > 64 && this.dead > this.live / 4) this.compact();
  }

  /** Drop tombstones, renumber slots, and store each posting list as one block. */
  private compact(): void {
    const n = this.ids.length;
    const newSlot = new Int32Array(n).fill(-1);
    let kept = 0;
    for (let s = 0; s < n; s++) if (this.alive[s]) newSlot[s] = kept++;
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
    const keep = (s: number) => newSlot[s] >= 0;
    this.ids = this.ids.filter((_, s) => keep(s));
    this.regions = this.regions.filter((_, s) => keep(s));
    this.metas = this.metas.filter((_, s) => keep(s));
    for (let s = 0; s < n; s++) {
      const d = newSlot[s];
      if (d < 0) continue;
      this.ats[d] = this.ats[s];
      this.textHashes[d] = this.textHashes[s];
      this.alive[d] = 1;
      this.sigs.copyWithin(d * MINHASH_K, s * MINHASH_K, (s + 1) * MINHASH_K);
    }
    this.alive.fill(0, kept);
    this.slotOf.clear();
    this.ids.forEach((id, s) => {
      this.slotOf.set(id, s);
    });
    this.dead = 0;
    this.normsAt = -1;
  }

  /** Recompute every norm with the current IDF once the live count has drifted by a quarter. */
  private refreshNorms(): void {
    if (this.normsAt > 0 && Math.abs(this.live - this.normsAt) <= this.normsAt / 4) return;
    const n = this.ids.length;
    const sq = new Float64Array(n);
    for (let t = 0; t < this.nTerms; t++) {
      const idf = this.idf(this.df[t]);
      for (let b = this.head[t]; b >= 0; b = this.pool[b]) {
        const end = this.blockEnd(t, b);
        for (let o = b + 2; o < end; o++) {
          const v = TFW[this.tfPool[o]] * idf;
          sq[this.pool[o]] += v * v;
        }
      }
    }
    for (let s = 0; s < n; s++) this.norms[s] = Math.sqrt(sq[s]);
    this.normsAt = this.live;
  }

  /**
   * Documents most similar to `text`, best first: cosine of TF-IDF vectors ≥ `minScore` (exact
   * duplicates always qualify), after the region/date/id filters.
   */
  query(text: string, opts: SimilarQuery = {}): SimilarHit[] {
    const limit = Math.max(1, Math.min(Math.floor(Number(opts.limit ?? 10)) || 10, 1000));
    const minScore = opts.minScore ?? 0.1;
    if (this.live === 0) return [];
    const norm = normalize(typeof text === 'string' ? text.slice(0, MAX_RAW) : '');
    if (!norm) return [];
    this.refreshNorms();

    // Query vector; unknown terms count in |q| (they are part of the text) but have no postings.
    const { hashes, counts } = countTerms(norm, this.maxChars);
    const q: { t: number; w: number }[] = [];
    let qss = 0;
    for (let i = 0; i < hashes.length; i++) {
      const t = this.termOf(hashes[i]);
      const df = t >= 0 ? this.df[t] : 0;
      const w = TFW[counts[i]] * this.idf(df);
      qss += w * w;
      if (t >= 0 && df > 0) q.push({ t, w });
    }
    if (q.length === 0) return [];
    q.sort((a, b) => b.w - a.w || a.t - b.t);
    if (q.length > MAX_QUERY_TERMS) q.length = MAX_QUERY_TERMS;
    const qNorm = Math.sqrt(qss);

    // Phase 1: accumulate over the most informative terms, within a budget of postings visited
    // (at least 8 terms); common terms are left to the exact rescoring of phase 2.
    const n = this.ids.length;
    if (this.scores.length < n) this.scores = new Float32Array(Math.max(n, this.scores.length * 2));
    const scores = this.scores;
    const pool = this.pool;
    const tfPool = this.tfPool;
    const touched: number[] = [];
    let phase1 = 0;
    let visited = 0;
    const exhaustive = opts.exhaustive === true;
    for (; phase1 < (exhaustive ? q.length : Math.min(PHASE1_TERMS, q.length)); phase1++) {
      const { t, w } = q[phase1];
      if (!exhaustive && phase1 >= 8 && visited + this.df[t] > PHASE1_BUDGET) break;
      const f = w * this.idf(this.df[t]);
      for (let b = this.head[t]; b >= 0; b = pool[b]) {
        const end = this.blockEnd(t, b);
        visited += end - b - 2;
        for (let o = b + 2; o < end; o++) {
          const s = pool[o];
          if (scores[s] === 0) touched.push(s);
          scores[s] += f * TFW[tfPool[o]];
        }
      }
    }

    const since = opts.since instanceof Date ? opts.since.getTime() : Number.NaN;
    const prefix = typeof opts.regionPrefix === 'string' ? opts.regionPrefix : '';
    const textHash = hashString(norm, 0x51) | 0;
    // Candidates: the best partial cosines among documents passing the filters (bounded min-heap).
    const want = exhaustive ? limit : Math.max(50, limit * 4);
    const heapS = new Int32Array(want);
    const heapE = new Float64Array(want);
    const heapD = new Float64Array(want);
    let size = 0;
    for (const s of touched) {
      const dot = scores[s];
      scores[s] = 0;
      if (!this.alive[s]) continue;
      const est = dot / (this.norms[s] || 1);
      if (size === want && est <= heapE[0]) continue;
      if (opts.excludeId !== undefined && this.ids[s] === opts.excludeId) continue;
      if (prefix && !this.regions[s].startsWith(prefix)) continue;
      if (!Number.isNaN(since) && !(this.ats[s] >= since)) continue;
      if (size < want) {
        // sift up
        let i = size++;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (heapE[p] <= est) break;
          heapS[i] = heapS[p];
          heapE[i] = heapE[p];
          heapD[i] = heapD[p];
          i = p;
        }
        heapS[i] = s;
        heapE[i] = est;
        heapD[i] = dot;
      } else {
        // replace the root, sift down
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          if (l >= size) break;
          const r = l + 1;
          const c = r < size && heapE[r] < heapE[l] ? r : l;
          if (heapE[c] >= est) break;
          heapS[i] = heapS[c];
          heapE[i] = heapE[c];
          heapD[i] = heapD[c];
          i = c;
        }
        heapS[i] = s;
        heapE[i] = est;
        heapD[i] = dot;
      }
    }
    const cand = Array.from({ length: size }, (_, i) => ({ s: heapS[i], dot: heapD[i] }));

    // Phase 2: exact dot products over the remaining terms, for the candidates only: one merge
    // pass over each posting list with the candidates in slot order.
    cand.sort((x, y) => x.s - y.s);
    for (let k = phase1; k < q.length; k++) {
      const { t, w } = q[k];
      const f = w * this.idf(this.df[t]);
      let c = 0;
      for (let b = this.head[t]; b >= 0 && c < cand.length; b = pool[b]) {
        const end = this.blockEnd(t, b);
        if (end === b + 2 || pool[end - 1] < cand[c].s) continue;
        let lo = b + 2;
        while (c < cand.length && cand[c].s <= pool[end - 1]) {
          const slot = cand[c].s;
          let hi = end;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (pool[mid] < slot) lo = mid + 1;
            else hi = mid;
          }
          if (pool[lo] === slot) cand[c].dot += f * TFW[tfPool[lo]];
          c++;
        }
      }
    }
    const sig = minhash(norm, this.maxChars);
    const hits: SimilarHit[] = [];
    const scored = cand
      .map((c) => ({ s: c.s, score: Math.min(1, c.dot / (qNorm * (this.norms[c.s] || 1))) }))
      .sort((a, b) => b.score - a.score || a.s - b.s);
    for (const { s, score } of scored) {
      const exact = this.textHashes[s] === textHash;
      if (!exact && score < minScore) continue;
      const near =
        !exact &&
        minhashSimilarity(sig, this.sigs.subarray(s * MINHASH_K, (s + 1) * MINHASH_K)) >= this.nearThreshold;
      hits.push({
        id: this.ids[s],
        score: exact ? 1 : score,
        sharedTerms: [],
        duplicate: exact ? 'exact' : near ? 'near' : null,
      });
      if (hits.length === limit) break;
    }
    hits.sort((a, b) => b.score - a.score);
    for (const h of hits) h.sharedTerms = this.sharedTerms(norm, this.slotOf.get(h.id) ?? -1);
    return hits;
  }

  /**
   * Terms of the query found in the document, merged into the longest runs of adjacent shared terms
   * (物业 + 业管 + 管理 → 物业管理), ranked by IDF, at most 8.
   */
  private sharedTerms(norm: string, slot: number): string[] {
    const found = new Map<string, number>();
    let runStart = -1;
    let runEnd = -1;
    let runIdf = 0;
    const flush = () => {
      if (runStart < 0) return;
      const term = norm.slice(runStart, runEnd);
      found.set(term, Math.max(found.get(term) ?? 0, runIdf + 0.01 * term.length));
      runStart = -1;
    };
    const present = new Map<number, boolean>();
    scanIndexTerms(norm, this.maxChars, (h, start, end) => {
      const t = this.termOf(h);
      let has = present.get(t);
      if (has === undefined) {
        has = t >= 0 && this.tfOf(t, slot) > 0;
        present.set(t, has);
      }
      if (!has) {
        flush();
        return;
      }
      const idf = this.idf(this.df[t]);
      // Adjacent bigrams overlap by one character: extend the run.
      if (runStart >= 0 && start < runEnd) {
        runEnd = end;
        runIdf = Math.max(runIdf, idf);
        return;
      }
      flush();
      runStart = start;
      runEnd = end;
      runIdf = idf;
    });
    flush();
    return [...found]
      .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)
      .slice(0, 8)
      .map(([term]) => term);
  }
}

/** Bucket of a term hash in the dictionary table. */
function mix32(h: number): number {
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
}
