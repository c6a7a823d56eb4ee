import { char, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases } from './cases.ts';
import { users } from './core.ts';

/**
 * API keys of Open311 clients (a 12345 hotline, a city app), each bound to a region: requests it
 * creates land there. Only a SHA-256 of the key is kept; the key itself is shown once at issue.
 * Revoked keys stay, so the cases they created can still be traced to them.
 */
export const open311Keys = pgTable(
  'open311_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: char('region_code', { length: 12 }).notNull(),
    name: text('name').notNull(),
    /** The key's first characters, enough to tell keys apart in the list, useless to call with. */
    keyPrefix: text('key_prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('open311_keys_hash_uq').on(t.keyHash),
    index('open311_keys_region_idx').on(t.regionCode, t.createdAt),
  ],
);

/**
 * What an Open311 client sent beside the case itself: which key, the media link it gave (never
 * fetched by the server), its own ids, and the e-mail (encrypted like every contact detail).
 */
export const open311Requests = pgTable(
  'open311_requests',
  {
    caseId: uuid('case_id')
      .primaryKey()
      .references(() => cases.id),
    keyId: uuid('key_id')
      .notNull()
      .references(() => open311Keys.id),
    regionCode: char('region_code', { length: 12 }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    mediaUrl: text('media_url'),
    emailCipher: text('email_cipher'),
    deviceId: text('device_id'),
    accountId: text('account_id'),
  },
  (t) => [index('open311_requests_key_idx').on(t.keyId, t.receivedAt)],
);
