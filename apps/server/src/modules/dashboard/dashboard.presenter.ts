import {
  ATTENDANCE_RATE_DEFINITION,
  type AttendanceRate,
  CASE_STATUS_LABELS,
  CASE_STATUSES,
  DEPUTY_LEVEL_LABELS,
  DEPUTY_LEVELS,
} from '@lianluo/domain';
import type { dashboardCounts } from './dashboard.queries.ts';

// The domain's lists, read by a status or level the database hands back as a plain string.
const STATUS_ORDER: readonly string[] = CASE_STATUSES;
const STATUS_LABELS: Readonly<Record<string, string>> = CASE_STATUS_LABELS;
const LEVEL_ORDER: readonly string[] = DEPUTY_LEVELS;
const LEVEL_LABELS: Readonly<Record<string, string>> = DEPUTY_LEVEL_LABELS;

type Counts = Awaited<ReturnType<typeof dashboardCounts>>;

/** 进站率 per deputy level, with the level's name, in the order of the levels (national first). */
export function presentAttendance(rates: ({ level: string } & AttendanceRate)[]) {
  return rates
    .map(({ level, ...rate }) => ({ level, label: LEVEL_LABELS[level], ...rate }))
    .sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
}

/**
 * The home page: counts as they are, cases by status in the order of the lifecycle, and the
 * twelve months of `months` (oldest first) with zero for a month without cases.
 */
export function presentDashboard(d: {
  region: { code: string; name: string };
  counts: Counts;
  months: string[];
  attendance: ReturnType<typeof presentAttendance>;
  period: { from: string; to: string };
}) {
  const { counts } = d;
  const reg = new Map(counts.registered.map((r) => [r.month, r.n]));
  const clo = new Map(counts.closed.map((r) => [r.month, r.n]));
  return {
    region: d.region,
    stations: counts.stations,
    deputies: counts.deputies,
    openCases: counts.openCases,
    overdueCases: counts.overdueCases,
    receptionsThisMonth: counts.receptionsThisMonth,
    casesByStatus: counts.byStatus
      .map((r) => ({ status: r.status, label: STATUS_LABELS[r.status], count: r.n }))
      .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status)),
    casesByCategory: counts.byCategory.map((r) => ({ category: r.category, label: r.label, count: r.n })),
    monthly: d.months.map((m) => ({ month: m, registered: reg.get(m) ?? 0, closed: clo.get(m) ?? 0 })),
    attendance: d.attendance,
    attendanceDefinition: ATTENDANCE_RATE_DEFINITION,
    attendancePeriod: d.period,
  };
}
