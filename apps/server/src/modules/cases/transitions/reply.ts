// 答复 (the lead department), 当场答复 and 就地办理 (at the station): one answer to the person,
// checked by validateReply; a "will resolve" answer opens a commitment (答复承诺事项台账) that is
// tracked until revisited.
import { REPLY_KIND_LABELS, shanghaiDate, startOfShanghaiDay, validateReply } from '@lianluo/domain';
import { AppError } from '../../../core/errors.ts';
import { toOffices } from '../../notify/recipients.ts';
import { cancelTimers, scheduleTimer } from '../timers.ts';
import { insertCommitment, supersedeOpenCommitments } from '../workflow.queries.ts';
import type { Apply } from './step.ts';

/** reply, answer_on_site and handle_locally; only a department's reply stops the clocks. */
export const answer: Apply = async ({ db, row, action, input, at, seq, patch, payload, outbox }) => {
  const caseId = row.id;
  if (!input.reply) throw new AppError('validation', '请填写答复内容');
  const problems = validateReply(input.reply, shanghaiDate(at));
  if (problems.length > 0) throw new AppError('validation', problems.join('；'), { problems });
  payload.reply = input.reply;
  if (action === 'reply') {
    await cancelTimers(db, caseId, ['reply_warn', 'reply_due', 'accept_due', 'accept_warn'], at);
    payload.late = row.replyDueAt !== null && at > row.replyDueAt;
  }
  // A new reply replaces any earlier commitment that was never revisited (a reopened case).
  await supersedeOpenCommitments(db, caseId);
  patch.commitmentDate = null;
  patch.commitmentDue = false;
  if (input.reply.kind === 'will_resolve' && input.reply.committedDate) {
    // 答复承诺事项台账: tracked until revisited.
    await insertCommitment(db, {
      caseId,
      regionCode: row.regionCode,
      departmentId: row.leadDepartmentId,
      measures: input.reply.measures ?? '',
      committedDate: input.reply.committedDate,
      createdAt: at,
    });
    patch.commitmentDate = input.reply.committedDate;
    patch.commitmentDue = false;
    await scheduleTimer(db, {
      caseId,
      regionCode: row.regionCode,
      caseSeq: seq,
      kind: 'commitment_due',
      fireAt: startOfShanghaiDay(input.reply.committedDate),
    });
  }
  outbox.push(
    ...(await toOffices(db, row.regionCode, caseId, 'case_replied', {
      number: row.number,
      kind: REPLY_KIND_LABELS[input.reply.kind],
    })),
  );
};
