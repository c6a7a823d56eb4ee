/**
 * Category classifier for citizens' messages.
 *
 * Pipeline (chosen by 5-fold CV on the public gov-messages data, see README.md):
 *   normalize → hashed character 1–2-grams (2^20 slots) of the first `maxChars` characters, the first
 *   line (the title, when it is short) counted `titleWeight` times → drop features seen in fewer
 *   than `minDf` training texts → raw TF × smoothed IDF, L2-normalised → one-vs-rest linear SVM
 *   (squared hinge, L2, dual coordinate descent as in liblinear) → softmax of the margins with a
 *   temperature fitted on internal cross-validation margins (calibrated probabilities).
 *
 * Invariants: training is deterministic for a given seed; the classifier returned by training is
 * built from the same quantised tables that `toJSON` writes, so a loaded model predicts exactly
 * like the trained one.
 */
import {
  type Analysis,
  buildClassifier,
  DEFAULT_CONFIDENCE_FLOOR,
  type FeatureConfig,
  loadClassifier,
  type Prediction,
  type SerializedModel,
  type TextClassifier,
  visitFeatures,
} from './classifier-model.ts';
import { TextModelError } from './errors.ts';
import { type Csr, csrRows, fitTemperature, rowMargins, stratifiedFolds, trainOvr } from './linear.ts';
import { seededRandom, shuffle } from './util.ts';

export { type Analysis, loadClassifier, type Prediction, type SerializedModel, type TextClassifier };

export interface TrainingSample {
  /** Message text; by convention `title + '\n' + body` (a short first line is weighted as title). */
  text: string;
  label: string;
}

export interface ClassifierOptions {
  /** log2 of the hashed feature space (default 20, at most 22). */
  bits?: number;
  /** Shortest and longest character n-gram (default 1 and 2). */
  minN?: number;
  maxN?: number;
  /** How many times a short first line (the title) is counted (default 3). */
  titleWeight?: number;
  /** Keep only features found in at least this many training texts (default 2, or 1 below 20 texts). */
  minDf?: number;
  /** SVM cost; larger fits the training data more closely (default 2). */
  c?: number;
  /** Only the first `maxChars` characters of normalised text are used (default 3000). */
  maxChars?: number;
  /** Folds of the internal cross-validation that fits the probability temperature (default 3). */
  calibrationFolds?: number;
  /** `suggest` refuses when the top probability is below this (default 0.5). */
  confidenceFloor?: number;
  /** Seed of the shuffles (default 1). */
  seed?: number;
  /** Training time stamp written into the model and its version (default: now). */
  now?: Date;
}

export type Suggestion = { ok: true; suggestions: Prediction[] } | { ok: false; reason: string };

/** Margins are scaled by this when there is too little data to calibrate. */
const DEFAULT_TEMPERATURE = 4;

const DEFAULTS = {
  bits: 20,
  minN: 1,
  maxN: 2,
  titleWeight: 3,
  c: 2,
  maxChars: 3000,
  confidenceFloor: DEFAULT_CONFIDENCE_FLOOR,
  seed: 1,
};
/** Per-text hashed n-gram counts (slots ascending) for training. */
interface DocCounts {
  slots: Int32Array;
  counts: Float32Array;
  label: string;
}

/**
 * Build the TF-IDF matrix: raw TF × smoothed IDF (ln((1+n)/(1+df)) + 1) over the slots found in at
 * least `minDf` texts, each row L2-normalised. Dense 2^bits tables instead of Maps keep this linear
 * and fast (10,000 messages in well under a second).
 */
function buildMatrix(
  docs: readonly DocCounts[],
  bits: number,
  minDfWanted: number,
): { x: Csr; slots: Int32Array; idf: Float32Array } {
  const size = 1 << bits;
  const df = new Int32Array(size);
  for (const d of docs) for (const slot of d.slots) df[slot]++;
  let minDf = minDfWanted;
  let nCols = 0;
  for (let slot = 0; slot < size; slot++) if (df[slot] >= minDf) nCols++;
  if (nCols === 0) {
    // Tiny training sets may share no n-gram at all: keep everything rather than nothing.
    minDf = 1;
    for (let slot = 0; slot < size; slot++) if (df[slot] >= minDf) nCols++;
  }
  const slots = new Int32Array(nCols);
  const idf = new Float32Array(nCols);
  const colOf = new Int32Array(size).fill(-1);
  const n = docs.length;
  for (let slot = 0, col = 0; slot < size; slot++) {
    if (df[slot] < minDf) continue;
    slots[col] = slot;
    idf[col] = Math.log((1 + n) / (1 + df[slot])) + 1;
    colOf[slot] = col++;
  }
  let nnz = 0;
  for (const d of docs) for (const slot of d.slots) if (colOf[slot] >= 0) nnz++;
  const rowPtr = new Int32Array(n + 1);
  const cols = new Int32Array(nnz);
  const vals = new Float32Array(nnz);
  let o = 0;
  docs.forEach((d, i) => {
    const start = o;
    let ss = 0;
    for (let q = 0; q < d.slots.length; q++) {
      const col = colOf[d.slots[q]];
      if (col < 0) continue;
      const v = d.counts[q] * idf[col];
      cols[o] = col;
      vals[o++] = v;
      ss += v * v;
    }
    const norm = ss > 0 ? 1 / Math.sqrt(ss) : 0;
    for (let q = start; q < o; q++) vals[q] *= norm;
    rowPtr[i + 1] = o;
  });
  return { x: { rows: n, rowPtr, cols, vals }, slots, idf };
}

/** Calibration uses at most this many rows: a temperature is one number, 2,000 rows pin it down. */
const MAX_CALIBRATION_ROWS = 2000;

/**
 * Softmax temperature from out-of-fold SVM margins of a stratified internal cross-validation on at
 * most `MAX_CALIBRATION_ROWS` rows. Falls back to `DEFAULT_TEMPERATURE` when some class is too
 * small to appear in every fold.
 */
function calibrate(
  xs: Csr,
  y: Int32Array,
  k: number,
  nCols: number,
  c: number,
  seed: number,
  folds: number,
): number {
  const counts = new Array<number>(k).fill(0);
  for (const v of y) counts[v]++;
  if (folds < 2 || y.length < 30 || Math.min(...counts) < folds) return DEFAULT_TEMPERATURE;
  let ids = Array.from(y.keys());
  if (ids.length > MAX_CALIBRATION_ROWS) {
    // Stratified subsample: the first rows of each class after a seeded shuffle.
    const keep = MAX_CALIBRATION_ROWS / ids.length;
    const random = seededRandom(seed ^ 0x2545f491);
    ids = [];
    for (let cls = 0; cls < k; cls++) {
      const of = shuffle(
        Array.from(y.keys()).filter((i) => y[i] === cls),
        random,
      );
      ids.push(...of.slice(0, Math.max(folds, Math.round(of.length * keep))));
    }
    ids.sort((a, b) => a - b);
  }
  const sub = csrRows(xs, ids);
  const ySub = Int32Array.from(ids, (i) => y[i]);
  const fold = stratifiedFolds(ySub, k, folds, seed ^ 0x5bd1e995);
  const oof: Float64Array[] = new Array(ids.length);
  for (let f = 0; f < folds; f++) {
    const tr: number[] = [];
    for (let i = 0; i < ids.length; i++) if (fold[i] !== f) tr.push(i);
    const m = trainOvr(
      csrRows(sub, tr),
      Int32Array.from(tr, (i) => ySub[i]),
      k,
      nCols,
      c,
      seed + 101 * (f + 1),
    );
    for (let i = 0; i < ids.length; i++) {
      if (fold[i] !== f) continue;
      oof[i] = new Float64Array(k);
      rowMargins(sub, i, m.w, m.b, k, oof[i]);
    }
  }
  return fitTemperature(oof, ySub);
}

function positiveInt(v: unknown, fallback: number, max: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.min(Math.floor(v), max) : fallback;
}

/**
 * Train a classifier on labelled texts. Samples whose text has no letters or digits, or whose label
 * is blank, are skipped. Throws `TextModelError` `NO_SAMPLES` when nothing usable is left and
 * `TOO_FEW_CLASSES` when fewer than two labels remain.
 */
export function trainClassifier(
  samples: readonly TrainingSample[],
  options: ClassifierOptions = {},
): TextClassifier {
  const features: FeatureConfig = {
    bits: positiveInt(options.bits, DEFAULTS.bits, 22),
    minN: positiveInt(options.minN, DEFAULTS.minN, 8),
    maxN: 0,
    titleWeight: positiveInt(options.titleWeight, DEFAULTS.titleWeight, 20),
    maxChars: positiveInt(options.maxChars, DEFAULTS.maxChars, 1_000_000),
  };
  features.maxN = Math.max(features.minN, positiveInt(options.maxN, DEFAULTS.maxN, 8));
  const c = typeof options.c === 'number' && options.c > 0 ? options.c : DEFAULTS.c;
  const seed = options.seed ?? DEFAULTS.seed;

  const docs: DocCounts[] = [];
  const scratch = new Float32Array(1 << features.bits);
  const touched: number[] = [];
  const visit = (slot: number, weight: number) => {
    if (scratch[slot] === 0) touched.push(slot);
    scratch[slot] += weight;
  };
  for (const s of Array.isArray(samples) ? samples : []) {
    if (!s || typeof s.label !== 'string' || !s.label.trim()) continue;
    touched.length = 0;
    visitFeatures(s.text, features, visit);
    if (touched.length === 0) continue;
    const slots = Int32Array.from(touched).sort();
    const counts = Float32Array.from(slots, (slot) => scratch[slot]);
    for (const slot of touched) scratch[slot] = 0;
    docs.push({ slots, counts, label: s.label.trim() });
  }
  if (docs.length === 0)
    throw new TextModelError('NO_SAMPLES', '没有可用于训练的样本（需要非空的文本和类别）');
  const perClass: Record<string, number> = {};
  for (const d of docs) perClass[d.label] = (perClass[d.label] ?? 0) + 1;
  const labels = Object.keys(perClass).sort();
  if (labels.length < 2) {
    throw new TextModelError(
      'TOO_FEW_CLASSES',
      `训练样本只有 ${labels.length} 个类别，至少需要 2 个类别才能分类`,
    );
  }
  const k = labels.length;
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  const y = Int32Array.from(docs, (d) => labelIndex.get(d.label) ?? 0);

  const n = docs.length;
  const {
    x: xs,
    slots,
    idf,
  } = buildMatrix(docs, features.bits, positiveInt(options.minDf, n < 20 ? 1 : 2, n));
  const nCols = slots.length;

  const temperature = calibrate(xs, y, k, nCols, c, seed, positiveInt(options.calibrationFolds, 3, 10));
  const m = trainOvr(xs, y, k, nCols, c, seed);
  // int8 quantisation with one scale per class (|w| ≤ 127 · scale).
  const scales = new Float32Array(k);
  for (let j = 0; j < nCols; j++) {
    for (let cls = 0; cls < k; cls++) scales[cls] = Math.max(scales[cls], Math.abs(m.w[j * k + cls]));
  }
  for (let cls = 0; cls < k; cls++) scales[cls] = scales[cls] > 0 ? scales[cls] / 127 : 1;
  const weights = new Int8Array(nCols * k);
  for (let i = 0; i < weights.length; i++) weights[i] = Math.round(m.w[i] / scales[i % k]);

  const floor = options.confidenceFloor;
  return buildClassifier({
    labels,
    features,
    confidenceFloor: typeof floor === 'number' && floor >= 0 && floor <= 1 ? floor : DEFAULTS.confidenceFloor,
    temperature,
    bias: Float32Array.from(m.b),
    scales,
    slots,
    idf,
    weights,
    trainedAt: (options.now ?? new Date()).toISOString(),
    stats: { samples: n, perClass, features: nCols },
  });
}

/**
 * Category suggestions for staff, or a Chinese reason why there are none: the text is empty, has
 * only emoji/punctuation, shares no terms with the training data, or the best probability is below
 * the confidence floor (`opts.floor`, default the model's) — no confident nonsense.
 */
export function suggest(model: TextClassifier, text: string, opts: { floor?: number } = {}): Suggestion {
  const a = model.analyze(text);
  if (a.empty) return { ok: false, reason: '内容为空，无法推荐类别' };
  if (a.grams === 0) return { ok: false, reason: '内容只有标点或表情符号，没有可分析的文字' };
  if (a.known === 0 || a.predictions.length === 0) {
    return { ok: false, reason: '内容中没有与已分类留言相同的词语，无法推荐类别' };
  }
  const floor = opts.floor ?? model.confidenceFloor;
  const top = a.predictions[0];
  if (top.score < floor) {
    return {
      ok: false,
      reason: `分类把握不足（最可能的“${top.label}”概率为 ${(top.score * 100).toFixed(0)}%，低于 ${(floor * 100).toFixed(0)}%），请人工选择类别`,
    };
  }
  return { ok: true, suggestions: a.predictions };
}
