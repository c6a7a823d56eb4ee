import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
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
    /** 站长 and 联络员: staff accounts. */
    headUserId: uuid('head_user_id'),
    officerUserId: uuid('officer_user_id'),
    /** Stored-file key of the station's photo. */
    photoKey: text('photo_key'),
    /** A small version of the photo for lists (the public station page). */
    photoThumbKey: text('photo_thumb_key'),
    /** People who may book one reception shift here (null: the default, 10). */
    bookingCapacity: integer('booking_capacity'),
    checklistTemplateId: uuid('checklist_template_id'),
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
    /** 职务代表: sits by virtue of office. */
    dutyDeputy: boolean('duty_deputy').notNull().default(false),
    term: text('term').notNull().default(''),
    bio: text('bio').notNull().default(''),
    /** What the deputy works on (履职重点), shown on the public page. */
    focus: text('focus').notNull().default(''),
    photoKey: text('photo_key'),
    photoThumbKey: text('photo_thumb_key'),
    /** Blind index (keyed SM3) of the citizen ID number: duplicates are refused, the number is not stored. */
    idNumberIndex: text('id_number_index'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('deputies_region_idx').on(t.regionCode),
    uniqueIndex('deputies_id_number_uq').on(t.idNumberIndex),
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

/** Standards checklist templates (七有, 十有, local variants), kept per county. */
export const checklistTemplates = pgTable(
  'checklist_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: char('region_code', { length: 12 }).notNull(),
    key: text('key').notNull(),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('checklist_templates_region_key_uq').on(t.regionCode, t.key)],
);

export const checklistItems = pgTable(
  'checklist_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    templateId: uuid('template_id')
      .notNull()
      .references(() => checklistTemplates.id),
    regionCode: char('region_code', { length: 12 }).notNull(),
    position: integer('position').notNull(),
    text: text('text').notNull(),
  },
  (t) => [index('checklist_items_template_idx').on(t.templateId)],
);

/** Evidence for one checklist item at one station: a photo or file, a note, who and when. */
export const checklistEvidence = pgTable(
  'checklist_evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stationId: uuid('station_id')
      .notNull()
      .references(() => stations.id),
    itemId: uuid('item_id')
      .notNull()
      .references(() => checklistItems.id),
    regionCode: char('region_code', { length: 12 }).notNull(),
    note: text('note').notNull().default(''),
    fileKey: text('file_key'),
    fileType: text('file_type'),
    fileName: text('file_name'),
    recordedBy: uuid('recorded_by'),
    recordedByName: text('recorded_by_name').notNull().default(''),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('checklist_evidence_station_idx').on(t.stationId)],
);

/** Grade assessments (评定) of a station; the station's grade is the latest one. */
export const stationAssessments = pgTable(
  'station_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    stationId: uuid('station_id')
      .notNull()
      .references(() => stations.id),
    regionCode: char('region_code', { length: 12 }).notNull(),
    grade: text('grade').notNull(),
    note: text('note').notNull().default(''),
    assessedBy: uuid('assessed_by'),
    assessedByName: text('assessed_by_name').notNull().default(''),
    assessedAt: timestamp('assessed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('station_assessments_station_idx').on(t.stationId),
    check('station_assessments_grade_ck', sql`${t.grade} in ('first','second','unrated')`),
  ],
);
