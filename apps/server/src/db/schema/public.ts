import { char, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Fixed-window counters of the public pages' rate limits. Kept in the database, not in process
 * memory, so the limits hold across every server process behind the load balancer and survive a
 * restart. `bucket` is `<rule>:<blind index of the IP, phone or number>`: no raw IP or phone.
 */
export const publicRateHits = pgTable(
  'public_rate_hits',
  {
    bucket: text('bucket').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.bucket, t.windowStart] }),
    index('public_rate_hits_window_idx').on(t.windowStart),
  ],
);

/**
 * One-time codes sent to a phone before an opinion is accepted. Only a keyed hash of the code is
 * kept; a code expires, is used once, and locks after too many wrong tries.
 */
export const publicPhoneCodes = pgTable(
  'public_phone_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phoneIndex: text('phone_index').notNull(),
    regionCode: char('region_code', { length: 12 }).notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('public_phone_codes_phone_idx').on(t.phoneIndex, t.createdAt)],
);

/** Proof-of-work challenges already spent (each solves one submission only). */
export const publicPowSpent = pgTable('public_pow_spent', {
  challengeHash: text('challenge_hash').primaryKey(),
  spentAt: timestamp('spent_at', { withTimezone: true }).notNull(),
});
