// 梳理: the case is classified (category), and its handling level and urgency set.
import { AppError } from '../../../core/errors.ts';
import { decideSuggestions } from '../../analytics/analytics.queries.ts';
import { categoryExists } from '../cases.queries.ts';
import type { Apply } from './step.ts';

export const triage: Apply = async ({ db, row, input, at, patch, payload }) => {
  if (input.categoryKey) {
    if (!(await categoryExists(db, input.categoryKey))) {
      throw new AppError('validation', `未知的意见类别：${input.categoryKey}`);
    }
    patch.categoryKey = input.categoryKey;
    // Was the classifier's suggestion taken or changed? (its acceptance rate)
    await decideSuggestions(db, row.id, input.categoryKey, at);
  }
  if (input.level) patch.level = input.level;
  if (input.urgency) patch.urgency = input.urgency;
  payload.categoryKey = input.categoryKey ?? row.categoryKey;
  payload.level = input.level ?? row.level;
};
