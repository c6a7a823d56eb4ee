import { sql } from 'drizzle-orm';
import { char, check, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { stations } from './network.ts';
import { rotaShifts } from './rota.ts';

/**
 * 预约代表: a person books a published reception shift (or asks for another time) from the
 * station's public page. Staff see it in that shift's visitor register; the person gets a
 * confirmation and a reminder the day before through the outbox.
 */
export const appointments = pgTable(
  'appointments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: char('region_code', { length: 12 }).notNull(),
    stationId: uuid('station_id')
      .notNull()
      .references(() => stations.id),
    /** Null for a request for another time (另约时间). */
    shiftId: uuid('shift_id').references(() => rotaShifts.id),
    /** The day asked for when no shift fits (another time), free text about when in `preferredTime`. */
    preferredDate: date('preferred_date', { mode: 'string' }),
    preferredTime: text('preferred_time').notNull().default(''),
    /** Short human reference read out at the station (YY-XXXXXX). */
    reference: text('reference').notNull().unique(),
    visitorName: text('visitor_name').notNull(),
    phoneCipher: text('phone_cipher').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    /** Blind index of the phone: one booking per person per shift, found without decrypting. */
    phoneIndex: text('phone_index').notNull(),
    topic: text('topic').notNull().default(''),
    status: text('status').notNull().default('booked'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
  },
  (t) => [
    index('appointments_shift_idx').on(t.shiftId),
    uniqueIndex('appointments_shift_phone_uq').on(t.shiftId, t.phoneIndex).where(sql`${t.status} = 'booked'`),
    index('appointments_remind_idx').on(t.shiftId).where(sql`${t.remindedAt} is null`),
    index('appointments_station_idx').on(t.stationId, t.createdAt),
    check('appointments_status_ck', sql`${t.status} in ('booked','requested','cancelled')`),
  ],
);
