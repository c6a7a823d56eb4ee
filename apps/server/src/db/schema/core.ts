import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** The division tree (统计用区划代码). Every owned row elsewhere carries one of these codes. */
export const regions = pgTable(
  'regions',
  {
    code: char('code', { length: 12 }).primaryKey(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    parentCode: char('parent_code', { length: 12 }),
  },
  (t) => [
    index('regions_parent_idx').on(t.parentCode),
    check('regions_level_ck', sql`${t.level} in ('province','city','county','town','village')`),
    check('regions_code_ck', sql`${t.code} ~ '^[0-9]{12}$'`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    /** The user's scope: rows whose region_code starts with this code's significant prefix. */
    regionCode: char('region_code', { length: 12 }).notNull(),
    stationId: uuid('station_id'),
    departmentId: uuid('department_id'),
    deputyId: uuid('deputy_id'),
    /** Optional work e-mail for notices (sent through SMTP when configured). */
    email: text('email'),
    /** Optional WeChat official-account openid for template messages. */
    wechatOpenid: text('wechat_openid'),
    /** Outside channels the user wants notices on, besides the in-app inbox (email, wechat). */
    notifyChannels: text('notify_channels').array().notNull().default(sql`'{email,wechat}'::text[]`),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('users_region_idx').on(t.regionCode),
    check(
      'users_role_ck',
      sql`${t.role} in ('admin','county_office','town_office','station_officer','deputy','department_handler')`,
    ),
  ],
);

/** Server-side sessions; the cookie carries a random token, the table keeps only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Append-only security audit trail. A trigger in the migration refuses UPDATE and DELETE,
 * so not even the application can rewrite history.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ts: timestamp('ts', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    actorRole: text('actor_role'),
    scope: text('scope'),
    event: text('event').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    outcome: text('outcome').notNull(),
    ip: text('ip'),
    requestId: text('request_id'),
    detail: jsonb('detail'),
  },
  (t) => [index('audit_log_ts_idx').on(t.ts), index('audit_log_event_idx').on(t.event)],
);

/** The official holiday calendar (法定节假日 and 调休 working days), editable by administrators. */
export const calendarDays = pgTable(
  'calendar_days',
  {
    date: date('date', { mode: 'string' }).primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
  },
  (t) => [check('calendar_days_kind_ck', sql`${t.kind} in ('holiday','workday')`)],
);
