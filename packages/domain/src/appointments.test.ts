import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bookingProblem, DEFAULT_BOOKING_CAPACITY, shiftCapacity, visitorProblems } from './appointments.ts';

const shift = { date: '2026-06-20', startTime: '09:00', status: 'published', capacity: 2, booked: 0 };

test('a published future shift with room is bookable', () => {
  assert.equal(bookingProblem(shift, '2026-06-15', '10:00'), null);
  assert.equal(bookingProblem(shift, '2026-06-20', '08:59'), null);
});

test('a full, started, past or cancelled shift is refused in Chinese', () => {
  assert.match(bookingProblem({ ...shift, booked: 2 }, '2026-06-15', '10:00') ?? '', /已满/);
  assert.match(bookingProblem(shift, '2026-06-20', '09:00') ?? '', /已过/);
  assert.match(bookingProblem(shift, '2026-06-21', '08:00') ?? '', /已过/);
  assert.match(bookingProblem({ ...shift, status: 'cancelled' }, '2026-06-15', '10:00') ?? '', /取消/);
});

test('capacity: the shift overrides the station, which overrides the default', () => {
  assert.equal(shiftCapacity(3, 5), 3);
  assert.equal(shiftCapacity(null, 5), 5);
  assert.equal(shiftCapacity(null, null), DEFAULT_BOOKING_CAPACITY);
});

test('visitor entries: name required, bounded, no invisible characters', () => {
  assert.deepEqual(visitorProblems({ name: '王五', topic: '' }), []);
  assert.match(visitorProblems({ name: '  ', topic: '' }).join(), /姓名/);
  assert.match(visitorProblems({ name: '王\u200b五', topic: '' }).join(), /不可见/);
  assert.match(visitorProblems({ name: '王'.repeat(31), topic: '' }).join(), /30/);
  assert.match(visitorProblems({ name: '王五', topic: '事'.repeat(201) }).join(), /200/);
});
