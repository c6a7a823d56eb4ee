import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cases, caseTimers } from '../../db/schema/index.ts';

/** Cases whose deadlines count a year not yet entered (暂定) and still run. */
export async function provisionalCaseIds(db: Db) {
  return db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.deadlineProvisional, true), isNotNull(cases.replyDueAt)));
}

export async function clearProvisional(db: Db, caseId: string): Promise<void> {
  await db.update(cases).set({ deadlineProvisional: false }).where(eq(cases.id, caseId));
}

/** The case's timers that have not fired (nor been cancelled). */
export async function unfiredTimers(db: Db, caseId: string) {
  return db
    .select({ kind: caseTimers.kind, caseSeq: caseTimers.caseSeq })
    .from(caseTimers)
    .where(and(eq(caseTimers.caseId, caseId), isNull(caseTimers.firedAt)));
}
