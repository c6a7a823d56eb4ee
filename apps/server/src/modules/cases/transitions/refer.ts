// 交办: the case goes to a lead department and its co-handlers (主办/协办), and the accept and
// reply clocks start — from the referral, not from the acceptance.
import {
  type CaseLevel,
  type CaseUrgency,
  deadlineClocks,
  scopePrefix,
  shanghaiDate,
  workingDayDeadline,
} from '@lianluo/domain';
import { AppError } from '../../../core/errors.ts';
import { toDepartment } from '../../notify/recipients.ts';
import { deadlineLimitFor } from '../../settings/settings.service.ts';
import { departmentsInRegion } from '../cases.queries.ts';
import { cancelTimers, scheduleTimer } from '../timers.ts';
import { replaceCaseDepartments } from '../workflow.queries.ts';
import type { Apply } from './step.ts';

export const refer: Apply = async ({ deps, db, row, input, at, seq, patch, payload, outbox }) => {
  if (!input.leadDepartmentId) throw new AppError('validation', '交办须指定主办单位');
  const caseId = row.id;
  const ids = [...new Set([input.leadDepartmentId, ...(input.coDepartmentIds ?? [])])];
  const found = await departmentsInRegion(db, ids);
  if (found.length !== ids.length) throw new AppError('validation', '承办单位不存在');
  const outside = found.filter((d) => !row.regionCode.startsWith(scopePrefix(d.regionCode)));
  if (outside.length > 0) {
    throw new AppError('validation', `承办单位不在本案所属区域：${outside.map((d) => d.name).join('、')}`);
  }
  await replaceCaseDepartments(db, { caseId, regionCode: row.regionCode }, ids, input.leadDepartmentId);
  // The clock starts at referral, not at acceptance.
  const cal = await deps.calendar();
  // The case's county's (or city's …) deadline_limits row for its level and urgency, else the defaults.
  const lim = await deadlineLimitFor(db, row.regionCode, row.level as CaseLevel, row.urgency as CaseUrgency);
  patch.leadDepartmentId = input.leadDepartmentId;
  const workingDays = deadlineClocks(lim);
  const acceptDueAt = workingDayDeadline(cal, at, workingDays.accept);
  const replyDueAt = workingDayDeadline(cal, at, workingDays.reply);
  patch.acceptDueAt = acceptDueAt;
  patch.replyDueAt = replyDueAt;
  patch.deadlineProvisional = cal.isProvisional(shanghaiDate(replyDueAt));
  // A new referral is a new clock: an earlier lapse and its escalation belong to the old one.
  patch.overdueAt = null;
  patch.escalatedTo = null;
  await cancelTimers(db, caseId, ['accept_warn', 'accept_due', 'reply_warn', 'reply_due'], at);
  const base = { caseId, regionCode: row.regionCode, caseSeq: seq };
  // Each deadline warns before it falls due (a warning at or after its deadline is none).
  const acceptWarnAt = workingDayDeadline(cal, at, workingDays.acceptWarn);
  if (acceptWarnAt < acceptDueAt) {
    await scheduleTimer(db, { ...base, kind: 'accept_warn', fireAt: acceptWarnAt });
  }
  await scheduleTimer(db, { ...base, kind: 'accept_due', fireAt: acceptDueAt });
  const replyWarnAt = workingDayDeadline(cal, at, workingDays.warn);
  if (replyWarnAt < replyDueAt) {
    await scheduleTimer(db, { ...base, kind: 'reply_warn', fireAt: replyWarnAt });
  }
  await scheduleTimer(db, { ...base, kind: 'reply_due', fireAt: replyDueAt });
  Object.assign(payload, {
    leadDepartmentId: input.leadDepartmentId,
    coDepartmentIds: ids.filter((i) => i !== input.leadDepartmentId),
    acceptDueAt,
    replyDueAt,
    // Kept so the deadlines can be counted again once a provisional year's notice is entered.
    workingDays,
    provisional: patch.deadlineProvisional,
  });
  for (const d of ids) {
    outbox.push(
      ...(await toDepartment(db, d, row.regionCode, caseId))('case_referred', {
        number: row.number,
        title: row.title,
        acceptDue: shanghaiDate(acceptDueAt),
        replyDue: shanghaiDate(replyDueAt),
      }),
    );
  }
};
