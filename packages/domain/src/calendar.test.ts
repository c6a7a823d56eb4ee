import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  CalendarMissingError,
  calendarDayDeadline,
  DEFAULT_DEADLINES,
  endOfShanghaiDay,
  HolidayCalendar,
  shanghaiDate,
  startOfShanghaiDay,
  workingDayDeadline,
} from './calendar.ts';
import { addDays, isoWeekday, toDayNumber } from './dates.ts';
import { DEFAULT_CALENDAR_ENTRIES, DEFAULT_CALENDAR_YEARS } from './holidays.ts';
import { statutoryHolidays } from './statutory-days.ts';

const cal = new HolidayCalendar(DEFAULT_CALENDAR_ENTRIES);

test('the default calendar covers 2024–2026', () => {
  assert.deepEqual(cal.years, [2024, 2025, 2026]);
  assert.deepEqual(cal.years, [...DEFAULT_CALENDAR_YEARS]);
});

test('every make-up working day is a weekend day; no date is listed twice', () => {
  const seen = new Set<string>();
  for (const e of DEFAULT_CALENDAR_ENTRIES) {
    assert.equal(seen.has(e.date), false, e.date);
    seen.add(e.date);
    if (e.kind === 'workday') assert.ok(isoWeekday(e.date) >= 6, `${e.date} ${e.name}`);
  }
});

test('statutory holiday counts per year match the notices', () => {
  // Weekday holidays are the days that actually cost a working day.
  const weekdayHolidays = (y: number) =>
    DEFAULT_CALENDAR_ENTRIES.filter(
      (e) => e.kind === 'holiday' && e.date.startsWith(`${y}-`) && isoWeekday(e.date) <= 5,
    ).length;
  const workdays = (y: number) =>
    DEFAULT_CALENDAR_ENTRIES.filter((e) => e.kind === 'workday' && e.date.startsWith(`${y}-`)).length;
  // 11 statutory days in 2024, 13 from 2025 (春节 and 劳动节 each one more).
  assert.equal(weekdayHolidays(2024) - workdays(2024), 11);
  assert.equal(weekdayHolidays(2025) - workdays(2025), 13);
  assert.equal(weekdayHolidays(2026) - workdays(2026), 13);
});

test('golden: weekday holidays, 调休 weekend working days and ordinary days', () => {
  const golden: [string, boolean][] = [
    ['2024-01-01', false], // 元旦, Monday
    ['2024-02-04', true], // Sunday worked for 春节
    ['2024-02-09', true], // 除夕 2024 was an ordinary Friday
    ['2024-02-12', false], // 春节
    ['2024-02-18', true], // Sunday worked for 春节
    ['2024-05-11', true], // Saturday worked for 劳动节
    ['2024-10-07', false], // 国庆
    ['2024-10-12', true], // Saturday worked for 国庆
    ['2025-01-26', true], // Sunday worked for 春节
    ['2025-01-28', false], // 除夕 is a statutory holiday from 2025
    ['2025-02-04', false], // 正月初七
    ['2025-02-05', true],
    ['2025-02-08', true], // Saturday worked
    ['2025-04-27', true], // Sunday worked for 劳动节
    ['2025-05-05', false],
    ['2025-06-02', false], // 端午 Monday
    ['2025-10-08', false], // 8-day 国庆+中秋
    ['2025-10-11', true], // Saturday worked
    ['2026-01-02', false],
    ['2026-01-04', true], // Sunday worked for 元旦
    ['2026-02-14', true], // Saturday worked for 春节
    ['2026-02-23', false], // 9-day 春节 ends on a Monday
    ['2026-02-24', true],
    ['2026-02-28', true], // Saturday worked for 春节
    ['2026-05-09', true],
    ['2026-09-20', true], // Sunday worked for 国庆
    ['2026-10-10', true], // Saturday worked for 国庆
    ['2026-03-07', false], // ordinary Saturday
    ['2026-03-09', true], // ordinary Monday
  ];
  for (const [date, working] of golden) assert.equal(cal.isWorkingDay(date), working, date);
});

test('golden: adding working days across the 春节 and 国庆 blocks', () => {
  // 2025-01-27 (Monday) + 1: 28th–4th are holidays → Wednesday 5 Feb.
  assert.equal(cal.addWorkingDays('2025-01-27', 1), '2025-02-05');
  // From Friday 24 Jan 2025: Sunday 26 Jan is a working day.
  assert.equal(cal.addWorkingDays('2025-01-24', 1), '2025-01-26');
  assert.equal(cal.addWorkingDays('2025-01-24', 2), '2025-01-27');
  assert.equal(cal.addWorkingDays('2025-01-24', 3), '2025-02-05');
  // 2026 春节: Friday 13 Feb + 1 → Saturday 14 Feb (调休); + 2 → Tuesday 24 Feb.
  assert.equal(cal.addWorkingDays('2026-02-13', 1), '2026-02-14');
  assert.equal(cal.addWorkingDays('2026-02-13', 2), '2026-02-24');
  // 国庆 2024: Monday 30 Sep + 2 → 8 Oct, 9 Oct.
  assert.equal(cal.addWorkingDays('2024-09-30', 2), '2024-10-09');
  // 15 working days from Friday 2025-09-26: 28 Sep (Sun) counts, 1–8 Oct do not, 11 Oct (Sat) does.
  assert.equal(cal.addWorkingDays('2025-09-26', 15), '2025-10-23');
  assert.equal(cal.countWorkingDays('2025-09-26', '2025-10-23'), 15);
  assert.equal(cal.addWorkingDays('2025-09-26', 0), '2025-09-26');
});

test('countWorkingDays counts (from, to] and is antisymmetric', () => {
  assert.equal(cal.countWorkingDays('2026-03-09', '2026-03-09'), 0);
  assert.equal(cal.countWorkingDays('2026-03-09', '2026-03-10'), 1);
  assert.equal(cal.countWorkingDays('2026-03-06', '2026-03-09'), 1); // Fri → Mon
  assert.equal(cal.countWorkingDays('2026-02-13', '2026-02-24'), 2);
  assert.equal(cal.countWorkingDays('2026-02-24', '2026-02-13'), -2);
  // Whole years: 262 weekdays − 11 statutory days in 2024; 261 − 13 in 2025 and 2026 (the 调休
  // make-up days exactly repay the extra weekday holidays).
  assert.equal(cal.countWorkingDays('2023-12-31', '2024-12-31'), 251);
  assert.equal(cal.countWorkingDays('2024-12-31', '2025-12-31'), 248);
  assert.equal(cal.countWorkingDays('2025-12-31', '2026-12-31'), 248);
});

test('a year not covered throws CalendarMissingError, never guesses', () => {
  assert.throws(
    () => cal.isWorkingDay('2027-03-01'),
    (e: unknown) => e instanceof CalendarMissingError && e.year === 2027 && e.code === 'calendar_missing',
  );
  assert.throws(() => cal.countWorkingDays('2023-12-25', '2024-01-05'), CalendarMissingError);
  assert.throws(() => cal.addWorkingDays('2027-12-30', 5), CalendarMissingError);
  assert.equal(cal.coversYear(2027), false);
  // A year declared with no entries is covered on purpose: weekends only.
  const bare = new HolidayCalendar([], [2030]);
  assert.equal(bare.isWorkingDay('2030-10-01'), true);
  assert.throws(() => bare.isWorkingDay('2031-01-01'), CalendarMissingError);
  assert.equal(new HolidayCalendar([]).provisionalYear, null);
});

test('deadlines reach into the year after the last covered one on its statutory days, provisionally', () => {
  assert.equal(cal.provisionalYear, 2027);
  // 31 Dec (Thu) is 1; 1 Jan 2027 (Fri, 元旦) is not counted; 4–7 Jan are 2–5.
  assert.equal(cal.addWorkingDays('2026-12-30', 5), '2027-01-07');
  assert.equal(cal.countWorkingDays('2026-12-30', '2027-01-07'), 5);
  // 春节 2027: 除夕 5 Feb (Fri) to 初三 8 Feb (Mon); 4 Feb (Thu) + 1 working day is 9 Feb.
  assert.equal(cal.addWorkingDays('2027-02-04', 1), '2027-02-09');
  assert.equal(cal.isProvisional('2027-01-07'), true);
  assert.equal(cal.isProvisional('2026-12-31'), false);
  // The rota and anything else that asks about a day itself still gets the refusal.
  assert.throws(() => cal.isWorkingDay('2027-01-04'), CalendarMissingError);
  // A year partly entered stays provisional, its entered lines counting: a 调休 day worked.
  const partly = new HolidayCalendar([
    ...DEFAULT_CALENDAR_ENTRIES,
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-01-02', kind: 'workday', name: '元旦' },
  ]);
  assert.deepEqual(partly.years, [2024, 2025, 2026]);
  assert.equal(partly.addWorkingDays('2026-12-31', 1), '2027-01-02');
  // Entered in full (every statutory day), it is covered, and the next year is provisional.
  const later = new HolidayCalendar([...DEFAULT_CALENDAR_ENTRIES, ...statutoryHolidays(2027)]);
  assert.deepEqual(later.years, [2024, 2025, 2026, 2027]);
  assert.equal(later.provisionalYear, 2028);
  assert.equal(later.isProvisional('2027-01-07'), false);
});

test('the statutory days of the law match every notice published under it', () => {
  const noticed = new Set(DEFAULT_CALENDAR_ENTRIES.filter((e) => e.kind === 'holiday').map((e) => e.date));
  for (const year of [2025, 2026]) {
    const days = statutoryHolidays(year);
    assert.equal(new Set(days.map((d) => d.date)).size, 13, `${year}`);
    for (const d of days)
      assert.ok(noticed.has(d.date), `${year}: ${d.name} ${d.date} is a holiday in the notice`);
  }
  const spring2027 = statutoryHolidays(2027)
    .filter((d) => d.name === '春节')
    .map((d) => d.date);
  assert.deepEqual(spring2027, ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
  assert.throws(() => statutoryHolidays(2024), RangeError);
});

test('the calendar refuses bad data and bad arguments', () => {
  assert.throws(
    () =>
      new HolidayCalendar([
        { date: '2026-01-04', kind: 'workday', name: 'x' },
        { date: '2026-01-04', kind: 'holiday', name: 'y' },
      ]),
    RangeError,
  );
  assert.throws(() => new HolidayCalendar([{ date: '2026-02-30', kind: 'holiday', name: 'x' }]), RangeError);
  assert.throws(() => cal.addWorkingDays('2026-03-09', -1), RangeError);
  assert.throws(() => cal.addWorkingDays('2026-03-09', 1.5), RangeError);
  assert.throws(() => cal.isWorkingDay('2026-3-9'), RangeError);
});

test('the default entries are frozen', () => {
  assert.throws(() => (DEFAULT_CALENDAR_ENTRIES as unknown[]).push({}), TypeError);
});

const dayArb = (from: string, to: string) =>
  fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map((n) => addDays('1970-01-01', n));

test('property: addWorkingDays lands on a working day, and count undoes add', () => {
  fc.assert(
    fc.property(dayArb('2024-01-01', '2026-09-30'), fc.integer({ min: 1, max: 50 }), (d, n) => {
      const r = cal.addWorkingDays(d, n);
      assert.equal(cal.isWorkingDay(r), true);
      assert.ok(r > d);
      assert.equal(cal.countWorkingDays(d, r), n);
      // Every day strictly between d and r that is a working day was counted: r is the n-th.
      assert.equal(cal.countWorkingDays(d, addDays(r, -1)), n - 1);
    }),
    { numRuns: 500 },
  );
});

test('property: addWorkingDays is strictly monotonic in n', () => {
  fc.assert(
    fc.property(
      dayArb('2024-01-01', '2026-09-30'),
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: 1, max: 10 }),
      (d, n, k) => {
        assert.ok(cal.addWorkingDays(d, n) < cal.addWorkingDays(d, n + k));
      },
    ),
    { numRuns: 300 },
  );
});

test('property: countWorkingDays is additive over adjacent intervals', () => {
  fc.assert(
    fc.property(
      dayArb('2024-01-01', '2026-12-31'),
      dayArb('2024-01-01', '2026-12-31'),
      dayArb('2024-01-01', '2026-12-31'),
      (a, b, c) => {
        assert.equal(cal.countWorkingDays(a, c), cal.countWorkingDays(a, b) + cal.countWorkingDays(b, c));
      },
    ),
    { numRuns: 100 },
  );
});

test('shanghaiDate is the +08:00 day whatever the process TZ', () => {
  assert.equal(shanghaiDate(new Date('2026-03-08T15:59:59.999Z')), '2026-03-08');
  assert.equal(shanghaiDate(new Date('2026-03-08T16:00:00.000Z')), '2026-03-09');
  assert.equal(shanghaiDate(new Date('2025-12-31T16:30:00Z')), '2026-01-01');
  assert.throws(() => shanghaiDate(new Date('nope')), RangeError);
  fc.assert(
    fc.property(
      fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
      (t) => {
        const day = shanghaiDate(t);
        assert.ok(startOfShanghaiDay(day).getTime() <= t.getTime());
        assert.ok(t.getTime() <= endOfShanghaiDay(day).getTime());
      },
    ),
  );
});

test('end and start of a Shanghai day', () => {
  assert.equal(endOfShanghaiDay('2026-03-09').toISOString(), '2026-03-09T15:59:59.999Z');
  assert.equal(startOfShanghaiDay('2026-03-09').toISOString(), '2026-03-08T16:00:00.000Z');
});

test('workingDayDeadline: Friday evening + 2 working days is Tuesday 23:59:59.999 +08:00', () => {
  // 2026-03-13 is a Friday; 22:00 in Shanghai is 14:00Z.
  const due = workingDayDeadline(cal, new Date('2026-03-13T14:00:00Z'), DEFAULT_DEADLINES.acceptWorkingDays);
  assert.equal(due.toISOString(), '2026-03-17T15:59:59.999Z');
  // 23:30 Shanghai on Friday 13 Feb 2026 (15:30Z): the next working days are Sat 14 Feb, Tue 24 Feb.
  assert.equal(
    workingDayDeadline(cal, new Date('2026-02-13T15:30:00Z'), 2).toISOString(),
    '2026-02-24T15:59:59.999Z',
  );
  // 00:30 Shanghai on Saturday 14 Feb 2026 is 16:30Z on the 13th: counting starts from the 14th.
  assert.equal(
    workingDayDeadline(cal, new Date('2026-02-13T16:30:00Z'), 1).toISOString(),
    '2026-02-24T15:59:59.999Z',
  );
});

test('calendarDayDeadline counts plain days', () => {
  assert.equal(
    calendarDayDeadline(new Date('2026-03-13T14:00:00Z'), DEFAULT_DEADLINES.ratingWaitDays).toISOString(),
    '2026-03-20T15:59:59.999Z',
  );
  assert.deepEqual(
    { ...DEFAULT_DEADLINES },
    { acceptWorkingDays: 2, replyWorkingDays: 15, eventQuestionCalendarDays: 30, ratingWaitDays: 7 },
  );
});
