// 签收: the lead department signs for the case; the accept clock stops, the reply clock runs on.
import { cancelTimers } from '../timers.ts';
import type { Apply } from './step.ts';

export const accept: Apply = async ({ db, row, at }) => {
  await cancelTimers(db, row.id, ['accept_warn', 'accept_due'], at);
};
