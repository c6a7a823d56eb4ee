// 销号: the matter is done (rated, or the rating wait ran out).
import type { Apply } from './step.ts';

export const close: Apply = async ({ input, at, patch, payload }) => {
  patch.closedAt = at;
  payload.ratingTimedOut = input.ratingTimedOut ?? false;
  if (input.reason) payload.reason = input.reason;
};
