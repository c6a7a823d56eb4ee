import {
  ATTENDANCE_RATE_DEFINITION,
  attendanceRate,
  DEPUTY_LEVEL_LABELS,
  type DeputyLevel,
  shanghaiDate,
} from '@lianluo/domain';
import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { deputies, regions, rotaShifts, shiftDeputies, stations } from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';
import { REQUIRED_PER_QUARTER } from './rota.manage.ts';

export type Period = 'month' | 'quarter' | 'half' | 'year';
export type GroupBy = 'level' | 'town' | 'station' | 'deputy';

export const PERIOD_LABELS: Record<Period, string> = {
  month: '月',
  quarter: '季度',
  half: '半年',
  year: '年',
};

/** The calendar period of kind `period` containing `at`. */
export function periodRange(period: Period, at: string): { from: string; to: string; label: string } {
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
    within?: { level?: string; town?: string; station?: string };
  },
) {
  const to = opts.to < opts.today ? opts.to : opts.today;
  const rows = await db
    .select({
      deputyId: shiftDeputies.deputyId,
      name: deputies.name,
      level: deputies.level,
      stationId: rotaShifts.stationId,
      stationName: stations.name,
      town: sql<string>`substr(${stations.regionCode}, 1, 9) || '000'`,
      rostered: sql<number>`count(*)::int`,
      attended: sql<number>`count(*) filter (where ${shiftDeputies.attendance} in ('present','late'))::int`,
      late: sql<number>`count(*) filter (where ${shiftDeputies.attendance} = 'late')::int`,
      absent: sql<number>`count(*) filter (where ${shiftDeputies.attendance} = 'absent')::int`,
    })
    .from(shiftDeputies)
    .innerJoin(deputies, eq(deputies.id, shiftDeputies.deputyId))
    .innerJoin(rotaShifts, eq(rotaShifts.id, shiftDeputies.shiftId))
    .innerJoin(stations, eq(stations.id, rotaShifts.stationId))
    .where(
      and(
        scopeWhere(rotaShifts.regionCode, scope),
        gte(shiftDeputies.date, opts.from),
        lte(shiftDeputies.date, to),
        eq(rotaShifts.status, 'published'),
      ),
    )
    .groupBy(
      shiftDeputies.deputyId,
      deputies.name,
      deputies.level,
      rotaShifts.stationId,
      stations.name,
      stations.regionCode,
    );

  // A deputy's requirement is met over all their stations together; a per-station figure uses
  // the rows of that station only.
  const perDeputy = new Map<string, { rostered: number; attended: number }>();
  for (const r of rows) {
    const a = perDeputy.get(r.deputyId) ?? { rostered: 0, attended: 0 };
    a.rostered += r.rostered;
    a.attended += r.attended;
    perDeputy.set(r.deputyId, a);
  }
  const w = opts.within ?? {};
  // Filter after the per-deputy totals: a deputy's requirement still counts all their stations,
  // so a town's figure and the deputies listed under it agree.
  const inside = rows.filter(
    (r) =>
      (!w.level || r.level === w.level) &&
      (!w.town || r.town === w.town) &&
      (!w.station || r.stationId === w.station),
  );
  const keyOf = (r: (typeof rows)[number]) =>
    opts.by === 'level'
      ? r.level
      : opts.by === 'town'
        ? r.town
        : opts.by === 'station'
          ? r.stationId
          : r.deputyId;
  const groups = new Map<string, typeof rows>();
  for (const r of inside) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);

  const towns =
    opts.by === 'town' && groups.size
      ? await db
          .select({ code: regions.code, name: regions.name })
          .from(regions)
          .where(inArray(regions.code, [...groups.keys()]))
      : [];
  const labelOf = (key: string, list: typeof rows) =>
    opts.by === 'level'
      ? DEPUTY_LEVEL_LABELS[key as DeputyLevel]
      : opts.by === 'town'
        ? (towns.find((t) => t.code === key)?.name ?? key)
        : opts.by === 'station'
          ? list[0]!.stationName
          : list[0]!.name;

  const items = [...groups.entries()].map(([key, list]) => {
    const byDeputy = new Map<string, { rostered: number; attended: number }>();
    for (const r of list) {
      // A station's figure (and the deputies listed under one station) counts that station only.
      const source = opts.by === 'station' || w.station ? r : perDeputy.get(r.deputyId)!;
      byDeputy.set(r.deputyId, { rostered: source.rostered, attended: source.attended });
    }
    const rate = attendanceRate(
      [...byDeputy].map(([deputyId, v]) => ({
        deputyId,
        required: Math.min(v.rostered, opts.required),
        attended: Math.min(v.attended, Math.min(v.rostered, opts.required)),
      })),
    );
    return {
      key,
      label: labelOf(key, list),
      ...rate,
      shifts: list.reduce((a, r) => a + r.rostered, 0),
      attendedShifts: list.reduce((a, r) => a + r.attended, 0),
      lateShifts: list.reduce((a, r) => a + r.late, 0),
      absentShifts: list.reduce((a, r) => a + r.absent, 0),
    };
  });
  const order = ['national', 'provincial', 'city', 'county', 'town'];
  items.sort((a, b) =>
    opts.by === 'level'
      ? order.indexOf(a.key) - order.indexOf(b.key)
      : a.label.localeCompare(b.label, 'zh-CN'),
  );
  return {
    items,
    definition: ATTENDANCE_RATE_DEFINITION,
    period: { from: opts.from, to: opts.to, countedTo: to },
    required: opts.required,
  };
}

export const todayOf = (now: Date) => shanghaiDate(now);
