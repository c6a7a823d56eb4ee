import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  date,
  doublePrecision,
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
    /**
     * The deadlines reach into a year whose holiday notice is not yet entered (暂定): counted on its
     * statutory days, recomputed when the notice is entered.
     */
    deadlineProvisional: boolean('deadline_provisional').notNull().default(false),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** Handling level (county/town/village) and, with urgency, the deadline limits that apply. */
    level: text('level').notNull().default('county'),
    addressMasked: text('address_masked'),
    addressCipher: text('address_cipher'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    idNumberMasked: text('id_number_masked'),
    idNumberCipher: text('id_number_cipher'),
    /** HMAC-SM3 blind index of the phone, to find a person's cases without decrypting. */
    personPhoneIndex: text('person_phone_index'),
    commonIssueId: uuid('common_issue_id'),
    /** 督办: none / ordinary / key (重点督办). */
    supervision: text('supervision').notNull().default('none'),
    supervisedAt: timestamp('supervised_at', { withTimezone: true }),
    /**
     * Set when a deadline (acceptance or reply) passed (overdue marking) and the case escalated to
     * the region in `escalatedTo`.
     */
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    escalatedTo: char('escalated_to', { length: 12 }),
    ratingDueAt: timestamp('rating_due_at', { withTimezone: true }),
    lastSatisfaction: text('last_satisfaction'),
    /** The "will resolve" date awaiting a revisit (答复承诺), mirrored from the commitments ledger. */
    commitmentDate: date('commitment_date', { mode: 'string' }),
    commitmentDue: boolean('commitment_due').notNull().default(false),
    publicText: text('public_text'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    lastSeq: integer('last_seq').notNull().default(0),
    /** Han bigrams and words of title and content, for to_tsvector('simple', …) search. */
    searchTokens: text('search_tokens').notNull().default(''),
    createdBy: uuid('created_by'),
  },
  (t) => [
    index('cases_region_status_idx').on(t.regionCode, t.status),
    index('cases_region_registered_idx').on(t.regionCode, t.registeredAt),
    index('cases_lead_department_idx').on(t.leadDepartmentId, t.status, t.replyDueAt),
    index('cases_status_region_idx').on(t.status, t.regionCode, t.replyDueAt),
    index('cases_commitment_due_idx').on(t.regionCode).where(sql`${t.commitmentDue}`),
    // The work-queue counts of a whole county read only this (an index-only scan of the open
    // cases, a few percent of the table), never the closed history. Overdue reads both deadlines.
    index('cases_open_queue_idx')
      .on(t.regionCode, t.status, t.replyDueAt, t.acceptDueAt, t.commitmentDue)
      .where(
        sql`${t.status} in ('registered','triaged','assigned','accepted','replied','fed_back','rated','reopened')`,
      ),
    index('cases_reply_due_idx').on(t.replyDueAt),
    index('cases_search_idx').using('gin', sql`to_tsvector('simple', ${t.searchTokens})`),
    index('cases_supervision_idx')
      .on(t.regionCode, t.registeredAt)
      .where(sql`${t.supervision} <> 'none' or ${t.overdueAt} is not null`),
    index('cases_common_issue_idx').on(t.commonIssueId),
    index('cases_published_idx').on(t.regionCode, t.publishedAt).where(sql`${t.publishedAt} is not null`),
    // The similar-case index reads the cases registered since it last looked, on every request,
    // and pages through the window at start-up: (registered_at, id) without a scan of the table.
    index('cases_registered_idx').on(t.registeredAt, t.id),
    // A person's other cases at intake (同一人重复反映), found by the phone's blind index.
    index('cases_person_phone_idx')
      .on(t.personPhoneIndex, t.registeredAt)
      .where(sql`${t.personPhoneIndex} is not null`),
    check('cases_level_ck', sql`${t.level} in ('county','town','village')`),
    check('cases_supervision_ck', sql`${t.supervision} in ('none','ordinary','key')`),
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
