import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
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
