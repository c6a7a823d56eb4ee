import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csrRows, fitTemperature, rowMargins, stratifiedFolds, toCsr, trainOvr } from './linear.ts';

test('one-vs-rest SVM separates a separable toy problem', () => {
  // Class c has feature c set; feature 3 is noise shared by all.
  const rows = Array.from({ length: 30 }, (_, i) => ({ cols: [i % 3, 3], vals: [0.9, 0.3] }));
  const x = toCsr(rows);
  const y = Int32Array.from(rows, (_, i) => i % 3);
  const m = trainOvr(x, y, 3, 4, 1, 1);
  const out = new Float64Array(3);
  for (let i = 0; i < 3; i++) {
    rowMargins(x, i, m.w, m.b, 3, out);
    assert.equal(out.indexOf(Math.max(...out)), i);
  }
  assert.equal(csrRows(x, [2, 0]).rows, 2);
});

test('stratified folds spread every class; temperature stays finite on separable margins', () => {
  const y = Int32Array.from({ length: 20 }, (_, i) => i % 2);
  const f = stratifiedFolds(y, 2, 4, 1);
  for (let k = 0; k < 4; k++) {
    assert.ok([...y.keys()].some((i) => f[i] === k && y[i] === 0));
    assert.ok([...y.keys()].some((i) => f[i] === k && y[i] === 1));
  }
  const rows = Array.from(y, (c) => Float64Array.from([c === 0 ? 1 : -1, c === 1 ? 1 : -1]));
  const t = fitTemperature(rows, y);
  assert.ok(t > 0.5 && t < 100);
});
