import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { CalendarMissingError, HolidayCalendar } from './calendar.ts';
import { addDays, toDayNumber } from './dates.ts';
import { DEFAULT_CALENDAR_ENTRIES } from './holidays.ts';
import {
  assignDeputiesFairly,
  expandRule,
  isRotaRule,
  lunarDayOfMonth,
  type RotaRule,
  rotaRuleProblems,
} from './rota.ts';

const cal = new HolidayCalendar(DEFAULT_CALENDAR_ENTRIES);

test('weekly: a Monday in the 国庆 block moves to the next working day', () => {
  assert.deepEqual(expandRule({ kind: 'weekly', weekday: 1 }, '2025-10-01', '2025-10-31', cal), [
    '2025-10-09',
    '2025-10-13',
    '2025-10-20',
    '2025-10-27',
  ]);
});

test('monthly: the 31st is month end; a 调休 Saturday is a working day', () => {
  // 28 Feb 2026 is a Saturday worked for 春节, so the month-end shift stays on it. Saturday 31 Jan
  // moves to Monday 2 Feb, so February has two shifts and January's is counted in February.
  assert.deepEqual(expandRule({ kind: 'monthly', day: 31 }, '2026-02-01', '2026-02-28', cal), [
    '2026-02-02',
    '2026-02-28',
  ]);
  assert.deepEqual(expandRule({ kind: 'monthly', day: 31 }, '2026-01-01', '2026-01-31', cal), []);
  // The 15th: Feb 15 2026 is in 春节 → 24 Feb; Mar 15 is a Sunday → 16 Mar.
  assert.deepEqual(expandRule({ kind: 'monthly', day: 15 }, '2026-01-01', '2026-04-30', cal), [
    '2026-01-15',
    '2026-02-24',
    '2026-03-16',
    '2026-04-15',
  ]);
});

test('nth_weekday: first Wednesday, last Friday, fifth Monday', () => {
  const firstWed = expandRule({ kind: 'nth_weekday', n: 1, weekday: 3 }, '2026-01-01', '2026-12-31', cal);
  assert.equal(firstWed.length, 12);
  assert.deepEqual(firstWed.slice(0, 3), ['2026-01-07', '2026-02-04', '2026-03-04']);
  assert.ok(firstWed.includes('2026-10-08')); // 7 Oct is in 国庆 → Thursday 8 Oct
  assert.deepEqual(expandRule({ kind: 'nth_weekday', n: -1, weekday: 5 }, '2026-01-01', '2026-03-31', cal), [
    '2026-01-30',
    '2026-02-27',
    '2026-03-27',
  ]);
  // Fifth Mondays of 2026: 30 Mar, 29 Jun, 31 Aug, 30 Nov.
  assert.deepEqual(expandRule({ kind: 'nth_weekday', n: 5, weekday: 1 }, '2026-01-01', '2026-12-31', cal), [
    '2026-03-30',
    '2026-06-29',
    '2026-08-31',
    '2026-11-30',
  ]);
});

test('market days on the lunar calendar (逢一四七)', () => {
  assert.equal(lunarDayOfMonth('2026-02-17'), 1); // 正月初一
  assert.equal(lunarDayOfMonth('2026-03-18'), 30);
  const days = expandRule({ kind: 'market_days', lunarDigits: [1, 4, 7] }, '2026-03-19', '2026-04-16', cal);
  // Lunar 二月 2026 begins on 19 Mar; its 1/4/7/11/14/17/21/24/27 fall on 19, 22, 25, 29 Mar,
  // 1, 4, 8, 11, 14 Apr. Weekends and 清明 (4–6 Apr) move to the next working day.
  assert.deepEqual(days, [
    '2026-03-19',
    '2026-03-23', // 22 Mar is a Sunday
    '2026-03-25',
    '2026-03-30', // 29 Mar is a Sunday
    '2026-04-01',
    '2026-04-07', // 4 Apr is 清明
    '2026-04-08',
    '2026-04-13', // 11 Apr is a Saturday
    '2026-04-14',
  ]);
});

test('market days on the Gregorian calendar, and explicit dates', () => {
  assert.deepEqual(
    expandRule(
      { kind: 'market_days', lunarDigits: [1], calendar: 'gregorian' },
      '2026-03-01',
      '2026-03-31',
      cal,
    ),
    ['2026-03-02', '2026-03-11', '2026-03-23', '2026-03-31'], // 1st, 21st Sundays/Saturdays move
  );
  assert.deepEqual(
    expandRule(
      { kind: 'market_days', dates: ['2026-03-10', '2026-03-14', '2026-03-16', '2026-05-01'] },
      '2026-03-01',
      '2026-03-31',
      cal,
    ),
    ['2026-03-10', '2026-03-16'], // 14 Mar (Sat) moves onto 16 Mar: one shift, not two
  );
});

test('a rule that yields nothing returns []', () => {
  assert.deepEqual(expandRule({ kind: 'market_days' }, '2026-03-01', '2026-03-31', cal), []);
  assert.deepEqual(expandRule({ kind: 'monthly', day: 20 }, '2026-03-01', '2026-03-10', cal), []);
  assert.deepEqual(
    expandRule({ kind: 'nth_weekday', n: 5, weekday: 1 }, '2026-02-01', '2026-02-28', cal),
    [],
  );
});

test('period boundaries: a rule date before `from` that moves into the period belongs to it', () => {
  // Sunday 1 Mar 2026 → Monday 2 Mar.
  assert.deepEqual(expandRule({ kind: 'weekly', weekday: 7 }, '2026-03-02', '2026-03-08', cal), [
    '2026-03-02',
  ]);
  // … and a period ending on that Sunday does not get it.
  assert.deepEqual(expandRule({ kind: 'weekly', weekday: 7 }, '2026-02-23', '2026-03-01', cal), [
    '2026-02-24', // Sunday 22 Feb (春节) → Tuesday 24 Feb
  ]);
});

test('errors: bad period, bad rule, missing calendar year', () => {
  assert.throws(
    () => expandRule({ kind: 'weekly', weekday: 1 }, '2026-03-31', '2026-03-01', cal),
    RangeError,
  );
  assert.throws(
    () => expandRule({ kind: 'weekly', weekday: 8 as never }, '2026-03-01', '2026-03-31', cal),
    RangeError,
  );
  assert.throws(
    () => expandRule({ kind: 'weekly', weekday: 1 }, '2026-12-01', '2027-01-31', cal),
    CalendarMissingError,
  );
  // The last covered day is fine, even with a weekend rule date on it.
  assert.deepEqual(expandRule({ kind: 'weekly', weekday: 6 }, '2026-12-01', '2026-12-31', cal), [
    '2026-12-07',
    '2026-12-14',
    '2026-12-21',
    '2026-12-28',
  ]);
});

test('rule validation', () => {
  assert.equal(isRotaRule({ kind: 'weekly', weekday: 3 }), true);
  assert.equal(isRotaRule({ kind: 'nth_weekday', n: -1, weekday: 7 }), true);
  assert.equal(isRotaRule({ kind: 'market_days', dates: ['2026-03-01'], lunarDigits: [0, 5] }), true);
  for (const bad of [
    null,
    {},
    { kind: 'daily' },
    { kind: 'weekly', weekday: 0 },
    { kind: 'monthly', day: 32 },
    { kind: 'monthly', day: 1.5 },
    { kind: 'nth_weekday', n: 0, weekday: 1 },
    { kind: 'nth_weekday', n: -2, weekday: 1 },
    { kind: 'market_days', dates: ['2026-02-30'] },
    { kind: 'market_days', lunarDigits: [10] },
    { kind: 'market_days', calendar: 'islamic' },
  ]) {
    assert.equal(isRotaRule(bad), false, JSON.stringify(bad));
    assert.ok(rotaRuleProblems(bad).length > 0);
  }
});

const ruleArb: fc.Arbitrary<RotaRule> = fc.oneof(
  fc.integer({ min: 1, max: 7 }).map((w) => ({ kind: 'weekly', weekday: w }) as RotaRule),
  fc.integer({ min: 1, max: 31 }).map((d) => ({ kind: 'monthly', day: d }) as RotaRule),
  fc
    .tuple(fc.constantFrom(1, 2, 3, 4, 5, -1), fc.integer({ min: 1, max: 7 }))
    .map(([n, w]) => ({ kind: 'nth_weekday', n, weekday: w }) as RotaRule),
  fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { maxLength: 3 }),
      fc.constantFrom('lunar', 'gregorian'),
    )
    .map(([digits, calendar]) => ({ kind: 'market_days', lunarDigits: digits, calendar }) as RotaRule),
);
const dayIn = (from: string, to: string) =>
  fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map((n) => addDays('1970-01-01', n));

test('property: results are sorted unique working days inside the period', () => {
  fc.assert(
    fc.property(
      ruleArb,
      dayIn('2024-01-01', '2026-10-31'),
      fc.integer({ min: 0, max: 60 }),
      (rule, from, len) => {
        const to = addDays(from, len);
        const days = expandRule(rule, from, to, cal);
        for (let i = 0; i < days.length; i++) {
          assert.ok(days[i] >= from && days[i] <= to);
          assert.equal(cal.isWorkingDay(days[i]), true);
          if (i > 0) assert.ok(days[i - 1] < days[i]);
        }
      },
    ),
    { numRuns: 200 },
  );
});

test('property: consecutive periods partition the shifts of their union', () => {
  fc.assert(
    fc.property(
      ruleArb,
      dayIn('2024-01-15', '2026-10-31'),
      fc.integer({ min: 0, max: 30 }),
      fc.integer({ min: 1, max: 30 }),
      (rule, from, a, b) => {
        const mid = addDays(from, a);
        const to = addDays(mid, b);
        const whole = expandRule(rule, from, to, cal);
        const parts = [...expandRule(rule, from, mid, cal), ...expandRule(rule, addDays(mid, 1), to, cal)];
        assert.deepEqual(parts, whole);
      },
    ),
    { numRuns: 200 },
  );
});

test('assignDeputiesFairly: plain round-robin', () => {
  const dates = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'];
  assert.deepEqual(
    assignDeputiesFairly(dates, ['a', 'b', 'c'], 1).map((s) => s.deputyIds.join('')),
    ['a', 'b', 'c', 'a', 'b', 'c'],
  );
  assert.deepEqual(
    assignDeputiesFairly(dates, ['a', 'b', 'c'], 2).map((s) => s.deputyIds.join('')),
    ['ab', 'ac', 'bc', 'ab', 'ac', 'bc'],
  );
});

test('assignDeputiesFairly: skips busy deputies and keeps the counts level', () => {
  const busy = (id: string, date: string) => id === 'a' && date === 'd1';
  const shifts = assignDeputiesFairly(['d1', 'd2', 'd3', 'd4'], ['a', 'b', 'c'], 1, busy);
  // b covers d1; c and a (no shift yet) come before b again.
  assert.deepEqual(
    shifts.map((s) => s.deputyIds.join('')),
    ['b', 'c', 'a', 'b'],
  );
  const allBusy = assignDeputiesFairly(['d1'], ['a', 'b'], 1, () => true);
  assert.deepEqual(allBusy, [{ date: 'd1', deputyIds: [] }]);
});

test('assignDeputiesFairly: no double booking, short shifts when not enough deputies', () => {
  const shifts = assignDeputiesFairly(['d1', 'd1', 'd2'], ['a', 'b', 'c'], 2);
  assert.deepEqual(shifts[0].deputyIds, ['a', 'b']);
  assert.deepEqual(shifts[1].deputyIds, ['c']); // the second d1 shift can only have c
  assert.deepEqual(assignDeputiesFairly(['d1'], [], 2), [{ date: 'd1', deputyIds: [] }]);
  assert.deepEqual(assignDeputiesFairly(['d1'], ['a', 'a'], 2), [{ date: 'd1', deputyIds: ['a'] }]);
  assert.throws(() => assignDeputiesFairly(['d1'], ['a'], 0), RangeError);
});

test('property: with nobody busy, shift counts differ by at most one', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 40 }),
      fc.uniqueArray(fc.string({ minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
      fc.integer({ min: 1, max: 5 }),
      (nDates, ids, perShift) => {
        const dates = Array.from({ length: nDates }, (_, i) => addDays('2026-03-02', i));
        const shifts = assignDeputiesFairly(dates, ids, perShift);
        const counts = new Map(ids.map((id) => [id, 0]));
        for (const s of shifts) {
          assert.equal(s.deputyIds.length, Math.min(perShift, ids.length));
          assert.equal(new Set(s.deputyIds).size, s.deputyIds.length);
          for (const id of s.deputyIds) counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        const values = [...counts.values()];
        assert.ok(Math.max(...values) - Math.min(...values) <= 1);
      },
    ),
  );
});

test('property: a busy deputy is never assigned, and no date books anyone twice', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('d1', 'd2', 'd3', 'd4'), { maxLength: 12 }),
      fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { minLength: 1 }),
      fc.integer({ min: 1, max: 3 }),
      fc.func(fc.boolean()),
      (dates, ids, perShift, busyFn) => {
        const busy = (id: string, date: string) => busyFn(id, date);
        const shifts = assignDeputiesFairly(dates, ids, perShift, busy);
        const booked = new Map<string, Set<string>>();
        for (const s of shifts) {
          const seen = booked.get(s.date) ?? new Set<string>();
          for (const id of s.deputyIds) {
            assert.equal(busy(id, s.date), false);
            assert.equal(seen.has(id), false);
            seen.add(id);
          }
          booked.set(s.date, seen);
        }
      },
    ),
  );
});
