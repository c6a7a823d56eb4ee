import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checklistCompletion,
  isCitizenId,
  isLate,
  rosterHeaderProblems,
  shiftsOverlap,
  suggestedStationName,
  validateRegionRows,
  validateRosterRows,
} from './network-rules.ts';

test('region import: wrong shape and missing parent are refused with the row number', () => {
  const known = new Set(['439901000000']);
  const ok = validateRegionRows(
    [
      { row: 2, code: '439901001001', name: '石桥村' },
      { row: 3, code: '439901001000', name: '青石镇' },
    ],
    known,
  );
  assert.deepEqual(ok.errors, []);
  assert.deepEqual(
    ok.records.map((r) => [r.code, r.level, r.parentCode]),
    [
      ['439901001000', 'town', '439901000000'],
      ['439901001001', 'village', '439901001000'],
    ],
  );
  const bad = validateRegionRows(
    [
      { row: 2, code: '43990100100', name: '短' },
      { row: 3, code: '439901009001', name: '孤村' },
      { row: 4, code: '439901001000', name: '青石镇' },
      { row: 5, code: '439901001000', name: '重复' },
    ],
    known,
  );
  assert.deepEqual(
    bad.errors.map((e) => e.row),
    [2, 3, 5],
  );
  assert.match(bad.errors[1]!.message, /上级区划 439901009000 不存在/);
  assert.deepEqual(bad.records, []);
});

test('citizen id check digit', () => {
  assert.ok(isCitizenId('11010519491231002X'));
  assert.ok(!isCitizenId('110105194912310021'));
  assert.ok(!isCitizenId('1101051949123100'));
});

const row = (row: number, over: Record<string, string> = {}) => ({
  row,
  cells: {
    姓名: '李四',
    性别: '女',
    公民身份号码: '11010519491231002X',
    代表层级: '乡镇',
    选区区划代码: '439901001001',
    联络站: '石桥村人大代表联络点、青石镇人大代表联络站',
    领导干部代表: '是',
    ...over,
  },
});

test('roster: a clean file parses; any bad row refuses the whole file with per-row reasons', () => {
  const ok = validateRosterRows([row(2)], { scope: '439901' });
  assert.equal(ok.errors.length, 0);
  assert.equal(ok.records[0]!.level, 'town');
  assert.equal(ok.records[0]!.leadingCadre, true);
  assert.deepEqual(ok.records[0]!.stations, ['石桥村人大代表联络点', '青石镇人大代表联络站']);
  const bad = validateRosterRows(
    [row(2), row(3), row(4, { 选区区划代码: '439902001001' }), row(5, { 性别: '?', 姓名: '' })],
    { scope: '439901' },
  );
  assert.deepEqual(bad.records, []);
  assert.deepEqual(
    bad.errors.map((e) => [e.row, e.column]),
    [
      [3, '公民身份号码'],
      [4, '公民身份号码'],
      [4, '选区区划代码'],
      [5, '姓名'],
      [5, '性别'],
      [5, '公民身份号码'],
    ],
  );
  assert.match(bad.errors[0]!.message, /与第 2 行重复/);
  const existing = validateRosterRows([row(2)], {
    scope: '439901',
    existingIds: new Set(['11010519491231002X']),
  });
  assert.match(existing.errors[0]!.message, /已在代表名册/);
});

test('roster header: missing required columns are named', () => {
  assert.deepEqual(rosterHeaderProblems(['姓名', '性别', '代表层级']), [
    '缺少必填列：公民身份号码',
    '缺少必填列：选区区划代码',
  ]);
});

test('checklist completion, names, overlap, lateness', () => {
  assert.deepEqual(checklistCompletion(['a', 'b', 'c', 'd'], ['a', 'c', 'x']), {
    done: 2,
    total: 4,
    rate: 0.5,
  });
  assert.deepEqual(checklistCompletion([], []), { done: 0, total: 0, rate: 0 });
  assert.equal(suggestedStationName('village', '石桥村'), '石桥村人大代表联络点');
  const a = { date: '2026-12-15', start: '09:00', end: '11:30' };
  assert.ok(shiftsOverlap(a, { date: '2026-12-15', start: '11:00', end: '12:00' }));
  assert.ok(!shiftsOverlap(a, { date: '2026-12-15', start: '11:30', end: '12:00' }));
  assert.ok(!shiftsOverlap(a, { ...a, date: '2026-12-16' }));
  assert.ok(!isLate('09:00', '09:15'));
  assert.ok(isLate('09:00', '09:16'));
});
