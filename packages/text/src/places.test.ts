import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractPlaces } from './places.ts';

test('finds villages, towns, estates and roads, splitting chained names', () => {
  assert.deepEqual(extractPlaces('反映A7县春华镇金鼎村水泥路的问题'), ['春华镇', '金鼎村', '水泥路']);
  assert.deepEqual(extractPlaces('A市暮云街道丽发新城小区附近搅拌站'), ['暮云街道', '丽发新城小区']);
  assert.deepEqual(extractPlaces('黄兴路步行街住户'), ['黄兴路', '步行街']);
});

test('strips leading verbs and drops generic names', () => {
  assert.deepEqual(extractPlaces('投诉景蓉华苑物业'), ['景蓉华苑']);
  assert.deepEqual(extractPlaces('周边小区和附近学校都受影响'), []);
  assert.deepEqual(extractPlaces('村民反映村委会不作为'), []);
});

test('normalises full width and traditional characters, ignores HTML', () => {
  assert.deepEqual(extractPlaces('<b>金鼎村</b>'), ['金鼎村']);
  assert.deepEqual(extractPlaces('麓谷明珠小區'), ['麓谷明珠小区']);
});

test('empty, emoji-only and punctuation-only input give no places; long input works', () => {
  assert.deepEqual(extractPlaces(''), []);
  assert.deepEqual(extractPlaces('😀😀'), []);
  assert.deepEqual(extractPlaces('。。！'), []);
  assert.deepEqual(extractPlaces(undefined as unknown as string), []);
  assert.deepEqual(extractPlaces('丽发新城小区噪音。'.repeat(2300)), ['丽发新城小区']);
});
