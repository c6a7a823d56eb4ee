import { sql } from 'drizzle-orm';
import {
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { deputies, stations } from './network.ts';

/** A station's rota rule (weekly, monthly, n-th weekday, market days) and who rotates through it. */
export const rotaRules = pgTable(
  'rota_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: char('region_code', { length: 12 }).notNull(),
    stationId: uuid('station_id')
      .notNull()
      .references(() => stations.id),
    rule: jsonb('rule').notNull(),
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    perShift: integer('per_shift').notNull(),
    deputyIds: jsonb('deputy_ids').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('rota_rules_station_idx').on(t.stationId)],
);

/** A reception shift (接待日): one day, one station, named deputies. */
export const rotaShifts = pgTable(
  'rota_shifts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: char('region_code', { length: 12 }).notNull(),
    stationId: uuid('station_id')
      .notNull()
      .references(() => stations.id),
    date: date('date', { mode: 'string' }).notNull(),
    startTime: text('start_time').notNull().default('09:00'),
    endTime: text('end_time').notNull().default('11:30'),
    status: text('status').notNull().default('published'),
    ruleId: uuid('rule_id'),
    /** Bookings this shift takes (null: the station's capacity). */
    capacity: integer('capacity'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('rota_shifts_region_date_idx').on(t.regionCode, t.date),
    index('rota_shifts_station_date_idx').on(t.stationId, t.date),
    check('rota_shifts_status_ck', sql`${t.status} in ('draft','published','cancelled')`),
  ],
);

/** A deputy rostered on a shift and whether they came (进站). One row per deputy per shift. */
export const shiftDeputies = pgTable(
  'shift_deputies',
  {
    shiftId: uuid('shift_id')
      .notNull()
      .references(() => rotaShifts.id),
    deputyId: uuid('deputy_id')
      .notNull()
      .references(() => deputies.id),
    regionCode: char('region_code', { length: 12 }).notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    attendance: text('attendance').notNull().default('pending'),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    checkInMethod: text('check_in_method'),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.shiftId, t.deputyId] }),
    index('shift_deputies_deputy_date_idx').on(t.deputyId, t.date),
    index('shift_deputies_region_date_idx').on(t.regionCode, t.date),
    check('shift_deputies_attendance_ck', sql`${t.attendance} in ('pending','present','late','absent')`),
    check(
      'shift_deputies_method_ck',
      sql`${t.checkInMethod} is null or ${t.checkInMethod} in ('qr','officer')`,
    ),
  ],
);

/** 接待选民登记簿: one row per person received. */
export const receptions = pgTable(
  'receptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: char('region_code', { length: 12 }).notNull(),
    stationId: uuid('station_id')
      .notNull()
      .references(() => stations.id),
    shiftId: uuid('shift_id').references(() => rotaShifts.id),
    deputyId: uuid('deputy_id').references(() => deputies.id),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    visitorName: text('visitor_name').notNull(),
    visitorPhoneCipher: text('visitor_phone_cipher'),
    summary: text('summary').notNull(),
    recordedBy: uuid('recorded_by'),
    caseId: uuid('case_id'),
  },
  (t) => [index('receptions_region_at_idx').on(t.regionCode, t.receivedAt)],
);

/** Swaps and substitutes (换班/替班): who replaced whom on a shift, and why. */
export const shiftSwaps = pgTable(
  'shift_swaps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    shiftId: uuid('shift_id')
      .notNull()
      .references(() => rotaShifts.id),
    regionCode: char('region_code', { length: 12 }).notNull(),
    fromDeputyId: uuid('from_deputy_id').notNull(),
    toDeputyId: uuid('to_deputy_id').notNull(),
    reason: text('reason').notNull(),
    by: uuid('by'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('shift_swaps_shift_idx').on(t.shiftId)],
);
