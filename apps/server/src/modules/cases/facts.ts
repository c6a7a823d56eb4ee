// Facts that are not transitions (supervise, link, publish, attach, overdue …): event rows with
// from_status = to_status, so the timeline stays the event log. All in the caller's transaction.
import { type CaseStatus, isFinalStatus, LINKABLE_CASE_STATUSES, publicTextProblem } from '@lianluo/domain';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/client.ts';
import { enqueue } from '../notify/notify.service.ts';
import { toDepartment } from '../notify/recipients.ts';
import type { CaseActor } from './case-actor.ts';
import { insertEvent, updateCase } from './case-events.queries.ts';
import { type CaseRow, insertCommonIssue, lockCase } from './cases.queries.ts';
import type { SuperviseBody } from './cases.schemas.ts';

/** An event that records a fact without changing the state (supervision, overdue, link …). */
export async function noteEvent(
  db: Db,
  caseId: string,
  action: string,
  payload: Record<string, unknown>,
  actor: CaseActor,
  at: Date,
  patch: Partial<CaseRow> = {},
): Promise<CaseRow> {
  const row = await lockCase(db, caseId);
  if (!row) throw new AppError('not_found');
  const seq = row.lastSeq + 1;
  const updated = await updateCase(db, caseId, { ...patch, lastSeq: seq });
  await insertEvent(db, {
    caseId,
    regionCode: row.regionCode,
    seq,
    at,
    actorId: actor.id,
    actorName: actor.name,
    action,
    fromStatus: row.status,
    toStatus: row.status,
    payload,
  });
  return updated;
}

/** 督办 / 重点督办. */
export async function superviseCase(
  db: Db,
  caseId: string,
  input: SuperviseBody,
  actor: CaseActor,
  at: Date,
): Promise<CaseRow> {
  const row = await lockCase(db, caseId);
  if (!row) throw new AppError('not_found');
  if (isFinalStatus(row.status as CaseStatus)) {
    throw new AppError('transition_not_allowed', '已办结的件不能督办', {
      allowed: [],
      caseStatus: row.status,
    });
  }
  const updated = await noteEvent(
    db,
    caseId,
    'supervise',
    { kind: input.kind, note: input.note ?? null },
    actor,
    at,
    {
      supervision: input.kind,
      supervisedAt: at,
    },
  );
  if (row.leadDepartmentId) {
    await enqueue(
      db,
      at,
      (await toDepartment(db, row.leadDepartmentId, row.regionCode, caseId))('case_supervised', {
        number: row.number,
        kind: input.kind === 'key' ? '重点督办' : '督办',
      }),
    );
  }
  return updated;
}

/** Creates a common issue (共性问题) in a region. */
export async function createCommonIssue(
  db: Db,
  input: { regionCode: string; title: string; summary?: string; categoryKey?: string | null },
  actor: CaseActor,
  at: Date,
) {
  return insertCommonIssue(db, {
    regionCode: input.regionCode,
    title: input.title,
    summary: input.summary ?? '',
    categoryKey: input.categoryKey ?? null,
    createdAt: at,
    createdBy: actor.id,
  });
}

/** Links a case into a common issue; it must still be before referral (registered/triaged/reopened). */
export async function linkCase(db: Db, caseId: string, commonIssueId: string, actor: CaseActor, at: Date) {
  const row = await lockCase(db, caseId);
  if (!row) throw new AppError('not_found');
  if (!LINKABLE_CASE_STATUSES.includes(row.status as CaseStatus)) {
    throw new AppError('transition_not_allowed', '只有尚未交办的件才能并入共性问题', {
      allowed: [],
      caseStatus: row.status,
    });
  }
  return noteEvent(db, caseId, 'link', { commonIssueId }, actor, at, { commonIssueId });
}

/** Approves the public text for the board (公示): needs consent, refuses phone/ID numbers. */
export async function publishCase(db: Db, caseId: string, text: string, actor: CaseActor, at: Date) {
  const row = await lockCase(db, caseId);
  if (!row) throw new AppError('not_found');
  if (!row.consentPublish) throw new AppError('conflict', '反映人未同意公开，不能公示');
  const problem = publicTextProblem(text);
  if (problem) throw new AppError('conflict', problem);
  return noteEvent(db, caseId, 'publish', { publicText: text }, actor, at, {
    publicText: text,
    publishedAt: at,
  });
}
