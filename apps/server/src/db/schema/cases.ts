import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { categories, departments, stations } from './network.ts';
import { receptions } from './rota.ts';

/**
 * A case (意见/诉求): one opinion from registration to close-out. `status` and the due dates are a
 * projection of case_events, kept on the row so that queues and counts are one indexed read.
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull().unique(),
    regionCode: char('region_code', { length: 12 }).notNull(),
    stationId: uuid('station_id').references(() => stations.id),
    receptionId: uuid('reception_id').references(() => receptions.id),
    channel: text('channel').notNull(),
    categoryKey: text('category_key').references(() => categories.key),
    title: text('title').notNull(),
    content: text('content').notNull(),
    status: text('status').notNull(),
    urgency: text('urgency').notNull().default('normal'),
    /** Masked forms for display; the full values live only in the *_cipher columns (SM4). */
    personNameMasked: text('person_name_masked'),
    personPhoneMasked: text('person_phone_masked'),
    personNameCipher: text('person_name_cipher'),
    personPhoneCipher: text('person_phone_cipher'),
    anonymous: boolean('anonymous').notNull().default(false),
    consentPublish: boolean('consent_publish').notNull().default(false),
    leadDepartmentId: uuid('lead_department_id').references(() => departments.id),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    acceptDueAt: timestamp('accept_due_at', { withTimezone: true }),
    replyDueAt: timestamp('reply_due_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    reopenCount: integer('reopen_count').notNull().default(0),
    lastSeq: integer('last_seq').notNull().default(0),
    /** Han bigrams and words of title and content, for to_tsvector('simple', …) search. */
    searchTokens: text('search_tokens').notNull().default(''),
    createdBy: uuid('created_by'),
  },
  (t) => [
    index('cases_region_status_idx').on(t.regionCode, t.status),
    index('cases_region_registered_idx').on(t.regionCode, t.registeredAt),
    index('cases_lead_department_idx').on(t.leadDepartmentId, t.status),
    index('cases_reply_due_idx').on(t.replyDueAt),
    index('cases_search_idx').using('gin', sql`to_tsvector('simple', ${t.searchTokens})`),
    check(
      'cases_status_ck',
      sql`${t.status} in ('registered','triaged','assigned','accepted','replied','fed_back','rated','reopened','closed','withdrawn')`,
    ),
    check('cases_urgency_ck', sql`${t.urgency} in ('normal','urgent')`),
  ],
);

/** Departments handling a case: one lead (主办) and any co-handlers (协办). */
export const caseDepartments = pgTable(
  'case_departments',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    regionCode: char('region_code', { length: 12 }).notNull(),
    role: text('role').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.departmentId] }),
    index('case_departments_department_idx').on(t.departmentId),
    check('case_departments_role_ck', sql`${t.role} in ('lead','co')`),
  ],
);

/** Every transition of a case; the timeline, ledgers and statistics are read from here. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    regionCode: char('region_code', { length: 12 }).notNull(),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    payload: jsonb('payload').notNull().default({}),
  },
  (t) => [
    uniqueIndex('case_events_case_seq_uq').on(t.caseId, t.seq),
    index('case_events_region_at_idx').on(t.regionCode, t.at),
  ],
);

/** Per-county yearly counters behind the human-readable case number (LL-439901-2026-000123). */
export const caseNumberCounters = pgTable(
  'case_number_counters',
  {
    countyCode: char('county_code', { length: 6 }).notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.countyCode, t.year] })],
);
