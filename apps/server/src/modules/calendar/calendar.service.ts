import {
  type CalendarEntry,
  type CalendarWarning,
  calendarEntryProblems,
  calendarWarnings,
  calendarYearRange,
  isIsoDate,
  missingStatutoryDays,
  shanghaiDate,
  yearOf,
} from '@lianluo/domain';
import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { auditActor, recordAudit } from '../../core/audit.queries.ts';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/client.ts';
import { calendarDays } from '../../db/schema/index.ts';
import { recomputeProvisionalDeadlines } from '../cases/deadlines.ts';

type Kind = CalendarEntry['kind'];

export type CalendarYear = {
  year: number;
  holidays: number;
  workdays: number;
  /** Every statutory day of the year is in: the notice was entered in full (completeYears). */
  complete: boolean;
  /** The statutory days not yet entered as days off, while it is not complete. */
  missing: string[];
};

export type CalendarStatus = {
  today: string;
  years: CalendarYear[];
  warnings: (CalendarWarning & { message: string })[];
};

function warningMessage(w: CalendarWarning): string {
  return w.reason === 'next_year'
    ? `${w.year}年节假日安排尚未录入完整，跨年的工作日期限暂按法定节假日推算，录入后自动重算，请管理员尽快录入`
    : `${w.year}年节假日安排尚未录入完整，工作日期限暂按法定节假日推算，录入后自动重算，请管理员尽快录入`;
}

/**
 * The loaded years with their counts, and the years missing while deadlines need them. Read from
 * the table, which every write here refreshes the in-process calendar from.
 */
export async function calendarStatus(deps: Pick<Deps, 'db' | 'now'>): Promise<CalendarStatus> {
  const days = await listDays(deps.db);
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

export async function listDays(db: Db, year?: number): Promise<CalendarEntry[]> {
  const rows = await db
    .select()
    .from(calendarDays)
    .where(
      year
        ? and(gte(calendarDays.date, `${year}-01-01`), lt(calendarDays.date, `${year + 1}-01-01`))
        : undefined,
    )
    .orderBy(asc(calendarDays.date));
  return rows.map((r) => ({ date: r.date, kind: r.kind as Kind, name: r.name }));
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
export async function addDays(deps: Deps, actor: Actor, days: CalendarEntry[]): Promise<{ added: number }> {
  const entries = days.map((d) => ({ date: d.date, kind: d.kind, name: d.name.trim() }));
  const problems = calendarEntryProblems(entries, shanghaiDate(deps.now()));
  if (problems.length > 0) throw new AppError('validation', problems.join('；'), { problems });
  const at = deps.now();
  await deps.db.transaction(async (tx) => {
    const replaced = await tx
      .select()
      .from(calendarDays)
      .where(
        inArray(
          calendarDays.date,
          entries.map((e) => e.date),
        ),
      );
    await tx
      .insert(calendarDays)
      .values(entries)
      .onConflictDoUpdate({
        target: calendarDays.date,
        set: { kind: sql`excluded.kind`, name: sql`excluded.name` },
      });
    await recordAudit(tx as unknown as Db, {
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
    const [row] = await tx.delete(calendarDays).where(eq(calendarDays.date, date)).returning();
    if (!row) return null;
    await recordAudit(tx as unknown as Db, {
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
  return { date: removed.date, kind: removed.kind as Kind, name: removed.name };
}
