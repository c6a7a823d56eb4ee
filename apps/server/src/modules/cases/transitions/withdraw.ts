// 撤回: the person withdraws the opinion; never a deletion. Every running clock stops.
import { cancelTimers } from '../timers.ts';
import type { Apply } from './step.ts';

export const withdraw: Apply = async ({ db, row, input, at, patch, payload }) => {
  patch.closedAt = at;
  payload.reason = input.reason;
  await cancelTimers(
    db,
    row.id,
    ['accept_warn', 'accept_due', 'reply_warn', 'reply_due', 'rating_due', 'commitment_due'],
    at,
  );
};
