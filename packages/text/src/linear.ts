/**
 * Linear models on sparse rows: one-vs-rest L2-loss linear SVM trained by dual coordinate descent
 * with shrinking (Hsieh et al. 2008; the liblinear solver behind scikit-learn's LinearSVC), and
 * temperature scaling of the margins into probabilities.
 */
import { seededRandom, shuffle } from './util.ts';

/** Compressed sparse rows: row i is cols/vals[rowPtr[i] … rowPtr[i+1]). */
export interface Csr {
  rows: number;
  rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float32Array;
}

/** Build a CSR matrix from per-row (cols, vals) pairs. */
export function toCsr(rows: readonly { cols: ArrayLike<number>; vals: ArrayLike<number> }[]): Csr {
  let nnz = 0;
  for (const r of rows) nnz += r.cols.length;
  const rowPtr = new Int32Array(rows.length + 1);
  const cols = new Int32Array(nnz);
  const vals = new Float32Array(nnz);
  let o = 0;
  rows.forEach((r, i) => {
    for (let q = 0; q < r.cols.length; q++) {
      cols[o] = r.cols[q];
      vals[o] = r.vals[q];
      o++;
    }
    rowPtr[i + 1] = o;
  });
  return { rows: rows.length, rowPtr, cols, vals };
}

/** The rows `ids` of `x`, as a new matrix. */
export function csrRows(x: Csr, ids: readonly number[]): Csr {
  return toCsr(
    ids.map((i) => ({
      cols: x.cols.subarray(x.rowPtr[i], x.rowPtr[i + 1]),
      vals: x.vals.subarray(x.rowPtr[i], x.rowPtr[i + 1]),
    })),
  );
}

/**
 * One binary L2-regularised squared-hinge SVM (dual coordinate descent with shrinking), the bias
 * being an extra constant feature. `ys` are ±1. Stops when the projected-gradient spread is below
 * `eps` (0.1, liblinear's default) or after `maxIter` passes. Returns the weights and the bias.
 */
export function trainBinarySvm(
  x: Csr,
  ys: Int8Array,
  nCols: number,
  c: number,
  random: () => number,
  maxIter = 500,
  eps = 0.1,
): { w: Float64Array; b: number } {
  const { rowPtr, cols, vals } = x;
  const n = x.rows;
  const w = new Float64Array(nCols);
  let b = 0;
  const alpha = new Float64Array(n);
  const diag = 1 / (2 * c);
  const qd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 1 + diag;
    for (let q = rowPtr[i]; q < rowPtr[i + 1]; q++) s += vals[q] * vals[q];
    qd[i] = s;
  }
  const index = Array.from({ length: n }, (_, i) => i);
  let active = n;
  let pgMaxOld = Number.POSITIVE_INFINITY;
  for (let iter = 0; iter < maxIter; iter++) {
    // Shuffle the active prefix only.
    for (let s = active - 1; s > 0; s--) {
      const j = Math.floor(random() * (s + 1));
      const t = index[s];
      index[s] = index[j];
      index[j] = t;
    }
    let pgMax = Number.NEGATIVE_INFINITY;
    let pgMin = Number.POSITIVE_INFINITY;
    for (let s = 0; s < active; s++) {
      const i = index[s];
      const yi = ys[i];
      const lo = rowPtr[i];
      const hi = rowPtr[i + 1];
      let g = b;
      for (let q = lo; q < hi; q++) g += w[cols[q]] * vals[q];
      g = g * yi - 1 + alpha[i] * diag;
      let pg = g;
      if (alpha[i] === 0) {
        if (g > pgMaxOld) {
          // Shrink: this example sits at its bound and is likely to stay there.
          active--;
          index[s] = index[active];
          index[active] = i;
          s--;
          continue;
        }
        if (g > 0) pg = 0;
      }
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[i];
        alpha[i] = Math.max(old - g / qd[i], 0);
        const d = (alpha[i] - old) * yi;
        for (let q = lo; q < hi; q++) w[cols[q]] += d * vals[q];
        b += d;
      }
    }
    if (pgMax - pgMin <= eps) {
      if (active === n) break;
      // Converged on the active set: re-check every example once more.
      active = n;
      pgMaxOld = Number.POSITIVE_INFINITY;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Number.POSITIVE_INFINITY : pgMax;
  }
  return { w, b };
}

/** One-vs-rest SVMs; returns feature-major weights (`w[col * k + class]`) and biases. */
export function trainOvr(
  x: Csr,
  y: Int32Array,
  k: number,
  nCols: number,
  c: number,
  seed: number,
): { w: Float64Array; b: Float64Array } {
  const w = new Float64Array(nCols * k);
  const b = new Float64Array(k);
  const ys = new Int8Array(x.rows);
  for (let cls = 0; cls < k; cls++) {
    for (let i = 0; i < x.rows; i++) ys[i] = y[i] === cls ? 1 : -1;
    const m = trainBinarySvm(x, ys, nCols, c, seededRandom(seed * 7919 + cls));
    for (let j = 0; j < nCols; j++) w[j * k + cls] = m.w[j];
    b[cls] = m.b;
  }
  return { w, b };
}

/** Margins of row `i` of `x` under feature-major weights `w` and biases `b`. */
export function rowMargins(
  x: Csr,
  i: number,
  w: ArrayLike<number>,
  b: ArrayLike<number>,
  k: number,
  out: Float64Array,
): void {
  for (let cls = 0; cls < k; cls++) out[cls] = b[cls];
  for (let q = x.rowPtr[i]; q < x.rowPtr[i + 1]; q++) {
    const base = x.cols[q] * k;
    const v = x.vals[q];
    for (let cls = 0; cls < k; cls++) out[cls] += w[base + cls] * v;
  }
}

/** Seeded stratified assignment of rows to `folds` folds. */
export function stratifiedFolds(y: Int32Array, k: number, folds: number, seed: number): Int32Array {
  const fold = new Int32Array(y.length);
  const random = seededRandom(seed);
  for (let cls = 0; cls < k; cls++) {
    const ids = shuffle(
      Array.from(y.keys()).filter((i) => y[i] === cls),
      random,
    );
    ids.forEach((id, j) => {
      fold[id] = j % folds;
    });
  }
  return fold;
}

export function softmaxInPlace(s: Float64Array, t: number): void {
  let mx = Number.NEGATIVE_INFINITY;
  for (const v of s) if (v > mx) mx = v;
  let z = 0;
  for (let i = 0; i < s.length; i++) {
    s[i] = Math.exp(t * (s[i] - mx));
    z += s[i];
  }
  for (let i = 0; i < s.length; i++) s[i] /= z;
}

/**
 * Temperature t minimising the cross-entropy of softmax(t · margins) against lightly smoothed
 * targets (the true class 1 − α, the others α / (k − 1), α = 0.02), by golden-section search on
 * log t in [0.05, 100]. Smoothing keeps t finite when the cross-validation margins separate the
 * classes perfectly (small or easy data), where plain NLL would push probabilities to exactly 1.
 */
export function fitTemperature(rows: Float64Array[], y: Int32Array, alpha = 0.02): number {
  const k = rows[0].length;
  const off = k > 1 ? alpha / (k - 1) : 0;
  const nll = (logT: number) => {
    const t = Math.exp(logT);
    let sum = 0;
    const s = new Float64Array(k);
    for (let i = 0; i < rows.length; i++) {
      s.set(rows[i]);
      softmaxInPlace(s, t);
      for (let c = 0; c < k; c++) sum -= (c === y[i] ? 1 - alpha : off) * Math.log(Math.max(s[c], 1e-300));
    }
    return sum;
  };
  let lo = Math.log(0.05);
  let hi = Math.log(100);
  const phi = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - phi * (hi - lo);
  let x2 = lo + phi * (hi - lo);
  let f1 = nll(x1);
  let f2 = nll(x2);
  for (let i = 0; i < 60; i++) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - phi * (hi - lo);
      f1 = nll(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + phi * (hi - lo);
      f2 = nll(x2);
    }
  }
  return Math.exp((lo + hi) / 2);
}
