// What a case timer (timers.ts: accept_warn, accept_due, reply_warn, reply_due, commitment_due,
// rating_due) does when it fires. Effects re-check the case and answer `stale` when the world
// moved on, so a timer left behind by a cancelled clock does nothing.
import { AWAITING_REPLY_STATUSES, type CaseStatus, shanghaiDate } from '@lianluo/domain';
import type { Db } from '../../db/client.ts';
import { enqueue } from '../notify/notify.service.ts';
import { toDepartment, toOffices } from '../notify/recipients.ts';
import { ratingSettingsFor } from '../settings/settings.service.ts';
import { type CaseDeps, SYSTEM } from './case-actor.ts';
import { lockCase } from './cases.queries.ts';
import { lapse } from './escalation.ts';
import { noteEvent } from './facts.ts';
import type { ClaimedTimer } from './timers.ts';
import { transitionCase } from './transitions/index.ts';
import { markCommitmentsDue } from './workflow.queries.ts';

/** The effect the timer runner calls in its transaction; returns the outcome recorded on the timer row. */
export function timerEffect(deps: CaseDeps) {
  return async (tx: Db, timer: ClaimedTimer, at: Date): Promise<string> => {
    const row = await lockCase(tx, timer.caseId);
    if (!row) return 'missing';
    const awaitingReply = AWAITING_REPLY_STATUSES.includes(row.status as CaseStatus);
    switch (timer.kind) {
      case 'accept_warn': {
        if (row.status !== 'assigned' || !row.leadDepartmentId || !row.acceptDueAt) return 'stale';
        await enqueue(
          tx,
          at,
          (await toDepartment(tx, row.leadDepartmentId, row.regionCode, row.id))('accept_warning', {
            number: row.number,
            title: row.title,
            due: shanghaiDate(row.acceptDueAt),
          }),
        );
        return 'warned';
      }
      case 'accept_due': {
        if (row.status !== 'assigned' || !row.acceptDueAt || row.acceptDueAt > at) return 'stale';
        // Not signed for in time: marked overdue and escalated, as a lapsed reply is.
        const vars = { number: row.number, title: row.title, due: shanghaiDate(row.acceptDueAt) };
        await enqueue(tx, at, [
          ...(row.leadDepartmentId
            ? (await toDepartment(tx, row.leadDepartmentId, row.regionCode, row.id))('accept_overdue', vars)
            : []),
          ...(await lapse(tx, row, 'accept_overdue', 'accept', row.acceptDueAt, at, vars)),
        ]);
        return 'accept_overdue';
      }
      case 'reply_warn': {
        if (!awaitingReply || !row.leadDepartmentId) return 'stale';
        await enqueue(
          tx,
          at,
          (await toDepartment(tx, row.leadDepartmentId, row.regionCode, row.id))('deadline_warning', {
            number: row.number,
            due: row.replyDueAt ? shanghaiDate(row.replyDueAt) : '',
          }),
        );
        return 'warned';
      }
      case 'reply_due': {
        if (!awaitingReply || !row.replyDueAt || row.replyDueAt > at) return 'stale';
        // Overdue: marked, and escalated to the level above the handling level.
        const vars = { number: row.number, title: row.title };
        await enqueue(tx, at, await lapse(tx, row, 'overdue', 'reply', row.replyDueAt, at, vars));
        return 'overdue';
      }
      case 'commitment_due': {
        if (!row.commitmentDate || row.commitmentDate > shanghaiDate(at)) return 'stale';
        await markCommitmentsDue(tx, row.id, at);
        await noteEvent(tx, row.id, 'commitment_due', { committedDate: row.commitmentDate }, SYSTEM, at, {
          commitmentDue: true,
        });
        await enqueue(
          tx,
          at,
          await toOffices(tx, row.regionCode, row.id, 'commitment_due', {
            number: row.number,
            date: row.commitmentDate,
          }),
        );
        return 'due';
      }
      case 'rating_due': {
        if (row.status !== 'fed_back' || !row.ratingDueAt || row.ratingDueAt > at) return 'stale';
        // No answer within the wait counts as configured …
        const rated = await transitionCase(
          deps,
          tx,
          row.id,
          'rate',
          {
            satisfaction: (await ratingSettingsFor(tx, deps.settings, row.regionCode)).ratingTimeoutCountsAs,
            ratingTimedOut: true,
          },
          SYSTEM,
          at,
        );
        // … and closes the case (the lifecycle's "no answer in N days → closed"), unless a
        // commitment still waits for its revisit: that brings it back for a fresh rating.
        if (rated.commitmentDate !== null) return 'rated_by_timeout';
        await transitionCase(deps, tx, row.id, 'close', { ratingTimedOut: true }, SYSTEM, at);
        return 'closed_by_timeout';
      }
    }
    return 'unknown';
  };
}
