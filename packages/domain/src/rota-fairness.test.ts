import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays } from './dates.ts';
import { fullQuartersIn, planFairRota, quarterOf, quarterRange } from './rota-fairness.ts';

const MONTHLY_15TH = Array.from({ length: 12 }, (_, m) => `2027-${String(m + 1).padStart(2, '0')}-15`);

test('quarters: key, range, and the quarters a period covers in full', () => {
  assert.equal(quarterOf('2026-03-31'), '2026-Q1');
  assert.equal(quarterOf('2026-10-01'), '2026-Q4');
  assert.deepEqual(quarterRange('2024-Q1'), { from: '2024-01-01', to: '2024-03-31' });
  assert.deepEqual(quarterRange('2026-Q4'), { from: '2026-10-01', to: '2026-12-31' });
  assert.deepEqual(fullQuartersIn('2026-01-01', '2026-12-31'), ['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
  assert.deepEqual(fullQuartersIn('2026-11-25', '2026-12-31'), []);
  assert.deepEqual(fullQuartersIn('2026-02-01', '2027-01-31'), ['2026-Q2', '2026-Q3', '2026-Q4']);
});

test('plain round-robin would leave a deputy without a shift in a quarter; the plan does not', () => {
  // 12 monthly dates, 2 seats, 5 deputies: round-robin gives someone two shifts in Q1 and none in Q2.
  const ids = ['a', 'b', 'c', 'd', 'e'];
  const { shifts, shortfalls } = planFairRota({
    dates: MONTHLY_15TH,
    deputyIds: ids,
    perShift: 2,
    requiredPerQuarter: 1,
    quarters: fullQuartersIn('2027-01-01', '2027-12-31'),
  });
  assert.deepEqual(shortfalls, []);
  for (const q of ['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4']) {
    const inQ = shifts.filter((s) => quarterOf(s.date) === q).flatMap((s) => s.deputyIds);
    for (const id of ids) assert.ok(inQ.includes(id), `${id} in ${q}`);
  }
  // Still fair over the year: 24 seats over 5 deputies, 4 or 5 each.
  const counts = ids.map((id) => shifts.filter((s) => s.deputyIds.includes(id)).length);
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, String(counts));
  assert.ok(shifts.every((s) => s.deputyIds.length === 2));
});

test('names the deputies a rule cannot cover: too few seats in a quarter', () => {
  const { shortfalls } = planFairRota({
    dates: MONTHLY_15TH.slice(0, 3),
    deputyIds: ['a', 'b', 'c', 'd'],
    perShift: 1,
    requiredPerQuarter: 1,
    quarters: ['2027-Q1'],
  });
  assert.equal(shortfalls.length, 1);
  assert.deepEqual(shortfalls[0], { deputyId: 'd', quarter: '2027-Q1', required: 1, planned: 0 });
});

test('a deputy booked elsewhere on every date of a quarter is a shortfall; shifts held elsewhere count', () => {
  const input = {
    dates: MONTHLY_15TH.slice(0, 3),
    deputyIds: ['a', 'b'],
    perShift: 1,
    requiredPerQuarter: 1,
    quarters: ['2027-Q1'],
    busy: (id: string) => id === 'b',
  };
  assert.deepEqual(
    planFairRota(input).shortfalls.map((s) => s.deputyId),
    ['b'],
  );
  // b already has a shift this quarter at another station: the requirement is met.
  const met = planFairRota({ ...input, already: (id) => (id === 'b' ? 1 : 0) });
  assert.deepEqual(met.shortfalls, []);
  assert.ok(met.shifts.every((s) => !s.deputyIds.includes('b')));
});

test('the requirement is found by moving deputies when a greedy choice would block it', () => {
  // b is free only on the 1st; a is free on both. A greedy pick of a for the 1st would strand b.
  const { shifts, shortfalls } = planFairRota({
    dates: ['2027-01-15', '2027-02-15'],
    deputyIds: ['a', 'b'],
    perShift: 1,
    requiredPerQuarter: 1,
    quarters: ['2027-Q1'],
    busy: (id, date) => id === 'b' && date === '2027-02-15',
  });
  assert.deepEqual(shortfalls, []);
  assert.deepEqual(
    shifts.map((s) => s.deputyIds),
    [['b'], ['a']],
  );
});

test('property: when every quarter has room, everyone gets the requirement; never busy, never twice a day', () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: 364 }), { minLength: 4, maxLength: 60 }),
      fc.uniqueArray(fc.string({ minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 10 }),
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 2 }),
      fc.func(fc.integer({ min: 0, max: 9 })),
      (days, ids, perShift, required, noise) => {
        const dates = days.sort((a, b) => a - b).map((d) => addDays('2027-01-01', d));
        const busy = (id: string, date: string) => noise(id, date) === 0;
        const quarters = fullQuartersIn('2027-01-01', '2027-12-31');
        const { shifts, shortfalls } = planFairRota({
          dates,
          deputyIds: ids,
          perShift,
          busy,
          requiredPerQuarter: required,
          quarters,
        });
        for (const s of shifts) {
          assert.equal(new Set(s.deputyIds).size, s.deputyIds.length);
          assert.ok(s.deputyIds.length <= perShift);
          for (const id of s.deputyIds) assert.equal(busy(id, s.date), false);
        }
        const short = new Set(shortfalls.map((s) => `${s.deputyId}|${s.quarter}`));
        for (const q of quarters) {
          for (const id of ids) {
            const got = shifts.filter((s) => quarterOf(s.date) === q && s.deputyIds.includes(id)).length;
            assert.equal(got < required, short.has(`${id}|${q}`), `${id} ${q} got ${got}`);
          }
          // With nobody busy and enough seats, there is no shortfall.
          const qDates = dates.filter((d) => quarterOf(d) === q);
          const roomy =
            qDates.length >= required &&
            qDates.length * Math.min(perShift, ids.length) >= ids.length * required &&
            qDates.every((d) => ids.every((id) => !busy(id, d)));
          if (roomy) assert.ok(![...short].some((k) => k.endsWith(`|${q}`)), `room in ${q}`);
        }
      },
    ),
  );
});
