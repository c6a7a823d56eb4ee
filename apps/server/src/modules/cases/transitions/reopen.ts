// 重办: an unsatisfied case goes back for another round (refer again).
import type { Apply } from './step.ts';

export const reopen: Apply = async ({ row, input, patch, payload }) => {
  patch.reopenCount = row.reopenCount + 1;
  patch.lastSatisfaction = null;
  payload.reason = input.reason;
  payload.reopenCount = row.reopenCount + 1;
};
