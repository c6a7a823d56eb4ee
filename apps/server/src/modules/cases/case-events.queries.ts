import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { caseEvents, cases } from '../../db/schema/index.ts';
import type { CaseRow } from './cases.queries.ts';

/** Writes the case's new projection (status, dates, counters …) and returns it. */
export async function updateCase(db: Db, caseId: string, patch: Partial<CaseRow>): Promise<CaseRow> {
  const [updated] = await db.update(cases).set(patch).where(eq(cases.id, caseId)).returning();
  return updated!;
}

/** Appends one row to the case's event log (the timeline). */
export async function insertEvent(db: Db, event: typeof caseEvents.$inferInsert): Promise<void> {
  await db.insert(caseEvents).values(event);
}

/** The case's latest referral event: when it was made and what it stored. */
export async function latestReferral(db: Db, caseId: string) {
  const [referral] = await db
    .select({ at: caseEvents.at, payload: caseEvents.payload })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.action, 'refer')))
    .orderBy(desc(caseEvents.seq))
    .limit(1);
  return referral;
}
