// 反馈: the person is told the answer; the wait for their rating starts (rating_due timer).
import { calendarDayDeadline } from '@lianluo/domain';
import { AppError } from '../../../core/errors.ts';
import { ratingSettingsFor } from '../../settings/settings.service.ts';
import { scheduleTimer } from '../timers.ts';
import type { Apply } from './step.ts';

export const feedBack: Apply = async ({ deps, db, row, input, at, seq, patch, payload, outbox }) => {
  if (!input.feedback?.content) throw new AppError('validation', '请填写反馈方式和内容');
  payload.feedback = input.feedback;
  const ratingDueAt = calendarDayDeadline(
    at,
    (await ratingSettingsFor(db, deps.settings, row.regionCode)).ratingWaitDays,
  );
  patch.ratingDueAt = ratingDueAt;
  await scheduleTimer(db, {
    caseId: row.id,
    regionCode: row.regionCode,
    caseSeq: seq,
    kind: 'rating_due',
    fireAt: ratingDueAt,
  });
  if (row.personPhoneCipher) {
    outbox.push({
      regionCode: row.regionCode,
      caseId: row.id,
      channel: 'sms',
      recipient: row.personPhoneCipher,
      template: 'case_fed_back',
      vars: { number: row.number, content: input.feedback.content },
    });
  }
};
