import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { idempotencyKeys } from '../db/schema/index.ts';

export async function findKey(db: Db, actorId: string, key: string) {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.actorId, actorId), eq(idempotencyKeys.key, key)));
  return row;
}

/** Inserts the key row; false when the (caller, key) pair was already used. */
export async function claimKey(
  db: Db,
  row: { actorId: string; key: string; route: string; requestHash: string; createdAt: Date },
): Promise<boolean> {
  const inserted = await db
    .insert(idempotencyKeys)
    .values(row)
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return inserted.length > 0;
}

export async function storeAnswer(db: Db, actorId: string, key: string, response: object): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({ status: 200, response })
    .where(and(eq(idempotencyKeys.actorId, actorId), eq(idempotencyKeys.key, key)));
}
