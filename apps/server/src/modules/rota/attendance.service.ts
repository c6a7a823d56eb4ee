import { ATTENDANCE_RATE_DEFINITION, shanghaiDate } from '@lianluo/domain';
import { auditActor, recordAudit } from '../../core/audit.queries.ts';
import type { Actor, Deps } from '../../core/context.ts';
import { narrowScope } from '../../core/scope.ts';
import type { Db } from '../../db/client.ts';
import { workbook } from '../../http/xlsx.ts';
import {
  attendanceFileName,
  attendanceItems,
  attendanceSheet,
  groupAttendance,
  type Within,
} from './attendance.presenter.ts';
import * as q from './attendance.queries.ts';
import { REQUIRED_PER_QUARTER } from './rota.manage.ts';
import type { AttendanceQuery, AttendanceReport, GroupBy, Period } from './rota.schemas.ts';

export type { GroupBy, Period };

/** The calendar period of kind `period` containing `at`. */
function periodRange(period: Period, at: string): { from: string; to: string; label: string } {
  const y = Number(at.slice(0, 4));
  const m = Number(at.slice(5, 7));
  const span = { month: 1, quarter: 3, half: 6, year: 12 }[period];
  const first = Math.floor((m - 1) / span) * span + 1;
  const last = first + span - 1;
  const end = new Date(Date.UTC(y, last, 0)).getUTCDate();
  const label =
    period === 'month'
      ? `${y}年${m}月`
      : period === 'quarter'
        ? `${y}年第${(first + 2) / 3}季度`
        : period === 'half'
          ? `${y}年${first === 1 ? '上' : '下'}半年`
          : `${y}年`;
  return {
    from: `${y}-${String(first).padStart(2, '0')}-01`,
    to: `${y}-${String(last).padStart(2, '0')}-${String(end).padStart(2, '0')}`,
    label,
  };
}

/** How many shifts a deputy must attend in a period of this length (at least one). */
export function requiredShifts(period: Period): number {
  return Math.max(1, { month: 1, quarter: 1, half: 2, year: 4 }[period] * REQUIRED_PER_QUARTER);
}

/**
 * 进站率 over [from, to] (shifts up to today only: a future shift is not yet owed), grouped.
 * Each group's rate follows ATTENDANCE_RATE_DEFINITION; `required` per deputy is the period's
 * requirement, never more than they were rostered for.
 */
export async function attendanceReport(
  db: Db,
  scope: string,
  opts: {
    by: GroupBy;
    from: string;
    to: string;
    required: number;
    today: string;
    /** Drill-down: only the rows of one level, town (12-digit code) or station. */
    within?: Within;
  },
) {
  // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as strings; Math.min would make them NaN
  const to = opts.to < opts.today ? opts.to : opts.today;
  const rows = await q.attendanceRows(db, scope, opts.from, to);
  const grouped = groupAttendance(rows, opts.by, opts.within);
  const towns =
    opts.by === 'town' && grouped.groups.size ? await q.townNames(db, [...grouped.groups.keys()]) : [];
  return {
    items: attendanceItems(grouped, towns, opts),
    definition: ATTENDANCE_RATE_DEFINITION,
    period: { from: opts.from, to: opts.to, countedTo: to },
    required: opts.required,
  };
}

/** The report a request asks for: the caller's scope (or `region` in it), year and level by default. */
async function report(deps: Omit<Deps, 'log'>, actor: Actor, query: AttendanceQuery) {
  const scope = await narrowScope(deps, actor, query.region);
  const period = query.period ?? 'year';
  const today = shanghaiDate(deps.now());
  const range = periodRange(period, query.at ?? today);
  const by = query.by ?? 'level';
  const r = await attendanceReport(deps.db, scope, {
    by,
    from: range.from,
    to: range.to,
    required: requiredShifts(period),
    today,
    within: { level: query.level, town: query.town, station: query.station },
  });
  return { ...r, by, periodKind: period, periodLabel: range.label, scope };
}

export async function getAttendance(
  deps: Omit<Deps, 'log'>,
  actor: Actor,
  query: AttendanceQuery,
): Promise<AttendanceReport> {
  const { scope: _s, ...r } = await report(deps, actor, query);
  return r;
}

/** The report as the xlsx table sent to the standing committee; the export is audited. */
export async function exportAttendance(
  deps: Omit<Deps, 'log'>,
  actor: Actor,
  query: AttendanceQuery,
): Promise<{ bytes: Buffer; fileName: string }> {
  const r = await report(deps, actor, query);
  const bytes = await workbook([attendanceSheet(r)]);
  await recordAudit(deps.db, {
    at: deps.now(),
    event: 'export',
    outcome: 'success',
    actor: auditActor(actor),
    objectType: 'attendance',
    objectId: r.scope,
    ip: actor.ip,
    requestId: actor.requestId,
    detail: { by: r.by, period: r.periodKind },
  });
  return { bytes, fileName: attendanceFileName(r.periodLabel) };
}
