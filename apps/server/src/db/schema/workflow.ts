import { sql } from 'drizzle-orm';
import {
  bigint,
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
import { cases } from './cases.ts';
import { categories, departments, deputies } from './network.ts';

/** Deputies involved in a case (the deputy who received it, deputies following it). */
export const caseDeputies = pgTable(
  'case_deputies',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    deputyId: uuid('deputy_id')
      .notNull()
      .references(() => deputies.id),
    regionCode: char('region_code', { length: 12 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.deputyId] }), index('case_deputies_deputy_idx').on(t.deputyId)],
);

/** Categories a department answers for (承办单位职责). */
export const departmentCategories = pgTable(
  'department_categories',
  {
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    categoryKey: text('category_key')
      .notNull()
      .references(() => categories.key),
  },
  (t) => [primaryKey({ columns: [t.departmentId, t.categoryKey] })],
);

/** Photos and documents of a case; the bytes live in the storage backend under `storage_key`. */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    regionCode: char('region_code', { length: 12 }).notNull(),
    fileName: text('file_name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by'),
  },
  (t) => [index('attachments_case_idx').on(t.caseId)],
);

/**
 * Idempotency keys (REL-02): the first request with a key stores its response; a resend with the
 * same body gets it back, a resend with a different body is refused (422).
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    actorId: uuid('actor_id').notNull(),
    key: text('key').notNull(),
    route: text('route').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status'),
    response: jsonb('response'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

/**
 * Timers (REL-04): deadline warnings, due dates, commitment dates, rating waits. A worker claims
 * due rows with FOR UPDATE SKIP LOCKED and a lease; the fencing token makes a worker whose lease
 * ran out unable to complete a timer another worker has taken over, so each fires exactly once.
 */
export const caseTimers = pgTable(
  'case_timers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    regionCode: char('region_code', { length: 12 }).notNull(),
    kind: text('kind').notNull(),
    fireAt: timestamp('fire_at', { withTimezone: true }).notNull(),
    /** The case's event seq when the timer was set: a later transition makes it stale. */
    caseSeq: integer('case_seq').notNull(),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    fencing: bigint('fencing', { mode: 'number' }).notNull().default(0),
    firedAt: timestamp('fired_at', { withTimezone: true }),
    firedBy: text('fired_by'),
    outcome: text('outcome'),
  },
  (t) => [
    index('case_timers_due_idx').on(t.fireAt).where(sql`${t.firedAt} is null`),
    index('case_timers_case_idx').on(t.caseId),
    check(
      'case_timers_kind_ck',
      sql`${t.kind} in ('accept_warn','accept_due','reply_warn','reply_due','commitment_due','rating_due')`,
    ),
  ],
);

/** 答复承诺事项台账: every "will resolve by date" reply. */
export const commitments = pgTable(
  'commitments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    regionCode: char('region_code', { length: 12 }).notNull(),
    departmentId: uuid('department_id').references(() => departments.id),
    measures: text('measures').notNull(),
    committedDate: date('committed_date', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    revisitedAt: timestamp('revisited_at', { withTimezone: true }),
    revisitResult: text('revisit_result'),
  },
  (t) => [
    index('commitments_department_idx')
      .on(t.departmentId, t.committedDate)
      .where(sql`${t.status} <> 'fulfilled'`),
    index('commitments_region_idx').on(t.regionCode, t.committedDate),
    index('commitments_case_idx').on(t.caseId),
    check('commitments_status_ck', sql`${t.status} in ('pending','due','fulfilled','superseded')`),
  ],
);

/** 共性问题: similar cases from different stations, referred and answered once. */
export const commonIssues = pgTable(
  'common_issues',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: char('region_code', { length: 12 }).notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    categoryKey: text('category_key').references(() => categories.key),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by'),
  },
  (t) => [index('common_issues_region_idx').on(t.regionCode, t.createdAt)],
);

/** Notification outbox: written in the transaction of the change, sent by the dispatcher. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    regionCode: char('region_code', { length: 12 }).notNull(),
    caseId: uuid('case_id'),
    channel: text('channel').notNull(),
    /** A user id (in_app), a phone (sms, encrypted), an address (email) or an openid (wechat). */
    recipient: text('recipient').notNull(),
    template: text('template').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    provider: text('provider'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    /** In-app messages: when the addressed user marked it read (the inbox's unread count). */
    readAt: timestamp('read_at', { withTimezone: true }),
    /** The template's values, for channels that send them structured (WeChat template data). */
    vars: jsonb('vars').$type<Record<string, string>>(),
  },
  (t) => [
    index('notifications_inbox_idx').on(t.recipient, t.id).where(sql`${t.channel} = 'in_app'`),
    index('notifications_pending_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('notifications_region_idx').on(t.regionCode, t.createdAt),
    check('notifications_channel_ck', sql`${t.channel} in ('sms','wechat','email','in_app')`),
    check('notifications_status_ck', sql`${t.status} in ('pending','sent','failed')`),
  ],
);

/**
 * Deadline limits by handling level and urgency, overriding the defaults (accept 2, reply 15), set
 * by an administrator for a region (a county, or a city/province for all its counties). A case
 * takes the row of the most specific region above it; `000000000000` is the whole deployment.
 */
export const deadlineLimits = pgTable(
  'deadline_limits',
  {
    regionCode: char('region_code', { length: 12 }).notNull(),
    level: text('level').notNull(),
    urgency: text('urgency').notNull(),
    acceptWorkingDays: integer('accept_working_days').notNull(),
    replyWorkingDays: integer('reply_working_days').notNull(),
    warnWorkingDays: integer('warn_working_days').notNull().default(3),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.level, t.urgency] }),
    check('deadline_limits_level_ck', sql`${t.level} in ('county','town','village')`),
    check('deadline_limits_urgency_ck', sql`${t.urgency} in ('normal','urgent')`),
    check(
      'deadline_limits_days_ck',
      sql`${t.acceptWorkingDays} between 1 and 60 and ${t.replyWorkingDays} between 1 and 120 and ${t.warnWorkingDays} between 0 and ${t.replyWorkingDays} - 1`,
    ),
  ],
);

/**
 * Workflow settings of a region (county, or above for all its counties), each null where the
 * region keeps what the level above (or the deployment's default) says.
 */
export const regionSettings = pgTable(
  'region_settings',
  {
    regionCode: char('region_code', { length: 12 }).primaryKey(),
    /** Calendar days to wait for the person's rating. */
    ratingWaitDays: integer('rating_wait_days'),
    /** What no rating within the wait counts as. */
    ratingTimeoutCountsAs: text('rating_timeout_counts_as'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    check('region_settings_wait_ck', sql`${t.ratingWaitDays} between 1 and 60`),
    check(
      'region_settings_timeout_ck',
      sql`${t.ratingTimeoutCountsAs} in ('satisfied','basically_satisfied')`,
    ),
  ],
);
