import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  isValidIdNumber,
  maskAddress,
  maskIdNumber,
  maskName,
  maskPhone,
  normalizeMobile,
} from './masking.ts';

test('maskName keeps the first code point', () => {
  assert.equal(maskName('张三'), '张*');
  assert.equal(maskName('张三丰'), '张**');
  assert.equal(maskName('欧阳娜娜'), '欧***');
  assert.equal(maskName('张'), '张');
  assert.equal(maskName(''), '');
  assert.equal(maskName('  李四 '), '李*');
  assert.equal(maskName('阿卜杜热西提·买买提'), '阿*****·***');
  assert.equal(maskName('𠮷野家'), '𠮷**'); // U+20BB7 is a surrogate pair in UTF-16
  assert.equal(maskName('王𠮷'), '王*');
  assert.equal(maskName('Mary Smith'), 'M*** *****');
});

test('maskPhone', () => {
  assert.equal(maskPhone('13812341234'), '138****1234');
  assert.equal(maskPhone('+86 138 0013 8000'), '138****8000');
  assert.equal(maskPhone('138****1234'), '138****1234');
  assert.equal(maskPhone('0731-84567890'), '073*****7890');
  assert.equal(maskPhone('12345'), '*****');
  assert.equal(maskPhone(''), '');
});

test('maskIdNumber keeps the first 3 and last 4', () => {
  assert.equal(maskIdNumber('11010519491231002X'), '110***********002X');
  assert.equal(maskIdNumber('11010519491231002x'), '110***********002X');
  assert.equal(maskIdNumber('110***********002X'), '110***********002X');
});

test('maskAddress drops house numbers and keeps the community or the road', () => {
  const cases: [string, string][] = [
    ['广东省深圳市南山区粤海街道科技园社区XX路1号3栋502', '广东省深圳市南山区粤海街道科技园社区'],
    ['北京市朝阳区建国路88号', '北京市朝阳区建国路'],
    ['湖南省常德市澧县城头山镇牌楼村3组', '湖南省常德市澧县城头山镇牌楼村'],
    ['湖南省常德市澧县城头山镇牌楼村十八组', '湖南省常德市澧县城头山镇牌楼村'],
    ['上海市黄浦区南京东路街道', '上海市黄浦区南京东路街道'], // no number: already coarse
    ['北京市朝阳区建国路SOHO现代城A座1201', '北京市朝阳区建国路'],
    ['某某县城关镇人民路社区居委会旁', '某某县城关镇人民路社区居委会'],
    ['湖北省十堰市茅箭区五堰街道三里屯小区', '湖北省十堰市茅箭区五堰街道三里屯小区'],
    ['湖北省十堰市茅箭区五堰街道三里屯小区五栋', '湖北省十堰市茅箭区五堰街道三里屯小区'],
    ['１２３号', ''],
    ['', ''],
  ];
  for (const [input, expected] of cases) assert.equal(maskAddress(input), expected, input);
});

test('normalizeMobile accepts the usual ways of writing a mobile', () => {
  for (const s of [
    '13800138000',
    '+86 138 0013 8000',
    '+8613800138000',
    '138-0013-8000',
    '0086 138 0013 8000',
    '１３８００１３８０００', // full-width digits
    '＋８６　１３８００１３８０００', // full-width plus and ideographic space
    ' 13800138000 ',
  ]) {
    assert.equal(normalizeMobile(s), '13800138000', JSON.stringify(s));
  }
  assert.equal(normalizeMobile('19912345678'), '19912345678');
});

test('normalizeMobile rejects what is not clearly a mainland mobile', () => {
  for (const s of [
    '1380013800', // 10 digits
    '138001380001', // 12 digits
    '12800138000', // prefix 12
    '23800138000',
    '138\u200b00138000', // zero-width space
    '\u200d13800138000', // zero-width joiner
    '一三八零零一三八零零零', // Chinese numerals
    '١٣٨٠٠١٣٨٠٠٠', // Arabic-Indic digits
    '۱۳۸۰۰۱۳۸۰۰۰', // Extended Arabic-Indic digits
    '+1 138 0013 8000',
    '86 13800138000x',
    '138 0013 8000 转 1',
    '',
    '+',
  ]) {
    assert.equal(normalizeMobile(s), null, JSON.stringify(s));
  }
});

test('isValidIdNumber checks the checksum, the birth date and the future', () => {
  const today = '2026-03-09';
  assert.equal(isValidIdNumber('11010519491231002X', today), true); // the GB 11643 sample
  assert.equal(isValidIdNumber('11010519491231002x', today), true);
  assert.equal(isValidIdNumber('430723199001011232', today), true);
  assert.equal(isValidIdNumber('430723200002290013', today), true); // 2000 was a leap year
  assert.equal(isValidIdNumber('430723199001011233', today), false); // wrong check digit
  assert.equal(isValidIdNumber('11010519491231002Y', today), false);
  assert.equal(isValidIdNumber('43072320260310123X', today), false); // born tomorrow
  assert.equal(isValidIdNumber('43072320260310123X', '2026-03-10'), true);
  assert.equal(isValidIdNumber('43072319000101001X', today), true);
  assert.equal(isValidIdNumber('1101051949123100', today), false);
  // 1949-02-30 does not exist: build one with a correct check digit to be sure the date is what fails.
  const body = '11010519490230002';
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const check = '10X98765432'[[...body].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11];
  assert.equal(isValidIdNumber(body + check, today), false);
  assert.equal(isValidIdNumber('11010519491231002X', 'not a date'), false);
});

const cjk = fc.integer({ min: 0x4e00, max: 0x9fff }).map((n) => String.fromCodePoint(n));
const astral = fc.integer({ min: 0x20000, max: 0x2a6df }).map((n) => String.fromCodePoint(n));
const nameArb = fc
  .array(fc.oneof(cjk, astral, fc.constantFrom('·', ' ', 'a', 'Z', '*')), { maxLength: 12 })
  .map((a) => a.join(''));

test('property: maskName is idempotent, keeps the code point count and never splits a pair', () => {
  fc.assert(
    fc.property(nameArb, (name) => {
      const m = maskName(name);
      assert.equal(maskName(m), m);
      assert.equal(Array.from(m).length, Array.from(name.trim()).length);
      assert.doesNotMatch(m, /\p{Cs}/u); // no lone surrogate
      if (m.length > 0) assert.equal(Array.from(m)[0], Array.from(name.trim())[0]);
      // Nothing after the first code point survives except separators and stars.
      for (const c of Array.from(m).slice(1)) assert.match(c, /^[*·\s]$/u);
    }),
    { numRuns: 500 },
  );
});

test('property: maskPhone and maskIdNumber are idempotent and reveal at most 7 characters', () => {
  const digitString = (min: number, max: number) =>
    fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((a) => a.join(''));
  const formatted = fc
    .tuple(digitString(0, 20), fc.constantFrom('', ' ', '-', '+86 '))
    .map(([d, sep]) => (sep === '+86 ' ? sep + d : d.split('').join(sep)));
  fc.assert(
    fc.property(formatted, (p) => {
      const m = maskPhone(p);
      assert.equal(maskPhone(m), m);
      assert.ok(m.replace(/\*/g, '').length <= 7, m);
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.tuple(digitString(0, 17), fc.constantFrom('', 'X', 'x')), ([d, x]) => {
      const m = maskIdNumber(d + x);
      assert.equal(maskIdNumber(m), m);
      assert.ok(m.replace(/\*/g, '').length <= 7, m);
    }),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
      const m = maskPhone(s);
      assert.equal(maskPhone(m), m);
    }),
    { numRuns: 500 },
  );
});

test('property: maskAddress is idempotent, a prefix of the normalized input, and keeps no digit', () => {
  const piece = fc.constantFrom(
    '省',
    '市',
    '区',
    '县',
    '镇',
    '街道',
    '街',
    '道',
    '社区',
    '村',
    '居委会',
    '路',
    '大道',
    '巷',
    '号',
    '栋',
    '组',
    '三',
    '十',
    '1',
    '０',
    'A',
    '南山',
    '科技园',
    ' ',
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 15 }), (parts) => {
      const a = parts.join('');
      const m = maskAddress(a);
      assert.equal(maskAddress(m), m);
      assert.ok(a.normalize('NFKC').trim().startsWith(m), `${a} → ${m}`);
      assert.doesNotMatch(m, /[0-9]/);
    }),
    { numRuns: 1000 },
  );
});

test('property: normalizeMobile round-trips through common formattings', () => {
  const mobile = fc
    .tuple(
      fc.constantFrom(...'3456789'),
      fc.array(fc.constantFrom(...'0123456789'), { minLength: 9, maxLength: 9 }),
    )
    .map(([second, rest]) => `1${second}${rest.join('')}`);
  fc.assert(
    fc.property(mobile, fc.constantFrom('plain', 'spaced', 'dashed', 'plus86', 'fullwidth'), (m, style) => {
      const written =
        style === 'plain'
          ? m
          : style === 'spaced'
            ? `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`
            : style === 'dashed'
              ? `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`
              : style === 'plus86'
                ? `+86${m}`
                : [...m].map((c) => String.fromCodePoint(c.charCodeAt(0) + 0xfee0)).join('');
      assert.equal(normalizeMobile(written), m);
      assert.equal(maskPhone(written), `${m.slice(0, 3)}****${m.slice(7)}`);
    }),
  );
});
