// Provisional deadlines (暂定期限): a referral whose working days reach into a year whose holiday
// notice is not yet entered counts that year's statutory days (HolidayCalendar.provisionalYear).
// Once the administrator enters the notice, every such open case is counted again here.

import { type DeadlineClocks, type HolidayCalendar, shanghaiDate, workingDayDeadline } from '@lianluo/domain';
import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Deps } from '../../core/context.ts';
import type { Db } from '../../db/client.ts';
import { caseEvents, cases, caseTimers } from '../../db/schema/index.ts';
import { noteEvent } from './cases.service.ts';
import { cancelTimers, scheduleTimer, type TimerKind } from './timers.ts';

const SYSTEM = { id: null, name: '系统' };

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
  const open = await deps.db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.deadlineProvisional, true), isNotNull(cases.replyDueAt)));
  let done = 0;
  for (const { id } of open) {
    await deps.db.transaction(async (tx) => {
      if (await recomputeCase(tx as unknown as Db, id, cal, deps.now())) done++;
    });
  }
  return done;
}

async function recomputeCase(db: Db, caseId: string, cal: HolidayCalendar, at: Date): Promise<boolean> {
  const [referral] = await db
    .select({ at: caseEvents.at, payload: caseEvents.payload })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.action, 'refer')))
    .orderBy(desc(caseEvents.seq))
    .limit(1);
  const stored = (referral?.payload as { workingDays?: StoredWorkingDays } | undefined)?.workingDays;
  const days: DeadlineClocks | undefined = stored && {
    ...stored,
    acceptWarn: stored.acceptWarn ?? Math.max(0, stored.accept - 1),
  };
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId)).for('update');
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
    await db.update(cases).set({ deadlineProvisional: false }).where(eq(cases.id, caseId));
    return true;
  }

  // Only the clocks still running move: one already fired or cancelled (accepted, say) stays so.
  const pending = await db
    .select({ kind: caseTimers.kind, caseSeq: caseTimers.caseSeq })
    .from(caseTimers)
    .where(and(eq(caseTimers.caseId, caseId), isNull(caseTimers.firedAt)));
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
