/**
 * Typed calls of the network screens (checklist templates, assessments, shifts with swaps and the
 * visitor register, region import, grouping into stations, attendance drill-down).
 */
import { data, http, multipart } from './client.ts';
import type { ApiBody, ApiQuery, ApiResponse, Filters, ItemOf } from './openapi.ts';

export type { ChecklistTemplate, DeputyDetail, ShiftDetail } from './types.ts';
export type RegionRow = ItemOf<ApiResponse<'/api/regions'>>;
export type AttendanceQuery = Filters<ApiQuery<'/api/attendance'>>;

export const networkApi = {
  templates: (signal?: AbortSignal) => data(http.GET('/api/checklist-templates', { signal })),
  saveTemplate: (body: ApiBody<'/api/checklist-templates', 'put'>) =>
    data(http.PUT('/api/checklist-templates', { body })),

  assess: (stationId: string, body: ApiBody<'/api/stations/{id}/assessments'>) =>
    data(http.POST('/api/stations/{id}/assessments', { params: { path: { id: stationId } }, body })),

  shift: (id: string, signal?: AbortSignal) =>
    data(http.GET('/api/rota/shifts/{id}', { params: { path: { id } }, signal })),
  swap: (shiftId: string, body: ApiBody<'/api/rota/shifts/{id}/swap'>) =>
    data(http.POST('/api/rota/shifts/{id}/swap', { params: { path: { id: shiftId } }, body })),
  addDeputy: (shiftId: string, deputyId: string) =>
    data(
      http.POST('/api/rota/shifts/{id}/deputies', { params: { path: { id: shiftId } }, body: { deputyId } }),
    ),
  markAbsent: (shiftId: string, deputyId: string) =>
    data(
      http.POST('/api/rota/shifts/{id}/absent', { params: { path: { id: shiftId } }, body: { deputyId } }),
    ),
  addReception: (shiftId: string, body: ApiBody<'/api/rota/shifts/{id}/receptions'>) =>
    data(http.POST('/api/rota/shifts/{id}/receptions', { params: { path: { id: shiftId } }, body })),
  linkCase: (receptionId: string, caseId: string | null) =>
    data(
      http.PUT('/api/rota/receptions/{id}/case', { params: { path: { id: receptionId } }, body: { caseId } }),
    ),
  findCases: (q: string, signal?: AbortSignal) =>
    data(http.GET('/api/cases', { params: { query: { q, limit: 20 } }, signal })),

  shiftsOf: (q: Filters<ApiQuery<'/api/rota/shifts'>>, signal?: AbortSignal) =>
    data(http.GET('/api/rota/shifts', { params: { query: q as ApiQuery<'/api/rota/shifts'> }, signal })),

  rules: (stationId: string, signal?: AbortSignal) =>
    data(http.GET('/api/stations/{id}/rota-rules', { params: { path: { id: stationId } }, signal })),

  regions: (parent: string, signal?: AbortSignal) =>
    data(http.GET('/api/regions', { params: { query: { parent } }, signal })),
  importRegions: (form: FormData) => data(http.POST('/api/regions-import', { body: multipart(form) })),

  deputy: (id: string, signal?: AbortSignal) =>
    data(http.GET('/api/deputies/{id}', { params: { path: { id } }, signal })),
  setStations: (deputyId: string, stations: ApiBody<'/api/deputies/{id}/stations', 'put'>['stations']) =>
    data(http.PUT('/api/deputies/{id}/stations', { params: { path: { id: deputyId } }, body: { stations } })),

  attendance: (q: AttendanceQuery, signal?: AbortSignal) =>
    data(http.GET('/api/attendance', { params: { query: q as ApiQuery<'/api/attendance'> }, signal })),
};
