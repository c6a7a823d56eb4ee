import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { publicRateHits } from '../db/schema/index.ts';

/** The count of a bucket in the window starting at `start` (0 when nothing was counted yet). */
export async function hitsInWindow(db: Db, bucket: string, start: Date): Promise<number> {
  const [row] = await db
    .select({ count: publicRateHits.count })
    .from(publicRateHits)
    .where(and(eq(publicRateHits.bucket, bucket), eq(publicRateHits.windowStart, start)));
  return row?.count ?? 0;
}

/** Adds one to a bucket's window in one atomic upsert, so concurrent processes agree; the new count. */
export async function addHit(db: Db, bucket: string, start: Date): Promise<number> {
  const [row] = await db
    .insert(publicRateHits)
    .values({ bucket, windowStart: start, count: 1 })
    .onConflictDoUpdate({
      target: [publicRateHits.bucket, publicRateHits.windowStart],
      set: { count: sql`${publicRateHits.count} + 1` },
    })
    .returning({ count: publicRateHits.count });
  return row!.count;
}

/** Drops the windows that started before `before`. */
export async function deleteWindowsBefore(db: Db, before: Date): Promise<void> {
  await db.delete(publicRateHits).where(lt(publicRateHits.windowStart, before));
}
