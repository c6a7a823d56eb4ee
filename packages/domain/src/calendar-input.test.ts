import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calendarEntryProblems, calendarWarnings, calendarYearRange } from './calendar-input.ts';
import { DEFAULT_CALENDAR_ENTRIES } from './holidays.ts';

const TODAY = '2026-11-25';

test('the shipped 2024–2026 notices pass the checks an administrator’s entries go through', () => {
  assert.deepEqual(calendarEntryProblems(DEFAULT_CALENDAR_ENTRIES, TODAY), []);
});

test('entries may fall from 2000 to next year, nothing later', () => {
  assert.deepEqual(calendarYearRange(TODAY), { min: 2000, max: 2027 });
  assert.deepEqual(calendarEntryProblems([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }], TODAY), []);
  const [p] = calendarEntryProblems([{ date: '2028-01-01', kind: 'holiday', name: '元旦' }], TODAY);
  assert.match(p!, /只能录入2000年至2027年/);
  assert.equal(
    calendarEntryProblems([{ date: '1999-10-01', kind: 'holiday', name: '国庆节' }], TODAY).length,
    1,
  );
});

test('a bad day, a weekday 调休, a missing name, and one date twice are each named', () => {
  const problems = calendarEntryProblems(
    [
      { date: '2027-02-30', kind: 'holiday', name: '春节' },
      { date: '2027-02-08', kind: 'workday', name: '春节' }, // a Monday
      { date: '2027-01-01', kind: 'holiday', name: '  ' },
      { date: '2027-10-02', kind: 'holiday', name: '国庆节' },
      { date: '2027-10-02', kind: 'workday', name: '国庆节' }, // a Saturday
    ],
    TODAY,
  );
  assert.equal(problems.length, 4, problems.join('\n'));
  assert.match(problems[0]!, /日期不正确：2027-02-30/);
  assert.match(problems[1]!, /调休上班日应为星期六或星期日/);
  assert.match(problems[2]!, /节日名称/);
  assert.match(problems[3]!, /同时被录入为放假和调休上班/);
});

test('next year is wanted from 1 November; the current year always', () => {
  assert.deepEqual(calendarWarnings('2026-10-31', [2024, 2025, 2026]), []);
  assert.deepEqual(calendarWarnings('2026-11-01', [2024, 2025, 2026]), [{ year: 2027, reason: 'next_year' }]);
  assert.deepEqual(calendarWarnings('2026-11-25', [2025, 2026, 2027]), []);
  assert.deepEqual(calendarWarnings('2027-01-04', [2025, 2026]), [{ year: 2027, reason: 'current_year' }]);
  assert.deepEqual(calendarWarnings('2027-12-31', [2026]), [
    { year: 2027, reason: 'current_year' },
    { year: 2028, reason: 'next_year' },
  ]);
});
