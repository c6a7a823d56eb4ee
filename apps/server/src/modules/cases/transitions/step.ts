import type { CaseAction } from '@lianluo/domain';
import type { Db } from '../../../db/client.ts';
import type { Enqueue } from '../../notify/notify.service.ts';
import type { CaseDeps } from '../case-actor.ts';
import type { CaseRow } from '../cases.queries.ts';
import type {
  AnswerBody,
  CloseBody,
  FeedbackBody,
  RateBody,
  ReferBody,
  ReopenBody,
  ReturnBody,
  RevisitBody,
  TriageBody,
  WithdrawBody,
} from '../cases.schemas.ts';

/**
 * What a lifecycle step may carry: any field of the action bodies (cases.schemas.ts). The rating
 * timer also sends `ratingTimedOut` with `rate`.
 */
export type TransitionInput = Partial<
  TriageBody &
    AnswerBody &
    ReferBody &
    ReturnBody &
    FeedbackBody &
    RateBody &
    ReopenBody &
    RevisitBody &
    CloseBody &
    WithdrawBody
>;

/**
 * One step in the making: the case as locked, and what the step writes. An action's `apply`
 * refuses bad input (AppError), writes its own rows (departments, timers, commitments) in `db`,
 * and fills `patch` (the projection), `payload` (the event row) and `outbox` (the messages); the
 * dispatcher (index.ts) then writes the projection, the event row and the outbox.
 */
export interface Step {
  deps: CaseDeps;
  db: Db;
  row: CaseRow;
  action: CaseAction;
  input: TransitionInput;
  at: Date;
  /** The event's sequence number (timers set by this step carry it). */
  seq: number;
  patch: Partial<CaseRow>;
  payload: Record<string, unknown>;
  outbox: Enqueue[];
}

export type Apply = (s: Step) => Promise<void>;
