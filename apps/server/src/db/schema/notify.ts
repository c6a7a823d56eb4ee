import { sql } from 'drizzle-orm';
import { char, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Outgoing notifications (SMS, WeChat, in-app), written in the same transaction as the event
 * that causes them and sent by the dispatcher. `dedupe_key` makes enqueueing idempotent.
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: char('region_code', { length: 12 }).notNull(),
    channel: text('channel').notNull(),
    recipient: text('recipient').notNull(),
    template: text('template').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    lastError: text('last_error'),
    dedupeKey: text('dedupe_key').notNull().unique(),
  },
  (t) => [
    index('notification_outbox_due_idx').on(t.status, t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
  ],
);
