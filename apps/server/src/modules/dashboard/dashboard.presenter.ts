import {
  ATTENDANCE_RATE_DEFINITION,
  attendanceRate,
  CASE_STATUS_LABELS,
  type CaseStatus,
  DEPUTY_LEVEL_LABELS,
  type DeputyLevel,
  shanghaiDate,
} from '@lianluo/domain';
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Actor } from '../../core/context.ts';
import { caseVisibility, OPEN_STATUSES, overdueSql } from '../../core/policies/case-visibility.queries.ts';
import type { Db } from '../../db/client.ts';
import {
  cases,
  categories,
  deputies,
  receptions,
  regions,
  shiftDeputies,
  stations,
} from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';

/** Shifts a deputy must attend per quarter to count as attending (进站履职要求), county default. */
export const REQUIRED_SHIFTS_PER_QUARTER = 1;

const count = sql<number>`count(*)::int`;

/** Start of the Shanghai calendar month `back` months before `now`'s month, as an instant. */
function monthStart(now: Date, back: number): { date: string; instant: Date } {
  const [y, m] = shanghaiDate(now).split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) - back;
  const date = `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}-01`;
  return { date, instant: new Date(`${date}T00:00:00+08:00`) };
}

/**
 * The home page's figures for a scope. Read-only; every number is a count over rows in the scope,
 * so what a town officer sees adds up to what the county sees for that town.
 */
export async function presentDashboard(db: Db, actor: Actor, scope: string, now: Date) {
  const visible = caseVisibility(actor, scope);
  const yearAgo = monthStart(now, 11);
  const thisMonth = monthStart(now, 0);
  const [region] = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(eq(regions.code, scope.padEnd(12, '0')));

  const [[st], [dep], [open], [over], [rec], byStatus, byCategory, registered, closed, attendanceRows] =
    await Promise.all([
      db.select({ n: count }).from(stations).where(scopeWhere(stations.regionCode, scope)),
      db.select({ n: count }).from(deputies).where(scopeWhere(deputies.regionCode, scope)),
      db
        .select({ n: count })
        .from(cases)
        .where(and(visible, inArray(cases.status, OPEN_STATUSES))),
      db
        .select({ n: count })
        .from(cases)
        .where(and(visible, overdueSql(now))),
      db
        .select({ n: count })
        .from(receptions)
        .where(and(scopeWhere(receptions.regionCode, scope), gte(receptions.receivedAt, thisMonth.instant))),
      db.select({ status: cases.status, n: count }).from(cases).where(visible).groupBy(cases.status),
      db
        .select({
          category: sql<string>`coalesce(${cases.categoryKey}, '')`,
          label: sql<string>`coalesce(${categories.name}, '未分类')`,
          n: count,
        })
        .from(cases)
        .leftJoin(categories, eq(categories.key, cases.categoryKey))
        .where(visible)
        .groupBy(cases.categoryKey, categories.name)
        .orderBy(sql`count(*) desc`),
      monthly(db, and(visible, gte(cases.registeredAt, yearAgo.instant)), cases.registeredAt),
      monthly(
        db,
        and(visible, gte(cases.closedAt, yearAgo.instant), eq(cases.status, 'closed')),
        cases.closedAt,
      ),
      attendance(db, scope, yearAgo.date, shanghaiDate(now)),
    ]);

  const months: string[] = [];
  for (let i = 11; i >= 0; i--) months.push(monthStart(now, i).date.slice(0, 7));
  const reg = new Map(registered.map((r) => [r.month, r.n]));
  const clo = new Map(closed.map((r) => [r.month, r.n]));

  return {
    region: region ?? { code: scope.padEnd(12, '0'), name: scope },
    stations: st?.n ?? 0,
    deputies: dep?.n ?? 0,
    openCases: open?.n ?? 0,
    overdueCases: over?.n ?? 0,
    receptionsThisMonth: rec?.n ?? 0,
    casesByStatus: byStatus
      .map((r) => ({ status: r.status, label: CASE_STATUS_LABELS[r.status as CaseStatus], count: r.n }))
      .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status)),
    casesByCategory: byCategory.map((r) => ({ category: r.category, label: r.label, count: r.n })),
    monthly: months.map((m) => ({ month: m, registered: reg.get(m) ?? 0, closed: clo.get(m) ?? 0 })),
    attendance: attendanceRows,
    attendanceDefinition: ATTENDANCE_RATE_DEFINITION,
    attendancePeriod: { from: yearAgo.date, to: shanghaiDate(now) },
  };
}

const STATUS_ORDER = [
  'registered',
  'triaged',
  'assigned',
  'accepted',
  'replied',
  'fed_back',
  'rated',
  'reopened',
  'closed',
  'withdrawn',
];

function monthly(
  db: Db,
  where: ReturnType<typeof and>,
  column: typeof cases.registeredAt | typeof cases.closedAt,
) {
  const month = sql<string>`to_char(${column} at time zone 'Asia/Shanghai', 'YYYY-MM')`;
  return db.select({ month, n: count }).from(cases).where(where).groupBy(month);
}

/**
 * 进站率 by level over [from, to]: a deputy rostered in the period counts as attending when they
 * came to at least the required number of shifts (the quarterly requirement over the period,
 * never more than they were rostered for).
 */
export async function attendance(db: Db, scope: string, from: string, to: string) {
  const rows = await db
    .select({
      deputyId: shiftDeputies.deputyId,
      level: deputies.level,
      rostered: count,
      attended: sql<number>`count(*) filter (where ${shiftDeputies.attendance} in ('present','late'))::int`,
    })
    .from(shiftDeputies)
    .innerJoin(deputies, eq(deputies.id, shiftDeputies.deputyId))
    .where(
      and(scopeWhere(deputies.regionCode, scope), gte(shiftDeputies.date, from), lt(shiftDeputies.date, to)),
    )
    .groupBy(shiftDeputies.deputyId, deputies.level);
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
  return [...perLevel.entries()]
    .map(([level, list]) => ({
      level,
      label: DEPUTY_LEVEL_LABELS[level as DeputyLevel],
      ...attendanceRate(list),
    }))
    .sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
}

const LEVEL_ORDER = ['national', 'provincial', 'city', 'county', 'town'];
