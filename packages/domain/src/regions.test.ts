import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  countyCode,
  inScope,
  isRegionCode,
  parentCode,
  regionCodeOfPrefix,
  regionLevel,
  scopePrefix,
  scopeRange,
} from './regions.ts';

test('accepts codes of every level, including towns of cities without counties', () => {
  for (const code of [
    '430000000000',
    '430700000000',
    '430723000000',
    '430723102000',
    '430723102201',
    '441900003000', // 东莞 莞城街道: county segment 00 under a town
    '429004000000', // 仙桃, a county-level city managed by the province
  ]) {
    assert.equal(isRegionCode(code), true, code);
  }
});

test('rejects malformed codes', () => {
  for (const s of [
    '',
    '000000000000', // all zeros
    '43072310220', // 11 digits
    '4307231022011', // 13 digits
    '43072310220a',
    '４３０７２３１０２２０１', // full-width digits are not ASCII
    '430723000201', // village without a town
    '430023000000', // county without a city
    '000700000000', // no province
    ' 430723102201',
  ]) {
    assert.equal(isRegionCode(s), false, JSON.stringify(s));
  }
});

test('level and significant prefix', () => {
  const cases: [string, string, string][] = [
    ['430000000000', 'province', '43'],
    ['430700000000', 'city', '4307'],
    ['430723000000', 'county', '430723'],
    ['430723102000', 'town', '430723102'],
    ['430723102201', 'village', '430723102201'],
    ['441900003000', 'town', '441900003'],
  ];
  for (const [code, level, prefix] of cases) {
    assert.equal(regionLevel(code), level, code);
    assert.equal(scopePrefix(code), prefix, code);
  }
  assert.throws(() => regionLevel('430723000201'), RangeError);
});

test('parents walk up one level at a time', () => {
  assert.equal(parentCode('430723102201'), '430723102000');
  assert.equal(parentCode('430723102000'), '430723000000');
  assert.equal(parentCode('430723000000'), '430700000000');
  assert.equal(parentCode('430700000000'), '430000000000');
  assert.equal(parentCode('430000000000'), null);
  assert.equal(parentCode('441900003000'), '441900000000');
  assert.equal(countyCode('430723102201'), '430723');
  assert.equal(regionCodeOfPrefix('4307'), '430700000000');
});

test('scopeRange pads with 0 and 9 and refuses bad prefixes', () => {
  assert.deepEqual(scopeRange('430723'), { lo: '430723000000', hi: '430723999999' });
  assert.deepEqual(scopeRange('430723102'), { lo: '430723102000', hi: '430723102999' });
  for (const bad of ['', '4', '430', '43072', '4307231', '43072310', '4307231020', '43a7', '４３']) {
    assert.throws(() => scopeRange(bad), RangeError, bad);
  }
});

test('inScope', () => {
  assert.equal(inScope('430723102201', '430723'), true);
  assert.equal(inScope('430724102201', '430723'), false);
  assert.equal(inScope('430723102201', '430723102201'), true);
  assert.equal(inScope('bogus', '43'), false);
  assert.throws(() => inScope('430723102201', '4307231'), RangeError);
});

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });
const prefixArb = fc
  .constantFrom(2, 4, 6, 9, 12)
  .chain((len) => digits(len))
  .map((ds) => ds.join(''));

/** Valid codes near a prefix: random, the range ends and their neighbours. */
const codeNear = (prefix: string) =>
  fc.oneof(
    digits(12).map((ds) => ds.join('')),
    digits(12 - prefix.length).map((ds) => prefix + ds.join('')),
    fc.constantFrom(
      prefix.padEnd(12, '0'),
      prefix.padEnd(12, '9'),
      prefix.padEnd(11, '0').concat('1'),
      prefix.padEnd(11, '9').concat('8'),
      // Just outside the range on both sides (when they exist).
      String(BigInt(prefix.padEnd(12, '0')) - 1n).padStart(12, '0'),
      String(BigInt(prefix.padEnd(12, '9')) + 1n).padStart(12, '0'),
    ),
  );

test('property: inScope(code, prefix) ⇔ lo ≤ code ≤ hi, for every valid code', () => {
  fc.assert(
    fc.property(
      prefixArb.chain((p) => fc.tuple(fc.constant(p), codeNear(p))),
      ([prefix, code]) => {
        fc.pre(code.length === 12 && isRegionCode(code));
        const { lo, hi } = scopeRange(prefix);
        assert.equal(inScope(code, prefix), lo <= code && code <= hi);
      },
    ),
    { numRuns: 2000 },
  );
});

test('property: a code is in the scope of its own prefix and of all its parents', () => {
  fc.assert(
    fc.property(digits(12), (ds) => {
      const code = ds.join('');
      fc.pre(isRegionCode(code));
      assert.equal(inScope(code, scopePrefix(code)), true);
      for (let p = parentCode(code); p !== null; p = parentCode(p)) {
        assert.equal(isRegionCode(p), true);
        assert.equal(inScope(code, scopePrefix(p)), true);
      }
    }),
    { numRuns: 1000 },
  );
});
