/// <reference types="node" />
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeUpload, parseCalendarLines } from './calendar-lines.ts';

const LINES = '2027-01-01,放假,元旦\n2027-02-05至2027-02-08,放假,春节\n';

test('an uploaded CSV reads the same in UTF-8 (with or without BOM) and in the GBK Excel writes', () => {
  const utf8 = new TextEncoder().encode(LINES);
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
  // "放假" and "元旦"/"春节" in GBK, as Excel on a Chinese Windows saves "CSV (逗号分隔)".
  const gbk = Buffer.concat([
    Buffer.from('2027-01-01,'),
    Buffer.from([0xb7, 0xc5, 0xbc, 0xd9]),
    Buffer.from(','),
    Buffer.from([0xd4, 0xaa, 0xb5, 0xa9]),
    Buffer.from('\n2027-02-05至2027-02-08,'.replace('至', '~')),
    Buffer.from([0xb7, 0xc5, 0xbc, 0xd9]),
    Buffer.from(','),
    Buffer.from([0xb4, 0xba, 0xbd, 0xda]),
    Buffer.from('\n'),
  ]);
  const expected = parseCalendarLines(LINES);
  assert.equal(expected.problems.length, 0);
  assert.equal(expected.days.length, 5);
  for (const bytes of [utf8, bom, new Uint8Array(gbk)]) {
    const text = decodeUpload(bytes);
    assert.deepEqual(parseCalendarLines(text), expected, text);
  }
});
