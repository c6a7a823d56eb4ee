import type {
  AppointmentRow,
  ReceptionCaseRow,
  ReceptionRow,
  RuleRow,
  ShiftDeputyRow,
  ShiftRow,
  SwapRow,
} from './rota.queries.ts';
import type { RotaRuleItem, Shift, ShiftDetail } from './rota.schemas.ts';

export const presentRule = (r: RuleRow): RotaRuleItem => ({ ...r, createdAt: r.createdAt.toISOString() });

/** Shifts with the deputies rostered on each and their check-in. */
export function presentShifts(shifts: ShiftRow[], people: ShiftDeputyRow[]): Shift[] {
  return shifts.map((s) => ({
    ...s,
    deputies: people
      .filter((p) => p.shiftId === s.id)
      .map((p) => ({
        id: p.deputyId,
        name: p.name,
        attendance: p.attendance,
        checkedInAt: p.checkedInAt ? p.checkedInAt.toISOString() : null,
        method: p.method,
      })),
  }));
}

/** The shift page: the roster, swaps, the visitor register with its cases, and the bookings. */
export function presentShiftDetail(
  shift: Shift,
  swaps: SwapRow[],
  recs: ReceptionRow[],
  linked: ReceptionCaseRow[],
  names: Map<string, string>,
  bookings: AppointmentRow[],
): ShiftDetail {
  return {
    ...shift,
    swaps: swaps.map((w) => ({
      fromDeputyId: w.fromDeputyId,
      fromName: names.get(w.fromDeputyId) ?? '',
      toDeputyId: w.toDeputyId,
      toName: names.get(w.toDeputyId) ?? '',
      reason: w.reason,
      at: w.at.toISOString(),
    })),
    receptions: recs.map((r) => ({
      ...r,
      cases: linked
        .filter((c) => c.receptionId === r.id || c.id === r.caseId)
        .map((c) => ({ id: c.id, number: c.number, title: c.title })),
      deputyName: r.deputyId ? (names.get(r.deputyId) ?? '') : null,
      receivedAt: r.receivedAt.toISOString(),
    })),
    // People who booked this shift on the station's public page (预约), expected at the desk.
    bookings: bookings.map((b) => ({ ...b, createdAt: b.createdAt.toISOString() })),
  };
}

/** The station's rota for the wall (xlsx): date, time and the deputies of each shift. */
export function rotaSheet(
  st: { name: string; address: string; openingHours: string },
  from: string,
  to: string,
  shifts: Shift[],
) {
  return {
    name: '接待排班表',
    title: `${st.name}代表接待排班表（${from} 至 ${to}）`,
    columns: [
      { header: '日期', width: 14 },
      { header: '时间', width: 14 },
      { header: '接待代表', width: 40 },
    ],
    rows: shifts.map((s) => [
      s.date,
      `${s.startTime}–${s.endTime}`,
      s.deputies.map((d) => d.name).join('、'),
    ]),
    notes: [`地址：${st.address}`, `开放时间：${st.openingHours}`],
  };
}
