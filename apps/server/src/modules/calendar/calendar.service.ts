import {
  type CalendarEntry,
  calendarEntryProblems,
  calendarWarnings,
  calendarYearRange,
  isIsoDate,
  missingStatutoryDays,
  shanghaiDate,
  yearOf,
} from '@lianluo/domain';
import { auditActor, recordAudit } from '../../core/audit.queries.ts';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { recomputeProvisionalDeadlines } from '../cases/deadlines.ts';
import { toCalendarEntry, warningMessage } from './calendar.presenter.ts';
import * as q from './calendar.queries.ts';
import type { Added, CalendarDay, CalendarStatus, CalendarYear } from './calendar.schemas.ts';

/**
 * The loaded years with their counts, and the years missing while deadlines need them. Read from
 * the table, which every write here refreshes the in-process calendar from.
 */
export async function calendarStatus(deps: Pick<Deps, 'db' | 'now'>): Promise<CalendarStatus> {
  const days = await listDays(deps);
  const holidays = new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.date));
  const byYear = new Map<number, CalendarYear>();
  for (const d of days) {
    const year = yearOf(d.date);
    let y = byYear.get(year);
    if (!y) {
      const missing = missingStatutoryDays(year, holidays);
      y = { year, holidays: 0, workdays: 0, complete: missing.length === 0, missing };
      byYear.set(year, y);
    }
    if (d.kind === 'holiday') y.holidays++;
    else y.workdays++;
  }
  const today = shanghaiDate(deps.now());
  const years = [...byYear.values()];
  const warnings = calendarWarnings(
    today,
    years.filter((y) => y.complete).map((y) => y.year),
  ).map((w) => ({ ...w, message: warningMessage(w) }));
  return { today, years, warnings };
}

export async function listDays(deps: Pick<Deps, 'db'>, year?: number): Promise<CalendarEntry[]> {
  return (await q.selectDays(deps.db, year)).map(toCalendarEntry);
}

/**
 * After a committed write, so the next deadline counts on it. A failed reload does not undo the
 * write; the periodic reload (main.ts) picks it up.
 */
async function reloadCalendar(deps: Deps): Promise<void> {
  try {
    await deps.calendarChanged?.();
  } catch (err) {
    deps.log.error({ err }, 'holiday calendar reload failed after a write');
    return;
  }
  try {
    const n = await recomputeProvisionalDeadlines(deps, await deps.calendar());
    if (n > 0) deps.log.info({ cases: n }, 'provisional deadlines counted again on the new calendar');
  } catch (err) {
    deps.log.error({ err }, 'provisional deadlines could not be counted again');
  }
}

/**
 * Stores days from the notice; a day already there takes the new kind and name (a correction),
 * and what it replaced goes into the audit row. All or nothing: one bad line refuses the lot.
 */
export async function addDays(deps: Deps, actor: Actor, days: CalendarDay[]): Promise<Added> {
  const entries = days.map((d) => ({ date: d.date, kind: d.kind, name: d.name.trim() }));
  const problems = calendarEntryProblems(entries, shanghaiDate(deps.now()));
  if (problems.length > 0) throw new AppError('validation', problems.join('；'), { problems });
  const at = deps.now();
  await deps.db.transaction(async (tx) => {
    const replaced = await q.selectDaysOn(
      tx,
      entries.map((e) => e.date),
    );
    await q.upsertDays(tx, entries);
    await recordAudit(tx, {
      at,
      event: 'calendar_days_added',
      outcome: 'success',
      actor: auditActor(actor),
      objectType: 'calendar',
      objectId: [...new Set(entries.map((e) => yearOf(e.date)))].join(','),
      ip: actor.ip,
      requestId: actor.requestId,
      detail: { days: entries, replaced },
    });
  });
  await reloadCalendar(deps);
  return { added: entries.length };
}

/** Removes a day entered by mistake (404 when there is none), audited with what it was. */
export async function deleteDay(deps: Deps, actor: Actor, date: string): Promise<CalendarEntry> {
  if (!isIsoDate(date)) throw new AppError('validation', `日期不正确：${date}`);
  const { min, max } = calendarYearRange(shanghaiDate(deps.now()));
  if (yearOf(date) < min || yearOf(date) > max) {
    throw new AppError('validation', `${date}：只能修改${min}年至${max}年的节假日安排`);
  }
  const at = deps.now();
  const removed = await deps.db.transaction(async (tx) => {
    const row = await q.deleteDayRow(tx, date);
    if (!row) return null;
    await recordAudit(tx, {
      at,
      event: 'calendar_day_deleted',
      outcome: 'success',
      actor: auditActor(actor),
      objectType: 'calendar_day',
      objectId: date,
      ip: actor.ip,
      requestId: actor.requestId,
      detail: { date: row.date, kind: row.kind, name: row.name },
    });
    return row;
  });
  if (!removed) throw new AppError('not_found', `${date} 不在节假日安排中`);
  await reloadCalendar(deps);
  return toCalendarEntry(removed);
}
