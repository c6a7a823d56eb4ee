/**
 * Similar-message search: TF-IDF cosine over an in-memory inverted index, with exact and near
 * duplicate flags.
 *
 * Terms are the hashed index terms of `scanIndexTerms` (Han bigrams, lone Han characters, Latin or
 * digit-letter words). Weights: sublinear TF (1 + ln tf) × IDF (ln((1+N)/(1+df)) + 1); scores are
 * cosines. A query first accumulates scores over its most informative terms (up to 32, within a
 * budget of 30,000 postings; rare terms have short lists), keeps the 50 best candidates that pass
 * the filters, then rescores those exactly with all its terms (binary search in the postings).
 * Document norms use the IDF of the moment they were added and are all recomputed when the
 * collection has grown or shrunk by a quarter (amortised O(1) per add).
 *
 * Duplicates: `exact` = same normalised text; `near` = Jaccard similarity of character 3-gram
 * shingles ≥ `nearThreshold` (0.8), estimated from 64-bin one-permutation MinHash signatures.
 *
 * Storage: see postings.ts (about 5 bytes per posting). Removed documents are tombstones until
 * more than a quarter of the slots are dead, then the index compacts.
 */
import { hashString } from './hashing.ts';
import { scanIndexTerms } from './index-terms.ts';
import { MINHASH_K, minhash, minhashSimilarity } from './minhash.ts';
import { normalize } from './normalize.ts';
import { grow, PostingStore, TFW } from './postings.ts';
import type { SimilarDoc, SimilarHit, SimilarityOptions, SimilarQuery } from './similarity-types.ts';
import { toTime } from './util.ts';

/** Terms accumulated in the first phase of a query, and the postings it may visit (after 8 terms). */
const PHASE1_TERMS = 32;
const PHASE1_BUDGET = 30_000;
/** Query terms beyond this many (the least informative) are ignored altogether. */
const MAX_QUERY_TERMS = 256;
/** Raw characters read per text: the exact-duplicate hash covers all of them, terms only `maxChars`. */
const MAX_RAW = 200_000;

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

  private readonly p = new PostingStore();

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
      const t = this.p.addTerm(hashes[i]);
      this.p.append(t, slot, counts[i]);
      this.p.df[t]++;
      const v = TFW[counts[i]] * this.idf(this.p.df[t]);
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
    this.p.compact(newSlot);
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
    // One step with no budget: the generator never yields, so this runs it to the end.
    for (const _ of this.refreshNormsInSteps(Number.POSITIVE_INFINITY)) {
      // never reached
    }
  }

  /**
   * The norms refresh the next query would do (after a large build: 0.5–2 s at 10^5 documents),
   * as a generator that yields after about `postingsPerStep` postings, so that a server can hand
   * its event loop back between steps. Nothing is applied if the index changed meanwhile (a
   * query would then have refreshed them itself).
   */
  *refreshNormsInSteps(postingsPerStep = 300_000): Generator<void, void, void> {
    if (this.normsAt > 0 && Math.abs(this.live - this.normsAt) <= this.normsAt / 4) return;
    const n = this.ids.length;
    const { live, dead, normsAt } = this;
    const changed = () =>
      this.ids.length !== n || this.live !== live || this.dead !== dead || this.normsAt !== normsAt;
    const sq = new Float64Array(n);
    let budget = postingsPerStep;
    for (let t = 0; t < this.p.nTerms; t++) {
      const idf = this.idf(this.p.df[t]);
      for (let b = this.p.head[t]; b >= 0; b = this.p.pool[b]) {
        const end = this.p.blockEnd(t, b);
        for (let o = b + 2; o < end; o++) {
          const v = TFW[this.p.tfPool[o]] * idf;
          sq[this.p.pool[o]] += v * v;
        }
        budget -= end - b - 2;
      }
      if (budget <= 0) {
        yield;
        if (changed()) return;
        budget = postingsPerStep;
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
      const t = this.p.termOf(hashes[i]);
      const df = t >= 0 ? this.p.df[t] : 0;
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
    const pool = this.p.pool;
    const tfPool = this.p.tfPool;
    const touched: number[] = [];
    let phase1 = 0;
    let visited = 0;
    const exhaustive = opts.exhaustive === true;
    for (; phase1 < (exhaustive ? q.length : Math.min(PHASE1_TERMS, q.length)); phase1++) {
      const { t, w } = q[phase1];
      if (!exhaustive && phase1 >= 8 && visited + this.p.df[t] > PHASE1_BUDGET) break;
      const f = w * this.idf(this.p.df[t]);
      for (let b = this.p.head[t]; b >= 0; b = pool[b]) {
        const end = this.p.blockEnd(t, b);
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
      const f = w * this.idf(this.p.df[t]);
      let c = 0;
      for (let b = this.p.head[t]; b >= 0 && c < cand.length; b = pool[b]) {
        const end = this.p.blockEnd(t, b);
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
   * The given documents scored against `text` as `query` would score them, whatever their score
   * and filters (an id not in the index is left out), best first: for documents chosen by another
   * rule — a person's other cases — whose similarity is still worth showing.
   */
  scoreDocs(text: string, ids: readonly string[]): SimilarHit[] {
    const slots = ids.map((id) => this.slotOf.get(id) ?? -1).filter((s) => s >= 0 && this.alive[s]);
    if (slots.length === 0) return [];
    const norm = normalize(typeof text === 'string' ? text.slice(0, MAX_RAW) : '');
    const textHash = hashString(norm, 0x51) | 0;
    const sig = norm ? minhash(norm, this.maxChars) : null;
    this.refreshNorms();
    const { hashes, counts } = norm ? countTerms(norm, this.maxChars) : { hashes: [], counts: [] };
    const q: { t: number; f: number }[] = [];
    let qss = 0;
    for (let i = 0; i < hashes.length; i++) {
      const t = this.p.termOf(hashes[i]);
      const df = t >= 0 ? this.p.df[t] : 0;
      const w = TFW[counts[i]] * this.idf(df);
      qss += w * w;
      if (t >= 0 && df > 0) q.push({ t, f: w * this.idf(df) });
    }
    const qNorm = Math.sqrt(qss) || 1;
    const hits = slots.map((s): SimilarHit => {
      let dot = 0;
      for (const { t, f } of q) dot += f * TFW[this.p.tfOf(t, s)];
      const exact = !!norm && this.textHashes[s] === textHash;
      const near =
        !exact &&
        !!sig &&
        minhashSimilarity(sig, this.sigs.subarray(s * MINHASH_K, (s + 1) * MINHASH_K)) >= this.nearThreshold;
      return {
        id: this.ids[s],
        score: exact ? 1 : Math.min(1, dot / (qNorm * (this.norms[s] || 1))),
        sharedTerms: norm ? this.sharedTerms(norm, s) : [],
        duplicate: exact ? 'exact' : near ? 'near' : null,
      };
    });
    return hits.sort((a, b) => b.score - a.score);
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
      const t = this.p.termOf(h);
      let has = present.get(t);
      if (has === undefined) {
        has = t >= 0 && this.p.tfOf(t, slot) > 0;
        present.set(t, has);
      }
      if (!has) {
        flush();
        return;
      }
      const idf = this.idf(this.p.df[t]);
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
