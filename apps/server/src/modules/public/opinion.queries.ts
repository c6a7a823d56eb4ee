import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  attachments,
  cases,
  departments,
  idempotencyKeys,
  publicPhoneCodes,
  publicPowSpent,
} from '../../db/schema/index.ts';

// ---------------------------------------------------------------- one-time codes

export async function insertPhoneCode(db: Db, row: typeof publicPhoneCodes.$inferInsert): Promise<void> {
  await db.insert(publicPhoneCodes).values(row);
}

/** The newest code of a phone that is neither used nor expired. */
export async function newestLiveCode(db: Db, phoneIndex: string, at: Date) {
  const [row] = await db
    .select()
    .from(publicPhoneCodes)
    .where(
      and(
        eq(publicPhoneCodes.phoneIndex, phoneIndex),
        isNull(publicPhoneCodes.usedAt),
        gt(publicPhoneCodes.expiresAt, at),
      ),
    )
    .orderBy(desc(publicPhoneCodes.createdAt))
    .limit(1);
  return row;
}

/** Counts one wrong try of a code; the tries now counted (undefined when the row is gone). */
export async function countWrongTry(db: Db, id: string): Promise<number | undefined> {
  const [u] = await db
    .update(publicPhoneCodes)
    .set({ attempts: sql`${publicPhoneCodes.attempts} + 1` })
    .where(eq(publicPhoneCodes.id, id))
    .returning({ attempts: publicPhoneCodes.attempts });
  return u?.attempts;
}

/** Marks a code used; false when it was used already (by a concurrent submission). */
export async function markCodeUsed(db: Db, id: string, at: Date): Promise<boolean> {
  const used = await db
    .update(publicPhoneCodes)
    .set({ usedAt: at })
    .where(and(eq(publicPhoneCodes.id, id), isNull(publicPhoneCodes.usedAt)))
    .returning({ id: publicPhoneCodes.id });
  return used.length > 0;
}

// ---------------------------------------------------------------- proof of work

/** Records a solved challenge as spent; false when it was spent before. */
export async function markPowSpent(db: Db, challengeHash: string, at: Date): Promise<boolean> {
  const spent = await db
    .insert(publicPowSpent)
    .values({ challengeHash, spentAt: at })
    .onConflictDoNothing()
    .returning();
  return spent.length > 0;
}

// ---------------------------------------------------------------- submission

/** The row of an Idempotency-Key of one owner: its request hash, route and stored answer. */
export async function idempotencyRow(db: Db, owner: string, key: string) {
  const [row] = await db
    .select({
      requestHash: idempotencyKeys.requestHash,
      route: idempotencyKeys.route,
      response: idempotencyKeys.response,
    })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.actorId, owner), eq(idempotencyKeys.key, key)));
  return row;
}

export async function insertAttachment(db: Db, row: typeof attachments.$inferInsert): Promise<void> {
  await db.insert(attachments).values(row);
}

// ---------------------------------------------------------------- tracking

/** What a lookup by number checks the secret against. */
export async function caseByNumber(db: Db, number: string) {
  const [row] = await db
    .select({ id: cases.id, anonymous: cases.anonymous, phoneMasked: cases.personPhoneMasked })
    .from(cases)
    .where(eq(cases.number, number));
  return row;
}

export async function caseById(db: Db, id: string) {
  const [row] = await db.select().from(cases).where(eq(cases.id, id));
  return row;
}

export async function caseStatus(db: Db, id: string) {
  const [row] = await db.select({ status: cases.status }).from(cases).where(eq(cases.id, id));
  return row?.status;
}

export async function departmentNames(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(inArray(departments.id, ids));
}
