import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ATTENDANCE_RATE_DEFINITION, attendanceRate } from './attendance.ts';

test('counts deputies who attended at least what was required', () => {
  assert.deepEqual(
    attendanceRate([
      { deputyId: 'a', required: 4, attended: 4 },
      { deputyId: 'b', required: 4, attended: 5 },
      { deputyId: 'c', required: 4, attended: 3 },
      { deputyId: 'd', required: 2, attended: 0 },
    ]),
    { assigned: 4, attendedEnough: 2, rate: 0.5 },
  );
});

test('no deputies → rate 0', () => {
  assert.deepEqual(attendanceRate([]), { assigned: 0, attendedEnough: 0, rate: 0 });
  assert.deepEqual(attendanceRate([{ deputyId: 'a', required: 0, attended: 2 }]), {
    assigned: 0,
    attendedEnough: 0,
    rate: 0,
  });
});

test('rows of one deputy are summed', () => {
  // Station 1: 2 of 2; station 2: 0 of 2 → 2 of 4, not enough.
  assert.deepEqual(
    attendanceRate([
      { deputyId: 'a', required: 2, attended: 2 },
      { deputyId: 'a', required: 2, attended: 0 },
    ]),
    { assigned: 1, attendedEnough: 0, rate: 0 },
  );
});

test('rejects impossible counts', () => {
  assert.throws(() => attendanceRate([{ deputyId: 'a', required: -1, attended: 0 }]), RangeError);
  assert.throws(() => attendanceRate([{ deputyId: 'a', required: 1, attended: 0.5 }]), RangeError);
  assert.throws(() => attendanceRate([{ deputyId: 'a', required: Number.NaN, attended: 0 }]), RangeError);
});

test('the definition is written down in Chinese', () => {
  assert.match(ATTENDANCE_RATE_DEFINITION, /^进站率/);
});

test('property: 0 ≤ rate ≤ 1 and rate = attendedEnough / assigned', () => {
  const row = fc.record({
    deputyId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    required: fc.nat({ max: 6 }),
    attended: fc.nat({ max: 8 }),
  });
  fc.assert(
    fc.property(fc.array(row, { maxLength: 20 }), (rows) => {
      const r = attendanceRate(rows);
      assert.ok(r.rate >= 0 && r.rate <= 1);
      assert.ok(r.attendedEnough <= r.assigned);
      assert.equal(r.rate, r.assigned === 0 ? 0 : r.attendedEnough / r.assigned);
      // Order of rows does not matter.
      assert.deepEqual(attendanceRate([...rows].reverse()), r);
    }),
  );
});
