import type { RegionRecord } from '@lianluo/domain';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { regions } from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';

const regionColumns = { code: regions.code, name: regions.name, level: regions.level };

/** The regions directly under `parentCode` within the scope prefix, by code. */
export function childRegions(db: Db, parentCode: string, scope: string) {
  return db
    .select(regionColumns)
    .from(regions)
    .where(and(eq(regions.parentCode, parentCode), scopeWhere(regions.code, scope)))
    .orderBy(asc(regions.code));
}

export async function findRegion(db: Db, code: string) {
  const [row] = await db.select(regionColumns).from(regions).where(eq(regions.code, code));
  return row;
}

export async function allRegionCodes(db: Db): Promise<Set<string>> {
  return new Set((await db.select({ code: regions.code }).from(regions)).map((r) => r.code));
}

/** Inserts the regions, or renames those already there. */
export async function upsertRegions(db: Db, records: RegionRecord[]) {
  for (const r of records) {
    await db
      .insert(regions)
      .values(r)
      .onConflictDoUpdate({ target: regions.code, set: { name: r.name } });
  }
}
