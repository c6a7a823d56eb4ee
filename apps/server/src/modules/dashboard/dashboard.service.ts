import { attendanceRate, shanghaiDate } from '@lianluo/domain';
import type { Actor, Deps } from '../../core/context.ts';
import { caseVisibility } from '../../core/policies/case-visibility.queries.ts';
import { narrowScope } from '../../core/scope.ts';
import type { Db } from '../../db/client.ts';
import { presentAttendance, presentDashboard } from './dashboard.presenter.ts';
import * as q from './dashboard.queries.ts';
import type { DashboardQuery } from './dashboard.schemas.ts';

/** Shifts a deputy must attend per quarter to count as attending (进站履职要求), county default. */
const REQUIRED_SHIFTS_PER_QUARTER = 1;

/** Start of the Shanghai calendar month `back` months before `now`'s month, as an instant. */
function monthStart(now: Date, back: number): { date: string; instant: Date } {
  const [y, m] = shanghaiDate(now).split('-').map(Number);
  const idx = y * 12 + (m - 1) - back;
  const date = `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}-01`;
  return { date, instant: new Date(`${date}T00:00:00+08:00`) };
}

/**
 * The home page's figures for the caller's scope or a region in it. Read-only; every number is a
 * count over rows in the scope, so what a town officer sees adds up to what the county sees for
 * that town.
 */
export async function getDashboard(deps: Deps, actor: Actor, query: DashboardQuery) {
  const scope = await narrowScope(deps, actor, query.region);
  return dashboard(deps.db, actor, scope, deps.now());
}

async function dashboard(db: Db, actor: Actor, scope: string, now: Date) {
  const yearAgo = monthStart(now, 11);
  const thisMonth = monthStart(now, 0);
  const today = shanghaiDate(now);
  const region = await q.findRegion(db, scope.padEnd(12, '0'));
  const [counts, rates] = await Promise.all([
    q.dashboardCounts(db, {
      visible: caseVisibility(actor, scope),
      scope,
      now,
      monthStart: thisMonth.instant,
      yearStart: yearAgo.instant,
    }),
    attendance(db, scope, yearAgo.date, today),
  ]);
  const months: string[] = [];
  for (let i = 11; i >= 0; i--) months.push(monthStart(now, i).date.slice(0, 7));
  return presentDashboard({
    region: region ?? { code: scope.padEnd(12, '0'), name: scope },
    counts,
    months,
    attendance: rates,
    period: { from: yearAgo.date, to: today },
  });
}

/**
 * 进站率 by level over [from, to]: a deputy rostered in the period counts as attending when they
 * came to at least the required number of shifts (the quarterly requirement over the period,
 * never more than they were rostered for).
 */
export async function attendance(db: Db, scope: string, from: string, to: string) {
  const rows = await q.attendanceByDeputy(db, scope, from, to);
  const quarters = Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000 / 91.3));
  const perLevel = new Map<string, { deputyId: string; required: number; attended: number }[]>();
  for (const r of rows) {
    const list = perLevel.get(r.level) ?? [];
    list.push({
      deputyId: r.deputyId,
      required: Math.min(r.rostered, quarters * REQUIRED_SHIFTS_PER_QUARTER),
      attended: r.attended,
    });
    perLevel.set(r.level, list);
  }
  return presentAttendance(
    [...perLevel.entries()].map(([level, list]) => ({ level, ...attendanceRate(list) })),
  );
}
