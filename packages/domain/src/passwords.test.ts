import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { COMMON_PASSWORDS } from './password-blocklist.ts';
import { checkPasswordPolicy } from './passwords.ts';

test('accepts a decent password', () => {
  assert.deepEqual(checkPasswordPolicy('Tea-kettle-42'), []);
  assert.deepEqual(checkPasswordPolicy('lunch8TIME!go'), []);
});

test('length is counted in code points', () => {
  assert.equal(checkPasswordPolicy('Ab1!xyz9').length > 0, true);
  // 10 code points, 12 UTF-16 units: two astral emoji.
  assert.deepEqual(checkPasswordPolicy('Ab1x😀y9😎kq'), []);
  // 9 code points but 11 UTF-16 units: too short.
  assert.match(checkPasswordPolicy('Ab1x😀y9😎k')[0], /至少需要 10 个字符/);
});

test('needs three of four classes below passphrase length', () => {
  assert.equal(checkPasswordPolicy('abcdefghijk').length, 1); // lower only
  assert.equal(checkPasswordPolicy('abcdefgh12').length, 1); // two classes
  assert.deepEqual(checkPasswordPolicy('abcdefgh12!'), []); // lower, digit, other
  assert.deepEqual(checkPasswordPolicy('联络站abcd1234'), []); // CJK counts as "other"
});

test('accepts a 64-character Chinese passphrase with emoji', () => {
  const phrase =
    '我们村东头那棵老槐树下每天傍晚都有人下象棋🎉今年夏天雨水特别多河水涨到了桥面上🌧️大家盼着早点修好新桥过河去赶集，顺便给代表说说心里话🙏';
  assert.ok(Array.from(phrase).length >= 64, String(Array.from(phrase).length));
  const sixtyFour = Array.from(phrase).slice(0, 64).join('');
  assert.equal(Array.from(sixtyFour).length, 64);
  assert.deepEqual(checkPasswordPolicy(sixtyFour), []);
});

test('refuses common passwords, case-insensitively', () => {
  for (const p of ['Aa123456', 'lianluo2025', 'P@ssw0rd123', 'Admin@12345', 'ADMIN@12345', 'woaini1314']) {
    assert.ok(
      checkPasswordPolicy(p).some((m) => m.includes('过于常见')),
      p,
    );
  }
  assert.ok(COMMON_PASSWORDS.length >= 200);
});

test('refuses passwords containing context words', () => {
  const problems = checkPasswordPolicy('Zhangsan#2026', ['zhangsan', '张三']);
  assert.ok(problems.some((m) => m.includes('个人信息')));
  assert.ok(checkPasswordPolicy('我是张三的密码Ab1!', ['张三']).some((m) => m.includes('个人信息')));
  assert.ok(
    checkPasswordPolicy('Wangxiaoming!88', ['wangxiaoming@example.com']).some((m) => m.includes('个人信息')),
  );
  // A short ASCII fragment such as "com" is not a reason to refuse.
  assert.deepEqual(checkPasswordPolicy('Compute!River42', ['a@b.com']), []);
  assert.deepEqual(checkPasswordPolicy('Tea-kettle-42', ['', '  ']), []);
});

test('refuses repetition and absurd lengths', () => {
  assert.ok(checkPasswordPolicy('Aa1Aa1Aa1Aa1').some((m) => m.includes('重复')));
  assert.ok(checkPasswordPolicy('啊'.repeat(30)).some((m) => m.includes('重复')));
  assert.ok(checkPasswordPolicy(`Ab1!${'x'.repeat(300)}`).some((m) => m.includes('不能超过')));
});

test('every problem is a Chinese sentence', () => {
  for (const m of checkPasswordPolicy('', ['x'])) assert.match(m, /[\u4e00-\u9fff]/);
});

test('property: any string of 20+ distinct-enough code points with no context is accepted unless blocked', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', minLength: 20, maxLength: 60 }), (s) => {
      fc.pre(Array.from(s).length >= 20 && Array.from(s).length <= 256 && new Set(Array.from(s)).size >= 5);
      assert.deepEqual(checkPasswordPolicy(s), []);
    }),
  );
});
