import { addDays, shanghaiDate } from '@lianluo/domain';
import type { Db } from '../../db/client.ts';
import { enqueue } from '../notify/notify.service.ts';
import { lockUnremindedShifts, stampReminded, type UnremindedShift } from './reminders.queries.ts';

/**
 * The hour (Asia/Shanghai) from which the day-before reminders go out: a deputy hears about
 * tomorrow's shift during the day, not at midnight. A shift published later that day is still
 * reminded on the next worker pass.
 */
const REMINDER_HOUR = 9;

/**
 * Queues a reminder to every deputy rostered tomorrow (Asia/Shanghai) in the scope, each
 * (shift, deputy) exactly once however many workers run it at the same time: the rows are taken
 * with FOR UPDATE SKIP LOCKED (another worker passes them by instead of waiting), and the message
 * is queued only for rows whose `reminded_at` this transaction itself turned from null — a worker
 * that reads a row a moment after another committed it finds it stamped and queues nothing.
 */
export async function enqueueReminders(db: Db, scope: string | null, now: Date): Promise<number> {
  const tomorrow = addDays(shanghaiDate(now), 1);
  return db.transaction(async (tx) => {
    const rows = await lockUnremindedShifts(tx, scope, tomorrow);
    const mine: UnremindedShift[] = [];
    for (const r of rows) if (await stampReminded(tx, r, now)) mine.push(r);
    await enqueue(
      tx,
      now,
      mine.map((r) => ({
        regionCode: r.regionCode,
        channel: 'sms' as const,
        recipient: `deputy:${r.deputyId}`,
        template: 'rota_reminder' as const,
        vars: { date: r.date, start: r.start, end: r.end, station: r.stationName, address: r.address },
      })),
    );
    return mine.length;
  });
}

const shanghaiHour = (now: Date) =>
  Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hour12: false }).format(
      now,
    ),
  ) % 24;

/**
 * The worker's pass: from REMINDER_HOUR on, remind everyone (all regions) rostered tomorrow who
 * has not been reminded yet. Returns how many reminders were queued.
 */
export async function runRemindersOnce(db: Db, now: Date): Promise<number> {
  if (shanghaiHour(now) < REMINDER_HOUR) return 0;
  return enqueueReminders(db, null, now);
}
