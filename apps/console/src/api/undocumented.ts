/**
 * The answers of the few routes whose response the server's schema does not declare yet
 * (no `response` in their route schema, so the OpenAPI document says nothing of their body).
 * Until it does, the console types them here, from what the server's service returns. Each is
 * read through `undocumented()` (client.ts); give the route a response schema, run
 * `npm run api:types` and move its type to types.ts.
 */
import type { ShiftBooking } from '../shift-bookings.ts';
import type { ShiftItem } from './types.ts';

/** GET /api/attendance: one row per level, town, station or deputy. */
export interface AttendanceRow {
  key: string;
  label: string;
  assigned: number;
  attendedEnough: number;
  rate: number;
  shifts: number;
  attendedShifts: number;
  lateShifts: number;
  absentShifts: number;
}

/** GET /api/attendance. */
export interface AttendanceReport {
  items: AttendanceRow[];
  definition: string;
  period: { from: string; to: string; countedTo: string };
  periodLabel: string;
  required: number;
}

/** GET /api/stations/{id}/checklist. */
export interface StationChecklist {
  template: { id: string; key: string; name: string };
  completion: { done: number; total: number; rate: number };
  items: {
    id: string;
    position: number;
    text: string;
    evidence: {
      id: string;
      note: string;
      fileName: string | null;
      hasFile: boolean;
      recordedByName: string;
      recordedAt: string;
    }[];
  }[];
  assessments: { id: string; grade: string; note: string; assessedByName: string; assessedAt: string }[];
}

/** GET /api/checklist-templates (items). */
export interface ChecklistTemplate {
  id: string;
  key: string;
  name: string;
  items: { id: string; text: string }[];
}

/** GET /api/rota/shifts/{id}: a shift with its swaps, its visitor register and its bookings. */
export interface ShiftDetail extends ShiftItem {
  regionCode: string;
  swaps: {
    fromDeputyId: string;
    fromName: string;
    toDeputyId: string;
    toName: string;
    reason: string;
    at: string;
  }[];
  receptions: {
    id: string;
    visitorName: string;
    summary: string;
    deputyId: string | null;
    deputyName: string | null;
    receivedAt: string;
    caseId: string | null;
    cases: { id: string; number: string; title: string }[];
  }[];
  /** People who booked this shift on the public page (预约), the phone masked by the server. */
  bookings: ShiftBooking[];
}

/** GET /api/stations/{id}/rota-rules (items). */
export interface RotaRuleItem {
  id: string;
  rule: unknown;
  startTime: string;
  endTime: string;
  perShift: number;
  deputyIds: string[];
}
