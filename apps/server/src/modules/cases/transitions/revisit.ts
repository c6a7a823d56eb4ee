// 回访: someone went back to the person once the committed date came; the commitment is
// fulfilled and a fresh rating is awaited.
import { calendarDayDeadline } from '@lianluo/domain';
import { ratingSettingsFor } from '../../settings/settings.service.ts';
import { scheduleTimer } from '../timers.ts';
import { fulfilOpenCommitments } from '../workflow.queries.ts';
import type { Apply } from './step.ts';

export const revisit: Apply = async ({ deps, db, row, input, at, seq, patch, payload }) => {
  payload.revisit = input.revisit;
  await fulfilOpenCommitments(db, row.id, at, input.revisit?.content ?? '');
  patch.commitmentDate = null;
  patch.commitmentDue = false;
  patch.lastSatisfaction = null;
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
};
