// The lifecycle dispatcher: the state machine in @lianluo/domain says whether an action may
// happen now; the action's file (triage.ts, refer.ts, …) does what is particular to it; this file
// writes what every step writes — the projection, one event row, the outbox — and carries a
// common issue's referral, acceptance and reply over to its member cases.
import {
  type CaseAction,
  type CaseStatus,
  type Satisfaction,
  shanghaiDate,
  transition,
} from '@lianluo/domain';
import { AppError } from '../../../core/errors.ts';
import type { Db } from '../../../db/client.ts';
import { enqueue } from '../../notify/notify.service.ts';
import type { CaseActor, CaseDeps } from '../case-actor.ts';
import { insertEvent, updateCase } from '../case-events.queries.ts';
import { type CaseRow, commonIssueMembers, lockCase } from '../cases.queries.ts';
import { accept } from './accept.ts';
import { close } from './close.ts';
import { feedBack } from './feed-back.ts';
import { rate } from './rate.ts';
import { refer } from './refer.ts';
import { reopen } from './reopen.ts';
import { answer } from './reply.ts';
import { returnCase } from './return.ts';
import { revisit } from './revisit.ts';
import type { Apply, Step, TransitionInput } from './step.ts';
import { triage } from './triage.ts';
import { withdraw } from './withdraw.ts';

export type { TransitionInput } from './step.ts';

const STEPS: Record<CaseAction, Apply> = {
  triage,
  answer_on_site: answer,
  handle_locally: answer,
  refer,
  accept,
  return: returnCase,
  reply: answer,
  feed_back: feedBack,
  rate,
  reopen,
  revisit,
  close,
  withdraw,
};

/** 共性问题: one referral, acceptance and reply serve every member case at the same step. */
const PROPAGATE = new Set<CaseAction>(['refer', 'accept', 'reply']);

/**
 * Moves a case one step along the lifecycle. The state machine in @lianluo/domain decides what is
 * allowed; this writes the new projection, its event row, its timers, commitments and outbox
 * messages in the caller's transaction. On a case in a common issue, refer/accept/reply are done
 * once and applied to every member case standing at the same step.
 */
export async function transitionCase(
  deps: CaseDeps,
  db: Db,
  caseId: string,
  action: CaseAction,
  input: TransitionInput,
  actor: CaseActor,
  at: Date,
  opts: { viaCommonIssue?: string } = {},
): Promise<CaseRow> {
  const row = await lockCase(db, caseId);
  if (!row) throw new AppError('not_found');
  const result = transition(row.status as CaseStatus, action, {
    satisfaction: input.satisfaction,
    ratingTimedOut: input.ratingTimedOut,
    reason: input.reason,
    lastSatisfaction: (row.lastSatisfaction as Satisfaction | null) ?? undefined,
    commitmentPending: row.commitmentDate !== null,
    commitmentDue: row.commitmentDate !== null && row.commitmentDate <= shanghaiDate(at),
  });
  if (!result.ok) {
    // A missing reason or rating is bad input (400); a step out of order or too early is a 409.
    const input400 = result.code === 'REASON_REQUIRED' || result.code === 'SATISFACTION_REQUIRED';
    throw new AppError(input400 ? 'validation' : 'transition_not_allowed', result.reason, {
      allowed: result.allowed,
      caseStatus: row.status,
      reasonCode: result.code,
    });
  }
  const seq = row.lastSeq + 1;
  const step: Step = {
    deps,
    db,
    row,
    action,
    input,
    at,
    seq,
    patch: { status: result.to, lastSeq: seq },
    payload: {},
    outbox: [],
  };
  if (input.note) step.payload.note = input.note;
  if (opts.viaCommonIssue) step.payload.commonIssueId = opts.viaCommonIssue;

  await STEPS[action](step);

  const updated = await updateCase(db, caseId, step.patch);
  await insertEvent(db, {
    caseId,
    regionCode: row.regionCode,
    seq,
    at,
    actorId: actor.id,
    actorName: actor.name,
    action,
    fromStatus: row.status,
    toStatus: result.to,
    payload: step.payload,
  });
  await enqueue(db, at, step.outbox);

  if (row.commonIssueId && !opts.viaCommonIssue && PROPAGATE.has(action)) {
    for (const m of await commonIssueMembers(db, row.commonIssueId, caseId, row.status)) {
      await transitionCase(deps, db, m.id, action, input, actor, at, { viaCommonIssue: row.commonIssueId });
    }
  }
  return updated;
}
