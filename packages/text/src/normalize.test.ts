import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalize, stripHtml, T2S_TABLE_SIZE, toSimplified } from './normalize.ts';

test('folds full-width Latin and digits to half-width and lower-cases Latin', () => {
  assert.equal(normalize('ＡＢＣ１２３ Ｈｅｌｌｏ'), 'abc123 hello');
  assert.equal(normalize('①号楼'), '1号楼');
});

test('strips zero-width, bidi and control characters but keeps newlines', () => {
  const dirty = 'a\u200bb\u200dc\u202ed\u2066e\ufefff\u0007g\u00adh';
  assert.equal(normalize(dirty), 'abcdefgh');
  assert.equal(normalize('第一行\r\n第二行\r第三行'), '第一行\n第二行\n第三行');
});

test('folds whitespace: runs of spaces and tabs, blank lines, ideographic spaces', () => {
  assert.equal(normalize('  小区\t\t停车 \u3000 收费  \n\n\n  问题  '), '小区 停车 收费\n问题');
});

test('converts common traditional characters to simplified', () => {
  // NFKC also turns the full-width comma into ','.
  assert.equal(normalize('這個問題沒有解決，請儘快處理'), '这个问题没有解决,请尽快处理');
  assert.equal(toSimplified('學校門口的電線'), '学校门口的电线');
  assert.ok(T2S_TABLE_SIZE > 300);
  // Simplified text is untouched.
  assert.equal(toSimplified('小区物业管理'), '小区物业管理');
});

test('strips HTML tags, scripts and comments and decodes entities', () => {
  const html =
    '<div><p>物业&nbsp;乱收费</p><script>alert("x")</script><!-- c --><br/>请&lt;处理&gt;&#x4e00;</div>';
  assert.equal(normalize(html), '物业 乱收费\n请<处理>一');
  assert.equal(stripHtml('a<b and 3 < 4'), 'a<b and 3 < 4');
  assert.equal(normalize('<a href="x">链接</a>文字'), '链接 文字');
});

test('keeps mixed scripts and emoji; returns empty for empty or non-string input', () => {
  assert.equal(normalize('WiFi信号差😡 Москва'), 'wifi信号差😡 москва');
  assert.equal(normalize(''), '');
  assert.equal(normalize('   \n\t '), '');
  assert.equal(normalize(undefined as unknown as string), '');
  assert.equal(normalize(42 as unknown as string), '');
});

test('handles 20,000 characters quickly', () => {
  const long = '小区停车收费不合理，'.repeat(2000);
  const t0 = performance.now();
  const out = normalize(long);
  assert.equal(out.length, long.length);
  assert.ok(performance.now() - t0 < 200);
});
