import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queryPhrases, queryTokens, searchTokens, tsQuery } from './search.ts';

test('search tokens: Han bigrams in order, other words, then each Han character once', () => {
  assert.equal(searchTokens('停车收费 WiFi'), '停车 车收 收费 wifi 停 车 收 费');
  assert.equal(searchTokens('水'), '水');
  // Han and Latin runs are separate tokens even without a space between them.
  assert.equal(searchTokens('A2区'), 'a2 区');
});

test('search tokens normalise: full width, traditional, HTML', () => {
  assert.equal(searchTokens('<p>學校</p>ＸＹＺ'), '学校 xyz 学 校');
});

test('query tokens and the tsquery expression', () => {
  assert.deepEqual(queryTokens('停车收费 hello'), ['停车', '车收', '收费', 'hello']);
  assert.deepEqual(queryPhrases('水 停车'), [['水'], ['停车']]);
  assert.equal(tsQuery('停车收费 12345'), '(停车 <-> 车收 <-> 收费) & 12345');
  assert.equal(tsQuery('物业'), '物业');
});

test('empty, emoji-only and punctuation-only input give nothing to search', () => {
  for (const q of ['', '😀😀', '！？。', '   ']) {
    assert.equal(searchTokens(q), '');
    assert.deepEqual(queryTokens(q), []);
    assert.equal(tsQuery(q), '');
  }
});

test('20,000 characters and very long Latin runs are bounded', () => {
  const s = searchTokens('小区停车'.repeat(5000));
  assert.ok(s.length > 0 && s.split(' ').length <= 20_010);
  const junk = searchTokens('x'.repeat(5000));
  assert.equal(junk.length, 64);
});
