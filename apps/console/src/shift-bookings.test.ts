/// <reference types="node" />
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bookingRegisterRow, bookingState, type ShiftBooking } from './shift-bookings.ts';

const booking = (over: Partial<ShiftBooking> = {}): ShiftBooking => ({
  id: 'b1',
  reference: 'K7QX2M9P',
  visitorName: '王小二',
  phone: '139****1234',
  topic: '村口路灯不亮',
  status: 'booked',
  createdAt: '2026-06-15T02:00:00.000Z',
  ...over,
});

test('a booked person who comes is carried into the register with the topic and the reference', () => {
  assert.deepEqual(bookingRegisterRow(booking()), {
    visitorName: '王小二',
    summary: '村口路灯不亮（预约号 K7QX2M9P）',
  });
  // Without a topic the row still says which booking it was; the officer writes what was raised.
  assert.equal(bookingRegisterRow(booking({ topic: '  ' })).summary, '预约号 K7QX2M9P');
});

test('a booking counts as come once a register row carries its reference, not by the name alone', () => {
  const b = booking();
  assert.equal(bookingState(b, []), 'booked');
  // Someone of the same name registered for another matter does not mark the booking.
  assert.equal(bookingState(b, [{ summary: '王小二反映低保的事' }]), 'booked');
  assert.equal(bookingState(b, [{ summary: '预约号 K7QX2M90' }]), 'booked');
  // The row made from the booking, even after the officer rewrote what was raised.
  assert.equal(bookingState(b, [{ summary: bookingRegisterRow(b).summary }]), 'arrived');
  assert.equal(bookingState(b, [{ summary: '路灯三盏不亮，已联系电工（预约号 K7QX2M9P）' }]), 'arrived');
});

test('a cancelled booking stays cancelled, whatever the register says', () => {
  const b = booking({ status: 'cancelled' });
  assert.equal(bookingState(b, [{ summary: bookingRegisterRow(b).summary }]), 'cancelled');
});
