import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  contentHash,
  decodeVarints,
  encodeVarints,
  fromBase64,
  seededRandom,
  shuffle,
  toBase64,
  toTime,
} from './util.ts';

test('base64 round-trips every length and matches the standard encoding', () => {
  for (let n = 0; n < 40; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
    assert.deepEqual(fromBase64(toBase64(bytes)), bytes);
    assert.equal(toBase64(bytes), Buffer.from(bytes).toString('base64'));
  }
  assert.throws(() => fromBase64('ab$c'));
});

test('varints round-trip and reject truncated input', () => {
  const values = [0, 1, 127, 128, 300, 2 ** 20, 2 ** 31 - 1, 2 ** 32 - 1];
  assert.deepEqual(decodeVarints(encodeVarints(values)), values);
  assert.throws(() => decodeVarints(Uint8Array.from([0x80])));
});

test('seeded shuffles are deterministic; content hashes differ on one byte', () => {
  assert.deepEqual(shuffle([1, 2, 3, 4, 5], seededRandom(7)), shuffle([1, 2, 3, 4, 5], seededRandom(7)));
  const a = contentHash([Uint8Array.from([1, 2, 3])]);
  assert.match(a, /^[0-9a-f]{16}$/);
  assert.notEqual(a, contentHash([Uint8Array.from([1, 2, 4])]));
});

test('toTime accepts dates and ISO strings', () => {
  assert.equal(toTime('2019-01-01T00:00:00+08:00'), Date.UTC(2018, 11, 31, 16));
  assert.ok(Number.isNaN(toTime('not a date')));
  assert.ok(Number.isNaN(toTime(undefined)));
});
