// 评价: the person's rating, or (ratingTimedOut, from the rating timer) the configured default.
import type { Apply } from './step.ts';

export const rate: Apply = async ({ input, patch, payload }) => {
  payload.satisfaction = input.satisfaction;
  if (input.ratingTimedOut) payload.timedOut = true;
  patch.lastSatisfaction = input.satisfaction ?? null;
  patch.ratingDueAt = null;
};
