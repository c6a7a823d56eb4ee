// 退回: the lead department sends the case back, saying why. Counted against nobody: the
// deadlines are cleared with the referral.
import { AppError } from '../../../core/errors.ts';
import { toOffices } from '../../notify/recipients.ts';
import { cancelTimers } from '../timers.ts';
import { clearCaseDepartments } from '../workflow.queries.ts';
import type { Apply } from './step.ts';

export const returnCase: Apply = async ({ db, row, input, at, patch, payload, outbox }) => {
  if (!input.reason?.trim()) throw new AppError('validation', '退回须说明理由');
  payload.reason = input.reason;
  payload.departmentId = row.leadDepartmentId;
  patch.leadDepartmentId = null;
  patch.acceptDueAt = null;
  patch.replyDueAt = null;
  patch.deadlineProvisional = false;
  patch.overdueAt = null;
  patch.escalatedTo = null;
  await clearCaseDepartments(db, row.id);
  await cancelTimers(db, row.id, ['accept_warn', 'accept_due', 'reply_warn', 'reply_due'], at);
  outbox.push(
    ...(await toOffices(db, row.regionCode, row.id, 'case_returned', {
      number: row.number,
      reason: input.reason,
    })),
  );
};
