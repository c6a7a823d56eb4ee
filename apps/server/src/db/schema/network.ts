import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  doublePrecision,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** 联络站/点: the county general station, town stations, village points and industry points. */
export const stations = pgTable(
  'stations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: char('region_code', { length: 12 }).notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    openingHours: text('opening_hours').notNull().default(''),
    grade: text('grade').notNull().default('unrated'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stations_region_idx').on(t.regionCode),
    check('stations_kind_ck', sql`${t.kind} in ('general','town','village','industry')`),
    check('stations_grade_ck', sql`${t.grade} in ('first','second','unrated')`),
  ],
);

/** 人大代表. region_code is the electing region (选区所在地) and scopes who may see the deputy. */
export const deputies = pgTable(
  'deputies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: char('region_code', { length: 12 }).notNull(),
    name: text('name').notNull(),
    gender: text('gender').notNull(),
    level: text('level').notNull(),
    constituency: text('constituency').notNull().default(''),
    occupation: text('occupation').notNull().default(''),
    leadingCadre: boolean('leading_cadre').notNull().default(false),
    bio: text('bio').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('deputies_region_idx').on(t.regionCode),
    check('deputies_level_ck', sql`${t.level} in ('national','provincial','city','county','town')`),
    check('deputies_gender_ck', sql`${t.gender} in ('male','female')`),
  ],
);

/** 编组进站: which stations a deputy is grouped into. */
export const deputyStations = pgTable(
  'deputy_stations',
  {
    deputyId: uuid('deputy_id')
      .notNull()
      .references(() => deputies.id),
    stationId: uuid('station_id')
      .notNull()
      .references(() => stations.id),
    regionCode: char('region_code', { length: 12 }).notNull(),
    role: text('role').notNull().default('member'),
  },
  (t) => [
    primaryKey({ columns: [t.deputyId, t.stationId] }),
    index('deputy_stations_station_idx').on(t.stationId),
    index('deputy_stations_region_idx').on(t.regionCode),
  ],
);

/** 承办单位: government departments, courts, procuratorates and utilities that answer cases. */
export const departments = pgTable(
  'departments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: char('region_code', { length: 12 }).notNull(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    kind: text('kind').notNull(),
    level: text('level').notNull(),
  },
  (t) => [
    index('departments_region_idx').on(t.regionCode),
    check('departments_kind_ck', sql`${t.kind} in ('government','court','procuratorate','enterprise')`),
    check('departments_level_ck', sql`${t.level} in ('county','town','village')`),
  ],
);

/** Case categories, kept as data so a county can refine them. */
export const categories = pgTable('categories', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
});

/** Routing table: which department answers a category in a region (the longest prefix wins). */
export const routingRules = pgTable(
  'routing_rules',
  {
    categoryKey: text('category_key')
      .notNull()
      .references(() => categories.key),
    regionCode: char('region_code', { length: 12 }).notNull(),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
  },
  (t) => [primaryKey({ columns: [t.categoryKey, t.regionCode, t.departmentId] })],
);
