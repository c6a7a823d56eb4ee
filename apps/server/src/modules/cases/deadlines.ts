// Provisional deadlines (暂定期限): a referral whose working days reach into a year whose holiday
// notice is not yet entered counts that year's statutory days (HolidayCalendar.provisionalYear).
// Once the administrator enters the notice, every such open case is counted again here.

import { type DeadlineClocks, type HolidayCalendar, shanghaiDate, workingDayDeadline } from '@lianluo/domain';
import type { Deps } from '../../core/context.ts';
import type { Db } from '../../db/client.ts';
import { SYSTEM } from './case-actor.ts';
import { latestReferral } from './case-events.queries.ts';
import { lockCase } from './cases.queries.ts';
import { clearProvisional, provisionalCaseIds, unfiredTimers } from './deadlines.queries.ts';
import { noteEvent } from './facts.ts';
import { cancelTimers, scheduleTimer, type TimerKind } from './timers.ts';

/** As a referral event stores them; referrals made before the accept warning lack `acceptWarn`. */
type StoredWorkingDays = Omit<DeadlineClocks, 'acceptWarn'> & { acceptWarn?: number };

/** The deadline timers a referral sets, with the working days each counts from the referral. */
const CLOCKS: readonly { kind: TimerKind; days: keyof DeadlineClocks }[] = [
  { kind: 'accept_warn', days: 'acceptWarn' },
  { kind: 'accept_due', days: 'accept' },
  { kind: 'reply_warn', days: 'warn' },
  { kind: 'reply_due', days: 'reply' },
];

const day = (d: Date | null) => (d ? shanghaiDate(d) : '—');

/**
 * Counts the provisional deadlines of open cases again on `cal`: the case's due dates, its
 * unfired deadline timers, and a timeline note when a date moved. Each case in its own
 * transaction, so one failure leaves the others done (and itself still provisional, for the next
 * write). Returns how many cases changed (dates moved, or no longer provisional).
 */
export async function recomputeProvisionalDeadlines(
  deps: Pick<Deps, 'db' | 'now'>,
  cal: HolidayCalendar,
): Promise<number> {
  const open = await provisionalCaseIds(deps.db);
  let done = 0;
  for (const { id } of open) {
    await deps.db.transaction(async (tx) => {
      if (await recomputeCase(tx, id, cal, deps.now())) done++;
    });
  }
  return done;
}

async function recomputeCase(db: Db, caseId: string, cal: HolidayCalendar, at: Date): Promise<boolean> {
  const referral = await latestReferral(db, caseId);
  const stored = (referral?.payload as { workingDays?: StoredWorkingDays } | undefined)?.workingDays;
  const days: DeadlineClocks | undefined = stored && {
    ...stored,
    acceptWarn: stored.acceptWarn ?? Math.max(0, stored.accept - 1),
  };
  const row = await lockCase(db, caseId);
  if (!row?.deadlineProvisional || !row.replyDueAt || !referral || !days) return false;

  const due: Record<keyof DeadlineClocks, Date> = {
    accept: workingDayDeadline(cal, referral.at, days.accept),
    acceptWarn: workingDayDeadline(cal, referral.at, days.acceptWarn),
    reply: workingDayDeadline(cal, referral.at, days.reply),
    warn: workingDayDeadline(cal, referral.at, days.warn),
  };
  const provisional = cal.isProvisional(shanghaiDate(due.reply));
  const moved =
    due.accept.getTime() !== row.acceptDueAt?.getTime() || due.reply.getTime() !== row.replyDueAt.getTime();
  if (!moved) {
    // Same dates: only the flag can change, once the year is entered in full.
    if (provisional) return false;
    await clearProvisional(db, caseId);
    return true;
  }

  // Only the clocks still running move: one already fired or cancelled (accepted, say) stays so.
  const pending = await unfiredTimers(db, caseId);
  const running = CLOCKS.filter((c) => pending.some((p) => p.kind === c.kind));
  await cancelTimers(
    db,
    caseId,
    running.map((c) => c.kind),
    at,
  );
  for (const c of running) {
    const caseSeq = pending.find((p) => p.kind === c.kind)!.caseSeq;
    await scheduleTimer(db, {
      caseId,
      regionCode: row.regionCode,
      kind: c.kind,
      fireAt: due[c.days],
      caseSeq,
    });
  }
  await noteEvent(
    db,
    caseId,
    'deadlines_recomputed',
    {
      note: `节假日安排已录入，期限重新计算：签收 ${day(row.acceptDueAt)} → ${day(due.accept)}，答复 ${day(row.replyDueAt)} → ${day(due.reply)}`,
      acceptDueAt: due.accept,
      replyDueAt: due.reply,
      previous: { acceptDueAt: row.acceptDueAt, replyDueAt: row.replyDueAt },
      provisional,
    },
    SYSTEM,
    at,
    { acceptDueAt: due.accept, replyDueAt: due.reply, deadlineProvisional: provisional },
  );
  return true;
}
