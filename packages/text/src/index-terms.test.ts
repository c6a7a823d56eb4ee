import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexTerms, scanIndexTerms, termHash, terms } from './index-terms.ts';

test('terms are Han bigrams, lone Han characters and Latin words, without stop-words and numbers', () => {
  assert.deepEqual(terms('停车收费'), ['停车', '车收', '收费']);
  assert.deepEqual(terms('水，电'), ['水', '电']);
  assert.deepEqual(terms('WiFi 5G 2019 a'), ['wifi', '5g']);
  // 我们 and 问题 are stop-words; 的 alone is one too.
  assert.deepEqual(terms('我们的问题'), ['们的', '的问']);
});

test('terms of empty, emoji-only and punctuation-only text are empty', () => {
  assert.deepEqual(terms(''), []);
  assert.deepEqual(terms('😀😀'), []);
  assert.deepEqual(terms('？！。'), []);
  assert.deepEqual(terms(null as unknown as string), []);
});

test('scanner hashes agree with termHash and offsets point at the term', () => {
  const norm = 'a5区景蓉华苑𠀀村 wifi';
  scanIndexTerms(norm, Number.POSITIVE_INFINITY, (h, s, e) => {
    assert.equal(h, termHash(norm.slice(s, e)));
  });
  assert.deepEqual(indexTerms(norm), ['a5', '区景', '景蓉', '蓉华', '华苑', '苑𠀀', '𠀀村', 'wifi']);
});

test('maxChars bounds the scan', () => {
  assert.deepEqual(indexTerms('停车收费', 2), ['停车']);
  assert.equal(terms('小区停车'.repeat(5000)).length, 5000 * 3 + 4999);
});
