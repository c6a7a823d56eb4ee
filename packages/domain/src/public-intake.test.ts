import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  charCount,
  hiddenCharacters,
  hiddenCharactersMessage,
  leadingZeroBits,
  normalizeTrackingCode,
  OPINION_MAX_CHARS,
  opinionTextProblem,
  opinionTitle,
  phoneTail,
  powDifficulty,
  publicTimeline,
  sanitizeText,
  trackingCodeFrom,
  windowStart,
} from './public-intake.ts';

test('sanitizeText strips invisible and control characters and applies NFKC', () => {
  assert.equal(sanitizeText('路\u200b灯\u200d不\ufeff亮\u202e'), '路灯不亮');
  assert.equal(sanitizeText('ＡＢＣ１２３　路灯'), 'ABC123 路灯');
  assert.equal(sanitizeText('a\u0000b\u0007c\r\nd'), 'abc\nd');
  assert.equal(sanitizeText('  一\n\n\n\n\n二  '), '一\n\n二');
  assert.equal(sanitizeText('\u200b\u200c\u2060'), '');
  // Chinese punctuation is full-width by nature and stays so.
  assert.equal(sanitizeText('路灯，坏了：（一个月）！'), '路灯，坏了：（一个月）！');
});

test('confusable letters are folded only in mixed-script words', () => {
  // "paypal" with Cyrillic р and а.
  assert.equal(sanitizeText('\u0440\u0430ypal 账户'), 'paypal 账户');
  // A Russian word stays Russian.
  assert.equal(sanitizeText('спасибо'), 'спасибо');
});

test('hiddenCharacters: what sanitizeText removes or folds unseen, not what merely normalises', () => {
  const none = { invisible: false, confusable: false };
  assert.deepEqual(hiddenCharacters('路灯不亮'), none);
  // Full-width letters, CRLF, blank runs and ends are cleaned without asking.
  assert.deepEqual(hiddenCharacters('  ＡＢＣ１２３　路灯\r\n\n\n\n坏了，（一个月）  '), none);
  assert.deepEqual(hiddenCharacters('спасибо parking'), none);
  assert.deepEqual(hiddenCharacters('路\u200b灯'), { invisible: true, confusable: false });
  assert.deepEqual(hiddenCharacters('abc\u202edef'), { invisible: true, confusable: false });
  assert.deepEqual(hiddenCharacters('a\u0007b'), { invisible: true, confusable: false });
  assert.deepEqual(hiddenCharacters('\u0440\u0430rking'), { invisible: false, confusable: true });
  // A zero-width space cannot split a mixed word to hide its look-alikes.
  assert.deepEqual(hiddenCharacters('\u0440\u200b\u0430rking'), { invisible: true, confusable: true });
  // Whatever is found, the cleaned text has none left: resubmitting it is accepted.
  for (const s of ['路\u200b灯', '\u0440\u0430rking 牌', 'p\u0430y\u0440\u0430l\u200d', 'x\ufe0f'])
    assert.deepEqual(hiddenCharacters(sanitizeText(s)), none);
  assert.equal(
    hiddenCharactersMessage(['内容'], { invisible: true, confusable: true }),
    '内容含有不可见字符或形近的特殊字符，已替换为常用字符，请核对后再提交',
  );
  assert.match(
    hiddenCharactersMessage(['内容', '地址'], { invisible: true, confusable: false }),
    /^内容、地址含有不可见字符/,
  );
  assert.match(hiddenCharactersMessage(['姓名'], { invisible: false, confusable: true }), /形近的特殊字符/);
});

test('opinionTextProblem: empty, too long, markup; a lone < is text', () => {
  assert.match(opinionTextProblem('')!, /请填写/);
  assert.match(opinionTextProblem('字'.repeat(OPINION_MAX_CHARS + 1))!, /最多 2000 字/);
  assert.equal(opinionTextProblem('字'.repeat(OPINION_MAX_CHARS)), null);
  assert.match(opinionTextProblem('<script>alert(1)</script>')!, /网页代码/);
  assert.match(opinionTextProblem('<img src=x onerror=alert(1)>')!, /网页代码/);
  assert.match(opinionTextProblem('点这里 javascript:alert(1)')!, /网页代码/);
  assert.equal(opinionTextProblem('夜里气温<0℃，水管冻裂 a>b'), null);
  // An emoji is one character.
  assert.equal(charCount('👍路灯'), 3);
});

test('opinionTitle takes the first line, at most 30 characters', () => {
  assert.equal(opinionTitle('村口路灯坏了\n已经一个月'), '村口路灯坏了');
  assert.equal(opinionTitle('字'.repeat(40)), `${'字'.repeat(30)}…`);
});

test('proof-of-work difficulty rises past the soft limit and is capped', () => {
  assert.equal(powDifficulty(0), 0);
  assert.equal(powDifficulty(2), 0);
  assert.equal(powDifficulty(3), 16);
  assert.equal(powDifficulty(5), 18);
  assert.equal(powDifficulty(100), 22);
  assert.equal(leadingZeroBits(new Uint8Array([0, 0, 0x1f, 0xff])), 19);
  assert.equal(leadingZeroBits(new Uint8Array([0x80])), 0);
});

test('windows, phone tails and tracking codes', () => {
  assert.equal(windowStart(new Date('2026-06-15T02:17:31Z'), 3600).toISOString(), '2026-06-15T02:00:00.000Z');
  assert.equal(phoneTail('８０００'), '8000');
  assert.equal(phoneTail('800'), null);
  const code = trackingCodeFrom(new Uint8Array([1, 2, 3, 4, 5, 6]));
  assert.match(code, /^[0-9A-HJKMNP-TV-Z]{8}$/);
  assert.equal(normalizeTrackingCode(`${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`), code);
  assert.equal(normalizeTrackingCode('ABCD-EFG'), null);
});

test('publicTimeline shows the steps in plain Chinese and hides internal events', () => {
  const at = new Date('2026-06-15T02:00:00Z');
  const items = publicTimeline(
    [
      { at, action: 'register', payload: {} },
      { at, action: 'supervise', payload: { note: '内部督办意见' } },
      { at, action: 'refer', payload: { leadDepartmentId: 'd1', note: '内部' } },
      { at, action: 'reply', payload: { reply: { kind: 'resolved', content: '已疏通', measures: '清淤' } } },
      { at, action: 'feed_back', payload: { feedback: { channel: 'phone', content: '已电话告知' } } },
      { at, action: 'rate', payload: { satisfaction: 'satisfied' } },
    ],
    (id) => (id === 'd1' ? '生态环境局' : undefined),
  );
  assert.deepEqual(
    items.map((i) => i.text),
    ['意见已登记', '已交办承办单位：生态环境局', '已答复（已解决）', '已向您反馈办理结果', '您的评价：满意'],
  );
  assert.equal(items[2]!.detail, '已疏通\n措施：清淤');
  assert.ok(!JSON.stringify(items).includes('内部'));
});

test('an emoji keeps its joiners and presentation selector; the same characters elsewhere are hidden', () => {
  const family = '👨\u200d👩\u200d👧';
  const heart = '❤\ufe0f';
  const keycap = '1\ufe0f\u20e3';
  const text = `谢谢代表${heart}，全家${family}都满意${keycap}👍🏽`;
  assert.equal(sanitizeText(text), text);
  assert.deepEqual(hiddenCharacters(text), { invisible: false, confusable: false });
  // Outside an emoji they hide nothing a reader would miss, and go.
  assert.equal(sanitizeText('路\u200d灯\ufe0f坏了'), '路灯坏了');
  assert.deepEqual(hiddenCharacters('路\u200d灯坏了'), { invisible: true, confusable: false });
  assert.deepEqual(hiddenCharacters(`${heart}\u200b`), { invisible: true, confusable: false });
});
