/**
 * 进站率, the attendance rate the county reports (DESIGN.md, "Rota and attendance": e.g. town
 * deputies 57%, county deputies 21%). The server groups rows by level and calls this per group.
 */

/** The definition as printed under the figure in reports. */
export const ATTENDANCE_RATE_DEFINITION =
  '进站率 = 统计期内进站履职次数达到应进站次数的代表人数 ÷ 统计期内有进站安排的代表人数。' +
  '同一代表在多个联络站的安排与签到合并计算；应进站次数为 0 的代表不计入分母；' +
  '进站以代表在站点扫码签到并经联络员确认为准；无代表时进站率记为 0。';

/** One deputy's shifts in the period: how many were required, how many attended. */
export type AttendanceRow = { deputyId: string; required: number; attended: number };

/** The rate and its two counts; `rate` is a fraction in [0, 1], not a percentage. */
export type AttendanceRate = { assigned: number; attendedEnough: number; rate: number };

/**
 * The attendance rate of a group of deputies over a period (see
 * {@link ATTENDANCE_RATE_DEFINITION}). Rows of the same deputy are summed first, since a deputy
 * grouped into two stations is one deputy with two sets of shifts. Throws a RangeError on a
 * negative or fractional count, which can only come from a bug upstream.
 */
export function attendanceRate(rows: readonly AttendanceRow[]): AttendanceRate {
  const byDeputy = new Map<string, { required: number; attended: number }>();
  for (const r of rows) {
    for (const [field, v] of [
      ['required', r.required],
      ['attended', r.attended],
    ] as const) {
      if (!Number.isInteger(v) || v < 0) {
        throw new RangeError(`${field} of deputy ${r.deputyId} must be a non-negative integer, got ${v}`);
      }
    }
    const acc = byDeputy.get(r.deputyId) ?? { required: 0, attended: 0 };
    acc.required += r.required;
    acc.attended += r.attended;
    byDeputy.set(r.deputyId, acc);
  }
  let assigned = 0;
  let attendedEnough = 0;
  for (const { required, attended } of byDeputy.values()) {
    // A deputy with nothing required was not assigned: counting them would inflate the rate.
    if (required === 0) continue;
    assigned++;
    if (attended >= required) attendedEnough++;
  }
  return { assigned, attendedEnough, rate: assigned === 0 ? 0 : attendedEnough / assigned };
}
