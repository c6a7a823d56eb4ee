/**
 * Typed calls of the network screens (checklist templates, assessments, shifts with swaps and the
 * visitor register, region import, grouping into stations, attendance drill-down). They go
 * through `api.ts`'s `request`, so errors and the 401 hook behave like every other call.
 */
import {
  type AttendanceReport,
  apiRequest,
  type CaseItem,
  type Page,
  type ShiftItem,
  withQuery,
} from './api.ts';
import type { ShiftBooking } from './shift-bookings.ts';

export interface ChecklistTemplate {
  id: string;
  key: string;
  name: string;
  regionCode?: string | null;
  items: { id: string; position?: number; text: string }[];
}

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

export interface DeputyDetail {
  id: string;
  name: string;
  level: string;
  levelLabel: string;
  regionCode: string;
  regionName: string;
  constituency: string;
  stationList: { id: string; name: string; role: string }[];
}

export interface RegionRow {
  code: string;
  name: string;
  level: string;
  parentCode?: string | null;
}

export interface AttendanceQuery {
  region?: string | null;
  by: string;
  period: string;
  level?: string;
  town?: string;
  station?: string;
}

const enc = encodeURIComponent;

export const networkApi = {
  templates: (signal?: AbortSignal) =>
    apiRequest<{ items: ChecklistTemplate[] }>('/api/checklist-templates', { signal }),
  saveTemplate: (body: { key: string; name: string; items: { id?: string; text: string }[] }) =>
    apiRequest<{ id: string }>('/api/checklist-templates', { method: 'PUT', body }),

  assess: (stationId: string, body: { grade: string; note: string }) =>
    apiRequest<{ id: string }>(`/api/stations/${enc(stationId)}/assessments`, { method: 'POST', body }),

  shift: (id: string, signal?: AbortSignal) =>
    apiRequest<ShiftDetail>(`/api/rota/shifts/${enc(id)}`, { signal }),
  swap: (shiftId: string, body: { fromDeputyId: string; toDeputyId: string; reason: string }) =>
    apiRequest<{ ok: boolean }>(`/api/rota/shifts/${enc(shiftId)}/swap`, { method: 'POST', body }),
  addDeputy: (shiftId: string, deputyId: string) =>
    apiRequest<{ ok: boolean }>(`/api/rota/shifts/${enc(shiftId)}/deputies`, {
      method: 'POST',
      body: { deputyId },
    }),
  markAbsent: (shiftId: string, deputyId: string) =>
    apiRequest<{ ok: boolean }>(`/api/rota/shifts/${enc(shiftId)}/absent`, {
      method: 'POST',
      body: { deputyId },
    }),
  addReception: (
    shiftId: string,
    body: { visitorName: string; visitorPhone?: string; summary: string; deputyId?: string; caseId?: string },
  ) => apiRequest<{ id: string }>(`/api/rota/shifts/${enc(shiftId)}/receptions`, { method: 'POST', body }),
  linkCase: (receptionId: string, caseId: string | null) =>
    apiRequest<{ ok: boolean }>(`/api/rota/receptions/${enc(receptionId)}/case`, {
      method: 'PUT',
      body: { caseId },
    }),
  findCases: (q: string, signal?: AbortSignal) =>
    apiRequest<Page<CaseItem>>(withQuery('/api/cases', { q, limit: 20 }), { signal }),

  shiftsOf: (
    query: { deputy?: string; station?: string; from?: string; to?: string },
    signal?: AbortSignal,
  ) => apiRequest<{ items: ShiftItem[] }>(withQuery('/api/rota/shifts', { ...query }), { signal }),

  rules: (stationId: string, signal?: AbortSignal) =>
    apiRequest<{
      items: {
        id: string;
        rule: unknown;
        startTime: string;
        endTime: string;
        perShift: number;
        deputyIds: string[];
      }[];
    }>(`/api/stations/${enc(stationId)}/rota-rules`, { signal }),

  regions: (parent: string, signal?: AbortSignal) =>
    apiRequest<{ items: RegionRow[] }>(withQuery('/api/regions', { parent }), { signal }),
  importRegions: (form: FormData) =>
    apiRequest<{ imported: number }>('/api/regions-import', { method: 'POST', body: form }),

  deputy: (id: string, signal?: AbortSignal) =>
    apiRequest<DeputyDetail>(`/api/deputies/${enc(id)}`, { signal }),
  setStations: (deputyId: string, stations: { stationId: string; role: string }[]) =>
    apiRequest<{ ok: boolean }>(`/api/deputies/${enc(deputyId)}/stations`, {
      method: 'PUT',
      body: { stations },
    }),

  attendance: (query: AttendanceQuery, signal?: AbortSignal) =>
    apiRequest<AttendanceReport>(withQuery('/api/attendance', { ...query }), { signal }),
};
