import assert from 'node:assert/strict';
import { test } from 'node:test';
import { charNgrams, STOP_WORDS, segment, wordBoundaries } from './segment.ts';

test('segments Chinese into words without stop-words and numbers', () => {
  const words = segment('尊敬的领导：我们小区的物业管理有问题，2019年停车收费3000元！');
  assert.ok(words.includes('小区'));
  assert.ok(words.includes('物业'));
  assert.ok(words.includes('停车'));
  for (const w of ['的', '我们', '领导', '尊敬', '2019', '3000']) assert.ok(!words.includes(w), w);
  for (const w of words) assert.ok(!STOP_WORDS.has(w));
});

test('segments mixed scripts, full-width Latin and HTML', () => {
  const words = segment('<b>ＷｉＦｉ</b>信号差 hello world');
  assert.ok(words.includes('wifi'));
  assert.ok(words.includes('hello'));
  assert.ok(!words.some((w) => w.includes('<') || w === 'b'));
});

test('returns no words for empty text, only emoji or only punctuation', () => {
  assert.deepEqual(segment(''), []);
  assert.deepEqual(segment('😀😡👍🏻'), []);
  assert.deepEqual(segment('！！？。。……——'), []);
});

test('character n-grams stay inside runs of letters and digits', () => {
  assert.deepEqual(charNgrams('停车费', 1, 2), ['停', '停车', '车', '车费', '费']);
  assert.deepEqual(charNgrams('停车，收费', 2, 2), ['停车', '收费']);
  assert.deepEqual(charNgrams('ab', 3, 3), []);
  assert.deepEqual(charNgrams('😀！', 1, 3), []);
  // Code points, not code units: an Extension B character counts as one.
  assert.deepEqual(charNgrams('𠀀村', 2, 2), ['𠀀村']);
  // min > max is treated as min = max.
  assert.deepEqual(charNgrams('小区', 2, 1), ['小区']);
});

test('word boundaries mark the start and end of every ICU segment', () => {
  const b = wordBoundaries('小区停车');
  assert.equal(b.length, 5);
  assert.equal(b[0], 1);
  assert.equal(b[4], 1);
  assert.equal(b[2], 1); // 小区|停车
});

test('segments 20,000 characters', () => {
  const words = segment('业主反映电梯故障。'.repeat(2222));
  assert.ok(words.length > 2000);
});
