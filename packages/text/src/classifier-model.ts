/**
 * A trained classifier's tables, its predict path and its JSON form (see classifier.ts for training).
 *
 * Format (`SerializedModel`, format 'lianluo.text-classifier', version 1): labels; feature settings;
 * per-class bias and int8 scale; softmax temperature; base64 tables — the kept hashed slots as
 * varint deltas, their IDF as float32 LE, and the weights as int8, feature-major. Trained and loaded
 * models predict from the same quantised tables, so a round trip changes nothing.
 */
import { TextModelError } from './errors.ts';
import { forEachCharNgram } from './hashing.ts';
import { softmaxInPlace } from './linear.ts';
import { normalize } from './normalize.ts';
import { contentHash, decodeVarints, encodeVarints, fromBase64, toBase64 } from './util.ts';

export interface Prediction {
  label: string;
  /** Calibrated probability; the scores of one prediction sum to at most 1. */
  score: number;
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

/** `suggest` refuses below this top probability unless the model says otherwise. */
export const DEFAULT_CONFIDENCE_FLOOR = 0.5;

/** A first line longer than this is not a title. */
const MAX_TITLE = 100;

export interface FeatureConfig {
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
export function visitFeatures(
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

/** The tables a classifier predicts from; shared by training and loading. */
export interface ModelCore {
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

export function buildClassifier(core: ModelCore): TextClassifier {
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
    confidenceFloor: typeof m.confidenceFloor === 'number' ? m.confidenceFloor : DEFAULT_CONFIDENCE_FLOOR,
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
