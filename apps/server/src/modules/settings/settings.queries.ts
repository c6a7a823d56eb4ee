import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { deadlineLimits, regionSettings, regions } from '../../db/schema/index.ts';

type LimitKey = { regionCode: string; level: string; urgency: string };
type Limit = { acceptWorkingDays: number; replyWorkingDays: number; warnWorkingDays: number };

const limitWhere = (k: LimitKey) =>
  and(
    eq(deadlineLimits.regionCode, k.regionCode),
    eq(deadlineLimits.level, k.level),
    eq(deadlineLimits.urgency, k.urgency),
  );

/** The limit rows of these regions (a settings chain), every level and urgency. */
export async function limitsIn(db: Db, regionCodes: string[]) {
  return db.select().from(deadlineLimits).where(inArray(deadlineLimits.regionCode, regionCodes));
}

/** The limit rows of these regions for one level and urgency. */
export async function limitsFor(db: Db, regionCodes: string[], level: string, urgency: string) {
  return db
    .select()
    .from(deadlineLimits)
    .where(
      and(
        inArray(deadlineLimits.regionCode, regionCodes),
        eq(deadlineLimits.level, level),
        eq(deadlineLimits.urgency, urgency),
      ),
    );
}

export async function findLimit(db: Db, key: LimitKey) {
  const [row] = await db.select().from(deadlineLimits).where(limitWhere(key));
  return row;
}

export async function upsertLimit(
  db: Db,
  key: LimitKey,
  limit: Limit,
  by: { at: Date; userId: string },
): Promise<void> {
  await db
    .insert(deadlineLimits)
    .values({ ...key, ...limit, updatedAt: by.at, updatedBy: by.userId })
    .onConflictDoUpdate({
      target: [deadlineLimits.regionCode, deadlineLimits.level, deadlineLimits.urgency],
      set: { ...limit, updatedAt: by.at, updatedBy: by.userId },
    });
}

/** Deletes one limit row; the row it was, or undefined when there was none. */
export async function deleteLimit(db: Db, key: LimitKey) {
  const [row] = await db.delete(deadlineLimits).where(limitWhere(key)).returning();
  return row;
}

/** The rating-settings rows of these regions (a settings chain). */
export async function regionSettingsIn(db: Db, regionCodes: string[]) {
  return db.select().from(regionSettings).where(inArray(regionSettings.regionCode, regionCodes));
}

export async function findRegionSettings(db: Db, regionCode: string) {
  const [row] = await db.select().from(regionSettings).where(eq(regionSettings.regionCode, regionCode));
  return row;
}

export async function upsertRegionSettings(
  db: Db,
  regionCode: string,
  values: {
    ratingWaitDays: number | null;
    ratingTimeoutCountsAs: string | null;
    updatedAt: Date;
    updatedBy: string;
  },
): Promise<void> {
  await db
    .insert(regionSettings)
    .values({ regionCode, ...values })
    .onConflictDoUpdate({ target: regionSettings.regionCode, set: values });
}

export async function deleteRegionSettings(db: Db, regionCode: string): Promise<void> {
  await db.delete(regionSettings).where(eq(regionSettings.regionCode, regionCode));
}

export async function regionName(db: Db, code: string): Promise<string> {
  const [r] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, code));
  return r?.name ?? code;
}
