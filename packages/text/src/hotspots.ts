/**
 * Hotspot detection: topics whose message volume in a period is high against their own history.
 *
 * 1. Terms: `terms()` (Han bigrams, lone Han characters, Latin/digit words; stop-words removed);
 *    TF-IDF (1 + ln tf) × (ln((1+N)/(1+df)) + 1) over every message in the window (history + period); each
 *    vector keeps its 40 heaviest terms and is L2-normalised. (ICU words measured no better for
 *    clustering and cost 10× the time; labels are rebuilt from bigrams, see keyTermsOf.)
 * 2. Clustering of the period's messages: single-pass leader clustering in time order (a message
 *    joins the cluster whose centroid is most similar if the cosine is ≥ `similarity`, default
 *    0.3, else starts a cluster), then one reassignment pass against the final centroids.
 * 3. History of a topic: the messages before the period whose cosine to the cluster centroid is
 *    ≥ `similarity`, counted in windows as long as the period.
 * 4. Scores, per cluster of at least `minClusterSize` messages:
 *      growth  = (count + 1) / (expected + 1) − 1, expected = history rate × period length
 *                (0: as usual; 1: twice the usual volume; a brand-new topic of n messages: n),
 *      heat    = ln(1 + count) · (1 + ln(1 + max(0, growth))) + 0.5 · ln(1 + likes),
 *      warning = count ≥ `minWarningCount` (5) and count > mean + 2·sd of the history windows,
 *                when there are at least 2 history windows; with less history, a warning needs
 *                twice `minWarningCount` messages (a burst large on its own).
 *    Volume matters most, growth multiplies it on a log scale (a tenfold rise ≈ ×3.4, not ×10),
 *    and likes add a bounded public-attention bonus.
 */

import { indexTerms } from './index-terms.ts';
import { normalize } from './normalize.ts';
import { extractPlaces } from './places.ts';
import { wordBoundaries } from './segment.ts';
import { toTime } from './util.ts';

export interface HotspotDoc {
  id: string;
  text: string;
  at: Date | string;
  regionCode?: string;
  likes?: number;
}

export interface HotspotOptions {
  periodStart: Date;
  periodEnd: Date;
  /** Start of the history the period is compared with (default: the earliest message). */
  historyStart?: Date;
  /** Smallest cluster reported (default 3). */
  minClusterSize?: number;
  /** Cosine similarity to join a cluster (default 0.3). */
  similarity?: number;
  /** Fewest messages for a warning (default 5). */
  minWarningCount?: number;
  /** Most hotspots returned, hottest first (default 20). */
  limit?: number;
}

export interface Hotspot {
  /** Top key terms joined with '、'. */
  label: string;
  keyTerms: string[];
  /** The message closest to the cluster centre. */
  representativeId: string;
  count: number;
  /** Message ids, oldest first. */
  ids: string[];
  /** Period rate against the topic's history rate; 0 = as usual (see the module comment). */
  growth: number;
  /** Place names found in at least two of the messages (or in the only ones there are). */
  places: string[];
  /** Sum of the messages' likes. */
  likes: number;
  heat: number;
  warning: boolean;
  /** Messages of the same topic before the period, and the mean per window of the period's length. */
  history: { count: number; windows: number; mean: number; sd: number };
}

const DAY = 86_400_000;
const TOP_TERMS = 40;
/** Heaviest terms of a message used to find candidate clusters. */
const CANDIDATE_TERMS = 10;

type Vec = Map<string, number>;

function cosine(a: Vec, b: Vec): number {
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [t, w] of small) {
    const v = big.get(t);
    if (v !== undefined) dot += w * v;
  }
  return dot;
}

function normalized(v: Map<string, number>, top: number): Vec {
  // Array sort is stable: equal weights keep their first-occurrence order (deterministic).
  const entries = [...v].sort((x, y) => y[1] - x[1]).slice(0, top);
  let ss = 0;
  for (const [, w] of entries) ss += w * w;
  const n = ss > 0 ? 1 / Math.sqrt(ss) : 0;
  return new Map(entries.map(([t, w]) => [t, w * n]));
}

class Cluster {
  members: number[] = [];
  private readonly sum = new Map<string, number>();
  private cached: Vec | undefined;

  add(i: number, v: Vec): void {
    this.members.push(i);
    for (const [t, w] of v) this.sum.set(t, (this.sum.get(t) ?? 0) + w);
    this.cached = undefined;
  }

  /** Normalised sum of the members' vectors, its 80 heaviest terms (computed when read). */
  get centroid(): Vec {
    this.cached ??= normalized(this.sum, TOP_TERMS * 2);
    return this.cached;
  }
}

/**
 * Inverted index from centroid terms to clusters, for candidate lookup. A cluster is filed under
 * the 20 heaviest terms of its centroid that can be shared (found in ≥ 2 messages). A message
 * looks under its heaviest distinctive terms (≥ 2 messages and ≤ 2 % of the window), up to 10;
 * only when it has fewer than 3 of those does it also use common terms, which would otherwise make
 * every cluster a candidate of every message. The cosine itself is computed on all terms.
 */
class CentroidIndex {
  private readonly byTerm = new Map<string, Set<number>>();

  constructor(
    private readonly df: (term: string) => number,
    private readonly maxKeyDf: number,
  ) {}

  put(k: number, c: Cluster): void {
    let n = 0;
    for (const t of c.centroid.keys()) {
      if (this.df(t) < 2) continue;
      if (n++ >= 20) break;
      let s = this.byTerm.get(t);
      if (!s) {
        s = new Set();
        this.byTerm.set(t, s);
      }
      s.add(k);
    }
  }

  /** The most similar cluster with cosine ≥ threshold, or −1. */
  best(v: Vec, clusters: readonly Cluster[], threshold: number): number {
    const keys: string[] = [];
    const common: string[] = [];
    for (const t of v.keys()) {
      const f = this.df(t);
      if (f < 2) continue;
      if (f <= this.maxKeyDf) keys.push(t);
      else common.push(t);
      if (keys.length >= CANDIDATE_TERMS) break;
    }
    if (keys.length < 3) keys.push(...common.slice(0, CANDIDATE_TERMS - keys.length));
    const cand = new Set<number>();
    for (const t of keys) for (const k of this.byTerm.get(t) ?? []) cand.add(k);
    let best = -1;
    let bestSim = threshold;
    for (const k of [...cand].sort((x, y) => x - y)) {
      const sim = cosine(v, clusters[k].centroid);
      if (sim >= bestSim && (best < 0 || sim > bestSim)) {
        best = k;
        bestSim = sim;
      }
    }
    return best;
  }
}

/** Leader clustering: each vector joins the most similar centroid (cosine ≥ threshold) or starts one. */
function leaderClusters(
  vecs: Vec[],
  order: number[],
  threshold: number,
  newIndex: () => CentroidIndex,
): Cluster[] {
  const clusters: Cluster[] = [];
  const index = newIndex();
  for (const i of order) {
    let k = index.best(vecs[i], clusters, threshold);
    if (k < 0) {
      k = clusters.length;
      clusters.push(new Cluster());
    }
    clusters[k].add(i, vecs[i]);
    index.put(k, clusters[k]);
  }
  return clusters;
}

/** Merge each cluster into the most similar larger one when their centroids' cosine ≥ threshold. */
function mergeSimilar(
  clusters: Cluster[],
  vecs: readonly Vec[],
  threshold: number,
  newIndex: () => CentroidIndex,
): Cluster[] {
  const bySize = clusters
    .slice()
    .sort((a, b) => b.members.length - a.members.length || a.members[0] - b.members[0]);
  const kept: Cluster[] = [];
  const index = newIndex();
  for (const c of bySize) {
    const k = index.best(c.centroid, kept, threshold);
    if (k < 0) {
      kept.push(c);
      index.put(kept.length - 1, c);
      continue;
    }
    for (const m of c.members) kept[k].add(m, vecs[m]);
    index.put(k, kept[k]);
  }
  return kept;
}

const HAN_CHAR = /\p{Script=Han}/u;
/** A key phrase never contains these function characters, nor starts or ends with an adverb. */
const PHRASE_NEVER = /[的了着我你他她是在和与吗呢吧啊]/u;
const PHRASE_EDGE =
  /^[市区县省仍也都就还又很要将把被对向从到给及或而但却才再更最已该其此这那个些]|[仍也都就还又很要将把被对向从到给及或而但却才再更最已该个些]$/u;

/** Longest key phrase considered, in characters. */
const MAX_PHRASE = 8;

/**
 * Key terms of a cluster, as readable phrases. In each member text the spans covered by the
 * cluster's 30 heaviest centroid terms are found (never across a change between Han and Latin
 * script) and widened to whole ICU words; every substring of 2–8 characters of a span that starts
 * and ends on a word boundary is a candidate. A candidate is kept only
 * if it is "closed": no candidate one character longer that contains it occurs in ≥ 80 % as many
 * members (so 丽发新城小 gives way to 丽发新城小区, and 搅拌 to 搅拌站). Score = members containing it ×
 * centroid weight of the terms inside it; the best five found in at least two members, none
 * overlapping another, are returned.
 */
function keyTermsOf(c: Cluster, norms: readonly string[]): string[] {
  const top = [...c.centroid].slice(0, 30);
  const docFreq = new Map<string, number>();
  for (const m of c.members) {
    const norm = norms[m];
    const bounds = wordBoundaries(norm);
    const covered = new Uint8Array(norm.length);
    for (const [t] of top) {
      for (let i = norm.indexOf(t); i >= 0; i = norm.indexOf(t, i + 1)) covered.fill(1, i, i + t.length);
    }
    const seen = new Set<string>();
    for (let i = 0; i < norm.length; ) {
      if (!covered[i]) {
        i++;
        continue;
      }
      const han = HAN_CHAR.test(norm[i]);
      let j = i + 1;
      while (j < norm.length && covered[j] && HAN_CHAR.test(norm[j]) === han) j++;
      // Widen the span to whole ICU words (美食广 → 美食广场), within the same script.
      let a0 = i;
      let b0 = j;
      while (a0 > 0 && !bounds[a0] && HAN_CHAR.test(norm[a0 - 1]) === han) a0--;
      while (b0 < norm.length && !bounds[b0] && HAN_CHAR.test(norm[b0]) === han) b0++;
      if (!han) {
        if (b0 - a0 >= 2) seen.add(norm.slice(a0, b0));
      } else {
        // Candidates start and end on word boundaries.
        for (let a = a0; a < b0; a++) {
          if (!bounds[a]) continue;
          for (let b = a + 2; b <= Math.min(b0, a + MAX_PHRASE); b++)
            if (bounds[b]) seen.add(norm.slice(a, b));
        }
      }
      i = Math.max(j, b0);
    }
    for (const p of seen) docFreq.set(p, (docFreq.get(p) ?? 0) + 1);
  }
  const minDocs = Math.min(2, c.members.length);
  const closed = [...docFreq].filter(([p, f]) => {
    if (f < minDocs || PHRASE_NEVER.test(p) || PHRASE_EDGE.test(p)) return false;
    for (const [q, g] of docFreq)
      if (q.length === p.length + 1 && g >= 0.8 * f && q.includes(p)) return false;
    return true;
  });
  const scored = closed
    .map(([p, f]) => {
      let w = 0;
      for (const [t, tw] of top) if (p.includes(t)) w += tw;
      return { p, score: f * w };
    })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || b.p.length - a.p.length || (a.p < b.p ? -1 : 1));
  const out: string[] = [];
  for (const { p } of scored) {
    if (out.length >= 5) break;
    if (out.some((k) => k.includes(p) || p.includes(k))) continue;
    out.push(p);
  }
  return out;
}

/**
 * Hotspots of the period [periodStart, periodEnd), hottest first. Messages with an unparseable
 * date or no usable text are ignored; so are messages after the period.
 */
export function findHotspots(docs: readonly HotspotDoc[], opts: HotspotOptions): Hotspot[] {
  const periodStart = opts.periodStart.getTime();
  const periodEnd = opts.periodEnd.getTime();
  if (!(periodEnd > periodStart)) return [];
  const minSize = Math.max(2, Math.floor(opts.minClusterSize ?? 3));
  const threshold = opts.similarity ?? 0.3;
  const minWarn = opts.minWarningCount ?? 5;

  interface Item {
    doc: HotspotDoc;
    at: number;
    norm: string;
    terms: string[];
  }
  const items: Item[] = [];
  let earliest = Number.POSITIVE_INFINITY;
  const historyFrom = opts.historyStart ? opts.historyStart.getTime() : Number.NEGATIVE_INFINITY;
  for (const doc of Array.isArray(docs) ? docs : []) {
    if (!doc || typeof doc.id !== 'string') continue;
    const at = toTime(doc.at);
    if (!Number.isFinite(at) || at >= periodEnd || at < historyFrom) continue;
    const norm = normalize(typeof doc.text === 'string' ? doc.text.slice(0, 8000) : '').slice(0, 4000);
    const terms = indexTerms(norm);
    if (terms.length === 0) continue;
    items.push({ doc, at, norm, terms });
    earliest = Math.min(earliest, at);
  }
  const historyStart = opts.historyStart ? historyFrom : Math.min(earliest, periodStart);

  // TF-IDF over the whole window.
  const df = new Map<string, number>();
  const docTerms = items.map((it) => new Set(it.terms));
  for (const s of docTerms) for (const t of s) df.set(t, (df.get(t) ?? 0) + 1);
  const n = items.length;
  const vecs: Vec[] = items.map((it) => {
    const tf = new Map<string, number>();
    for (const t of it.terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    const w = new Map<string, number>();
    for (const [t, c] of tf) w.set(t, (1 + Math.log(c)) * (Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1));
    return normalized(w, TOP_TERMS);
  });

  const period = items
    .flatMap((it, i) => (it.at >= periodStart ? [i] : []))
    .sort((a, b) => items[a].at - items[b].at);
  const history = items.flatMap((it, i) => (it.at < periodStart ? [i] : []));
  if (period.length === 0) return [];

  // Pass 1: leader clustering, then clusters whose centroids are similar are merged (the same topic
  // worded differently over time); pass 2: reassign every message to the final centroids.
  const newIndex = () => new CentroidIndex((t) => df.get(t) ?? 0, Math.max(20, 0.02 * n));
  const first = mergeSimilar(
    leaderClusters(vecs, period, threshold, newIndex).filter((c) => c.members.length >= 2),
    vecs,
    threshold,
    newIndex,
  );
  const rebuilt = first.map(() => new Cluster());
  const index = newIndex();
  first.forEach((c, k) => {
    index.put(k, c);
  });
  for (const i of period) {
    const k = index.best(vecs[i], first, threshold);
    if (k >= 0) rebuilt[k].add(i, vecs[i]);
  }
  const clusters = rebuilt.filter((c) => c.members.length >= minSize);

  const periodLen = periodEnd - periodStart;
  const windows = Math.floor((periodStart - historyStart) / periodLen);
  const historyDays = (periodStart - historyStart) / DAY;

  const out: Hotspot[] = clusters.map((c) => {
    const count = c.members.length;
    // History of this topic.
    const perWindow = new Array<number>(windows).fill(0);
    let histCount = 0;
    for (const h of history) {
      if (cosine(vecs[h], c.centroid) < threshold) continue;
      histCount++;
      const w = Math.floor((periodStart - items[h].at) / periodLen);
      if (w < windows) perWindow[w]++;
    }
    const mean = windows > 0 ? perWindow.reduce((a, b) => a + b, 0) / windows : 0;
    const sd = windows > 0 ? Math.sqrt(perWindow.reduce((a, b) => a + (b - mean) ** 2, 0) / windows) : 0;
    const expected = historyDays > 0 ? (histCount / historyDays) * (periodLen / DAY) : 0;
    const growth = (count + 1) / (expected + 1) - 1;
    const likes = c.members.reduce((s, m) => s + Math.max(0, Number(items[m].doc.likes) || 0), 0);
    const heat = Math.log1p(count) * (1 + Math.log1p(Math.max(0, growth))) + 0.5 * Math.log1p(likes);
    const warning = windows >= 2 ? count >= minWarn && count > mean + 2 * sd : count >= 2 * minWarn;

    let rep = c.members[0];
    let repSim = -1;
    for (const m of c.members) {
      const sim = cosine(vecs[m], c.centroid);
      const better =
        sim > repSim + 1e-9 ||
        (Math.abs(sim - repSim) <= 1e-9 &&
          (Number(items[m].doc.likes) || 0) > (Number(items[rep].doc.likes) || 0));
      if (better) {
        rep = m;
        repSim = sim;
      }
    }

    const placeDocs = new Map<string, number>();
    for (const m of c.members)
      for (const p of extractPlaces(items[m].doc.text)) placeDocs.set(p, (placeDocs.get(p) ?? 0) + 1);
    const minPlaceDocs = Math.min(2, count);
    const places = [...placeDocs]
      .filter(([, k]) => k >= minPlaceDocs)
      .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)
      .map(([p]) => p)
      .filter((p, i, all) => !all.slice(0, i).some((q) => q.includes(p)))
      .slice(0, 5);

    const keyTerms = keyTermsOf(
      c,
      items.map((it) => it.norm),
    );
    const ids = c.members
      .slice()
      .sort((a, b) => items[a].at - items[b].at)
      .map((m) => items[m].doc.id);
    return {
      label: keyTerms.slice(0, 3).join('、'),
      keyTerms,
      representativeId: items[rep].doc.id,
      count,
      ids,
      growth,
      places,
      likes,
      heat,
      warning,
      history: { count: histCount, windows, mean, sd },
    };
  });
  out.sort(
    (a, b) => b.heat - a.heat || b.count - a.count || (a.representativeId < b.representativeId ? -1 : 1),
  );
  return out.slice(0, Math.max(1, Math.floor(opts.limit ?? 20)));
}
