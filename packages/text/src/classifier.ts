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
import { TextModelError } from './errors.ts';
import { forEachCharNgram } from './hashing.ts';
import {
  type Csr,
  csrRows,
  fitTemperature,
  rowMargins,
  softmaxInPlace,
  stratifiedFolds,
  trainOvr,
} from './linear.ts';
import { normalize } from './normalize.ts';
import {
  contentHash,
  decodeVarints,
  encodeVarints,
  fromBase64,
  seededRandom,
  shuffle,
  toBase64,
} from './util.ts';

export interface TrainingSample {
  /** Message text; by convention `title + '\n' + body` (a short first line is weighted as title). */
  text: string;
  label: string;
}

export interface Prediction {
  label: string;
  /** Calibrated probability; the scores of one prediction sum to at most 1. */
  score: number;
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

/** The JSON form of a trained model (`model.toJSON()`, `loadClassifier(json)`). */
export interface SerializedModel {
  format: 'lianluo.text-classifier';
  formatVersion: 1;
  /** `YYYYMMDD-<hash of the tables>`; changes whenever weights or training date change. */
  version: string;
  trainedAt: string;
  labels: string[];
  features: { bits: number; minN: number; maxN: number; titleWeight: number; maxChars: number };
  confidenceFloor: number;
  /** Softmax temperature applied to the SVM margins: p = softmax(temperature · margin). */
  temperature: number;
  /** Per-class bias and int8 dequantisation scale. */
  bias: number[];
  scales: number[];
  /** Base64: varint deltas of the sorted hashed slots kept as features. */
  slots: string;
  /** Base64: float32 little-endian IDF of each kept slot. */
  idf: string;
  /** Base64: int8 weights, feature-major (`weights[feature * labels.length + class]`). */
  weights: string;
  stats: { samples: number; perClass: Record<string, number>; features: number };
}

/** What the model made of a text: how many n-grams it had, how many it knew, and the top 3. */
export interface Analysis {
  /** True when normalisation left nothing. */
  empty: boolean;
  /** N-grams in the text (0 for only emoji/punctuation). */
  grams: number;
  /** N-grams that are features of the model. */
  known: number;
  predictions: Prediction[];
}

export interface TextClassifier {
  readonly version: string;
  readonly trainedAt: string;
  readonly labels: readonly string[];
  readonly confidenceFloor: number;
  /** Top 3 labels with calibrated probabilities, best first; [] when the text has no usable terms. */
  predict(text: string): Prediction[];
  /** `predict` plus the counts `suggest` uses to explain a refusal. */
  analyze(text: string): Analysis;
  toJSON(): SerializedModel;
}

export type Suggestion = { ok: true; suggestions: Prediction[] } | { ok: false; reason: string };

const DEFAULTS = {
  bits: 20,
  minN: 1,
  maxN: 2,
  titleWeight: 3,
  c: 2,
  maxChars: 3000,
  confidenceFloor: 0.5,
  seed: 1,
};
/** A first line longer than this is not a title. */
const MAX_TITLE = 100;
/** Margins are scaled by this when there is too little data to calibrate. */
const DEFAULT_TEMPERATURE = 4;

interface FeatureConfig {
  bits: number;
  minN: number;
  maxN: number;
  titleWeight: number;
  maxChars: number;
}

/**
 * Visit the hashed n-grams of one text (the only place that decides what a feature is): the first
 * `maxChars` characters of the normalised text, plus the first line again `titleWeight − 1` times
 * when it is short enough to be a title. Returns whether normalisation left nothing and how many
 * n-grams the text has.
 */
function visitFeatures(
  text: string,
  f: FeatureConfig,
  visit: (slot: number, weight: number) => void,
): { empty: boolean; grams: number } {
  // Bound the cost of normalising huge inputs before anything else; HTML may need some slack.
  const norm = normalize(typeof text === 'string' ? text.slice(0, f.maxChars * 4) : '');
  if (!norm) return { empty: true, grams: 0 };
  const grams = forEachCharNgram(norm, f.minN, f.maxN, f.bits, 0, f.maxChars, 1, visit);
  const nl = norm.indexOf('\n');
  if (f.titleWeight > 1 && nl > 0 && nl <= MAX_TITLE) {
    forEachCharNgram(norm.slice(0, nl), f.minN, f.maxN, f.bits, 0, MAX_TITLE, f.titleWeight - 1, visit);
  }
  return { empty: false, grams };
}

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

/** The tables a classifier predicts from; shared by training and loading. */
interface ModelCore {
  labels: string[];
  features: FeatureConfig;
  confidenceFloor: number;
  temperature: number;
  bias: Float32Array;
  scales: Float32Array;
  slots: Int32Array;
  idf: Float32Array;
  weights: Int8Array;
  trainedAt: string;
  stats: SerializedModel['stats'];
}

function float32Bytes(a: Float32Array): Uint8Array {
  const out = new Uint8Array(a.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) dv.setFloat32(i * 4, a[i], true);
  return out;
}

function float32FromBytes(b: Uint8Array): Float32Array {
  if (b.length % 4 !== 0) throw new Error('float32 table has a ragged length');
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out = new Float32Array(b.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = dv.getFloat32(i * 4, true);
  return out;
}

function slotDeltas(slots: Int32Array): number[] {
  const d: number[] = new Array(slots.length);
  for (let i = 0; i < slots.length; i++) d[i] = i === 0 ? slots[0] : slots[i] - slots[i - 1];
  return d;
}

function buildClassifier(core: ModelCore): TextClassifier {
  const k = core.labels.length;
  const nCols = core.slots.length;
  // Direct slot → column table (4 MB at 2^20): the predict hot path does no hashing of its own.
  const colOf = new Int32Array(1 << core.features.bits).fill(-1);
  for (let i = 0; i < nCols; i++) colOf[core.slots[i]] = i;
  const w = new Float32Array(core.weights.length);
  for (let i = 0; i < w.length; i++) w[i] = core.weights[i] * core.scales[i % k];

  const slotBytes = encodeVarints(slotDeltas(core.slots));
  const idfBytes = float32Bytes(core.idf);
  const weightBytes = new Uint8Array(core.weights.buffer, core.weights.byteOffset, core.weights.byteLength);
  const meta = new TextEncoder().encode(
    JSON.stringify([
      core.labels,
      core.features,
      Array.from(core.bias),
      Array.from(core.scales),
      core.temperature,
    ]),
  );
  const version = `${core.trainedAt.slice(0, 10).replaceAll('-', '')}-${contentHash([meta, slotBytes, idfBytes, weightBytes]).slice(0, 12)}`;

  // Scratch space reused by every call (JS is single-threaded; nothing here awaits).
  const tf = new Float64Array(nCols);
  const touched: number[] = [];
  let known = 0;
  const visit = (slot: number, weight: number) => {
    const col = colOf[slot];
    if (col < 0) return;
    if (tf[col] === 0) touched.push(col);
    tf[col] += weight;
    known += weight;
  };

  const analyze = (text: string): Analysis => {
    known = 0;
    touched.length = 0;
    const { empty, grams } = visitFeatures(text, core.features, visit);
    if (known === 0) return { empty, grams, known: 0, predictions: [] };
    let ss = 0;
    for (const col of touched) {
      const v = tf[col] * core.idf[col];
      ss += v * v;
    }
    const norm = 1 / Math.sqrt(ss);
    const s = new Float64Array(k);
    for (let cls = 0; cls < k; cls++) s[cls] = core.bias[cls];
    for (const col of touched) {
      const v = tf[col] * core.idf[col] * norm;
      tf[col] = 0;
      const base = col * k;
      for (let cls = 0; cls < k; cls++) s[cls] += w[base + cls] * v;
    }
    softmaxInPlace(s, core.temperature);
    const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => s[b] - s[a] || a - b);
    const predictions = order.slice(0, 3).map((i) => ({ label: core.labels[i], score: s[i] }));
    return { empty, grams, known, predictions };
  };

  return {
    version,
    trainedAt: core.trainedAt,
    labels: core.labels,
    confidenceFloor: core.confidenceFloor,
    analyze,
    predict: (text) => analyze(text).predictions,
    toJSON: () => ({
      format: 'lianluo.text-classifier',
      formatVersion: 1,
      version,
      trainedAt: core.trainedAt,
      labels: core.labels.slice(),
      features: { ...core.features },
      confidenceFloor: core.confidenceFloor,
      temperature: core.temperature,
      bias: Array.from(core.bias),
      scales: Array.from(core.scales),
      slots: toBase64(slotBytes),
      idf: toBase64(idfBytes),
      weights: toBase64(weightBytes),
      stats: { ...core.stats, perClass: { ...core.stats.perClass } },
    }),
  };
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

function bad(detail: string): TextModelError {
  return new TextModelError('BAD_MODEL', `分类模型数据无效：${detail}`);
}

/** Rebuild a classifier from `toJSON()` output (object or JSON string); throws `BAD_MODEL` if invalid. */
export function loadClassifier(json: SerializedModel | string): TextClassifier {
  let m: SerializedModel;
  try {
    m = typeof json === 'string' ? JSON.parse(json) : json;
  } catch {
    throw bad('不是合法的 JSON');
  }
  if (!m || typeof m !== 'object' || m.format !== 'lianluo.text-classifier') throw bad('格式标识不符');
  if (m.formatVersion !== 1) throw bad(`不支持的格式版本 ${String(m.formatVersion)}`);
  const labels = m.labels;
  if (!Array.isArray(labels) || labels.length < 2 || labels.some((l) => typeof l !== 'string')) {
    throw bad('类别列表无效');
  }
  const k = labels.length;
  const f = m.features;
  if (
    !f ||
    ![f.bits, f.minN, f.maxN, f.titleWeight, f.maxChars].every((v) => Number.isInteger(v) && v >= 1) ||
    f.bits > 22 ||
    f.minN > f.maxN
  ) {
    throw bad('特征参数无效');
  }
  const nums = (a: unknown, what: string) => {
    if (!Array.isArray(a) || a.length !== k || a.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
      throw bad(`${what} 与类别数不符`);
    }
    return Float32Array.from(a as number[]);
  };
  let slots: Int32Array;
  let idf: Float32Array;
  let weights: Int8Array;
  try {
    const deltas = decodeVarints(fromBase64(m.slots));
    slots = new Int32Array(deltas.length);
    let acc = 0;
    for (let i = 0; i < deltas.length; i++) {
      acc += deltas[i];
      slots[i] = acc;
    }
    idf = float32FromBytes(fromBase64(m.idf));
    const wb = fromBase64(m.weights);
    weights = new Int8Array(wb.buffer, wb.byteOffset, wb.byteLength);
  } catch (e) {
    throw bad(`表格解码失败（${(e as Error).message}）`);
  }
  if (idf.length !== slots.length || weights.length !== slots.length * k) throw bad('表格长度不一致');
  if (slots.length > 0 && slots[slots.length - 1] >= 2 ** f.bits) throw bad('特征编号超出范围');
  if (typeof m.temperature !== 'number' || !(m.temperature > 0)) throw bad('温度参数无效');
  return buildClassifier({
    labels: labels.slice(),
    features: { bits: f.bits, minN: f.minN, maxN: f.maxN, titleWeight: f.titleWeight, maxChars: f.maxChars },
    confidenceFloor: typeof m.confidenceFloor === 'number' ? m.confidenceFloor : DEFAULTS.confidenceFloor,
    temperature: m.temperature,
    bias: nums(m.bias, 'bias'),
    scales: nums(m.scales, 'scales'),
    slots,
    idf,
    weights,
    trainedAt: typeof m.trainedAt === 'string' ? m.trainedAt : new Date(0).toISOString(),
    stats: m.stats ?? { samples: 0, perClass: {}, features: slots.length },
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
