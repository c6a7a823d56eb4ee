import { attendanceRate, DEPUTY_LEVEL_LABELS, DEPUTY_LEVELS, type DeputyLevel } from '@lianluo/domain';
import type { AttendanceRow } from './attendance.queries.ts';
import type { AttendanceItem, GroupBy } from './rota.schemas.ts';

/** Drill-down: only the rows of one level, town (12-digit code) or station. */
export type Within = { level?: string; town?: string; station?: string };

type Counts = { rostered: number; attended: number };

export interface Grouped {
  groups: Map<string, AttendanceRow[]>;
  /** Each deputy's shifts over all their stations: a deputy's requirement is met over all of them. */
  perDeputy: Map<string, Counts>;
}

/** The rows grouped by level, town, station or deputy, after the drill-down. */
export function groupAttendance(rows: AttendanceRow[], by: GroupBy, within: Within = {}): Grouped {
  // A deputy's requirement is met over all their stations together; a per-station figure uses
  // the rows of that station only.
  const perDeputy = new Map<string, Counts>();
  for (const r of rows) {
    const a = perDeputy.get(r.deputyId) ?? { rostered: 0, attended: 0 };
    a.rostered += r.rostered;
    a.attended += r.attended;
    perDeputy.set(r.deputyId, a);
  }
  const w = within;
  // Filter after the per-deputy totals: a deputy's requirement still counts all their stations,
  // so a town's figure and the deputies listed under it agree.
  const inside = rows.filter(
    (r) =>
      (!w.level || r.level === w.level) &&
      (!w.town || r.town === w.town) &&
      (!w.station || r.stationId === w.station),
  );
  const keyOf = (r: AttendanceRow) =>
    by === 'level' ? r.level : by === 'town' ? r.town : by === 'station' ? r.stationId : r.deputyId;
  const groups = new Map<string, AttendanceRow[]>();
  for (const r of inside) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  return { groups, perDeputy };
}

/**
 * One figure per group. Each group's rate follows ATTENDANCE_RATE_DEFINITION; `required` per
 * deputy is the period's requirement, never more than they were rostered for.
 */
export function attendanceItems(
  { groups, perDeputy }: Grouped,
  towns: { code: string; name: string }[],
  opts: { by: GroupBy; required: number; within?: Within },
): AttendanceItem[] {
  const w = opts.within ?? {};
  const labelOf = (key: string, list: AttendanceRow[]) =>
    opts.by === 'level'
      ? DEPUTY_LEVEL_LABELS[key as DeputyLevel]
      : opts.by === 'town'
        ? (towns.find((t) => t.code === key)?.name ?? key)
        : opts.by === 'station'
          ? list[0]!.stationName
          : list[0]!.name;

  const items = [...groups.entries()].map(([key, list]) => {
    const byDeputy = new Map<string, Counts>();
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
  const levelOrder = (key: string) => DEPUTY_LEVELS.indexOf(key as DeputyLevel);
  items.sort((a, b) =>
    opts.by === 'level' ? levelOrder(a.key) - levelOrder(b.key) : a.label.localeCompare(b.label, 'zh-CN'),
  );
  return items;
}
const BY_LABELS: Record<GroupBy, string> = {
  level: '代表层级',
  town: '乡镇(街道)',
  station: '联络站',
  deputy: '代表',
};

/** The attendance table as the standing committee receives it (xlsx). */
export function attendanceSheet(r: {
  by: GroupBy;
  periodLabel: string;
  items: AttendanceItem[];
  period: { from: string; to: string; countedTo: string };
  required: number;
  definition: string;
}) {
  return {
    name: '进站率统计',
    title: `代表进站履职情况统计表（${r.periodLabel}，按${BY_LABELS[r.by]}）`,
    columns: [
      { header: BY_LABELS[r.by], width: 24 },
      { header: '应进站代表数', width: 14 },
      { header: '达到要求代表数', width: 16 },
      { header: '进站率', width: 10 },
      { header: '排班人次', width: 10 },
      { header: '进站人次', width: 10 },
      { header: '迟到人次', width: 10 },
      { header: '缺席人次', width: 10 },
    ],
    rows: r.items.map((i) => [
      i.label,
      i.assigned,
      i.attendedEnough,
      `${(i.rate * 100).toFixed(1)}%`,
      i.shifts,
      i.attendedShifts,
      i.lateShifts,
      i.absentShifts,
    ]),
    notes: [
      `统计期：${r.period.from} 至 ${r.period.to}（计至 ${r.period.countedTo}）；每名代表应进站 ${r.required} 次（不超过其排班次数）。`,
      `口径：${r.definition}`,
    ],
  };
}

/** The download name of the attendance table. */
export const attendanceFileName = (periodLabel: string) => `进站率统计-${periodLabel}.xlsx`;
