// The rows a case's handling leaves besides its projection and events: the departments it is
// referred to (主办/协办) and the commitments of its replies (答复承诺事项台账).
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { caseDepartments, commitments } from '../../db/schema/index.ts';

/** Commitments not yet revisited. */
const OPEN_COMMITMENT = ['pending', 'due'];

/** The case is referred to `ids` from now on, `leadId` leading (a referral replaces the last). */
export async function replaceCaseDepartments(
  db: Db,
  c: { caseId: string; regionCode: string },
  ids: string[],
  leadId: string,
): Promise<void> {
  await clearCaseDepartments(db, c.caseId);
  await db.insert(caseDepartments).values(
    ids.map((id) => ({
      caseId: c.caseId,
      departmentId: id,
      regionCode: c.regionCode,
      role: id === leadId ? 'lead' : 'co',
    })),
  );
}

export async function clearCaseDepartments(db: Db, caseId: string): Promise<void> {
  await db.delete(caseDepartments).where(eq(caseDepartments.caseId, caseId));
}

/** A new reply replaces any earlier commitment that was never revisited. */
export async function supersedeOpenCommitments(db: Db, caseId: string): Promise<void> {
  await db
    .update(commitments)
    .set({ status: 'superseded' })
    .where(and(eq(commitments.caseId, caseId), inArray(commitments.status, OPEN_COMMITMENT)));
}

export async function insertCommitment(db: Db, values: typeof commitments.$inferInsert): Promise<void> {
  await db.insert(commitments).values(values);
}

/** A revisit fulfils the open commitments with what was found. */
export async function fulfilOpenCommitments(db: Db, caseId: string, at: Date, result: string): Promise<void> {
  await db
    .update(commitments)
    .set({ status: 'fulfilled', revisitedAt: at, revisitResult: result })
    .where(and(eq(commitments.caseId, caseId), inArray(commitments.status, OPEN_COMMITMENT)));
}

/** The committed date came: pending commitments are due for their revisit. */
export async function markCommitmentsDue(db: Db, caseId: string, at: Date): Promise<void> {
  await db
    .update(commitments)
    .set({ status: 'due', dueAt: at })
    .where(and(eq(commitments.caseId, caseId), eq(commitments.status, 'pending')));
}
