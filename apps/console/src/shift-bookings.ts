/**
 * The bookings of a shift (预约代表, made on the public booking page) as the visitor register
 * shows them. Pure, so the rule "which booking has come to the desk" is tested without a browser.
 */
import type { ShiftDetail } from './api/types.ts';

/** A booking of one shift, as the shift detail gives it (the phone comes masked). */
export type ShiftBooking = ShiftDetail['bookings'][number];

/** Where a booking stands in the register: expected, registered at the desk, or cancelled. */
export type BookingState = 'booked' | 'arrived' | 'cancelled' | 'requested';

/**
 * The mark a register row carries when it was made from a booking: the row's summary names the
 * booking's reference, so the register shows which booking came without a second table.
 */
const bookingMark = (reference: string) => `预约号 ${reference}`;

/** What the register's form takes over when the booked person comes (到站登记). */
export function bookingRegisterRow(b: ShiftBooking): { visitorName: string; summary: string } {
  const topic = b.topic.trim();
  return {
    visitorName: b.visitorName,
    summary: topic ? `${topic}（${bookingMark(b.reference)}）` : bookingMark(b.reference),
  };
}

/** A booking has come once a row of the register carries its mark; a cancelled one stays cancelled. */
export function bookingState(b: ShiftBooking, rows: readonly { summary: string }[]): BookingState {
  if (b.status === 'cancelled' || b.status === 'requested') return b.status;
  const mark = bookingMark(b.reference);
  return rows.some((r) => r.summary.includes(mark)) ? 'arrived' : 'booked';
}
