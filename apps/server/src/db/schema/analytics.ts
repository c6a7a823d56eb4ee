import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { cases } from './cases.ts';

/** Trained category classifiers; the newest active row is the one in use. */
export const textModels = pgTable(
  'text_models',
  {
    version: text('version').primaryKey(),
    trainedAt: timestamp('trained_at', { withTimezone: true }).notNull(),
    samples: integer('samples').notNull(),
    perClass: jsonb('per_class').notNull(),
    model: jsonb('model').notNull(),
    active: boolean('active').notNull().default(true),
    trigger: text('trigger').notNull(),
  },
  (t) => [index('text_models_trained_idx').on(t.trainedAt)],
);

/**
 * What the classifier suggested for a case and what staff finally chose: the acceptance rate
 * administrators see, and the model version each suggestion came from.
 */
export const categorySuggestions = pgTable(
  'category_suggestions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    regionCode: text('region_code').notNull(),
    modelVersion: text('model_version').notNull(),
    suggestedKey: text('suggested_key').notNull(),
    score: real('score').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    finalKey: text('final_key'),
    accepted: boolean('accepted'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('category_suggestions_case_idx').on(t.caseId),
    index('category_suggestions_model_idx').on(t.modelVersion),
  ],
);

/**
 * Hotspots of one region scope and period, computed by the rollup job (or once on the first
 * request) so that listHotspots reads a row instead of clustering thousands of cases per request.
 * `refreshAfter` is when the row goes stale (null: final — the period ended before it was
 * computed); the job claims stale rows with FOR UPDATE SKIP LOCKED under a lease.
 */
export const hotspotRollups = pgTable(
  'hotspot_rollups',
  {
    scope: text('scope').notNull(),
    periodFrom: date('period_from').notNull(),
    periodTo: date('period_to').notNull(),
    /** Null while only queued by the job: a reader computes it itself. */
    computedAt: timestamp('computed_at', { withTimezone: true }),
    refreshAfter: timestamp('refresh_after', { withTimezone: true }),
    /** Last time a reader asked for it: rows nobody reads stop being refreshed. */
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    caseCount: integer('case_count').notNull(),
    items: jsonb('items').notNull(),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.periodFrom, t.periodTo] }),
    index('hotspot_rollups_refresh_idx').on(t.refreshAfter),
  ],
);
