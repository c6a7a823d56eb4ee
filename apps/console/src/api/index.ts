/**
 * The console's typed calls. Each is one route of the generated `paths`: its query, body and
 * answer are the server's schema (schema.d.ts), and it goes through `client.ts`, so errors, the
 * 401 hook and the same-origin cookie behave the same for every call.
 */
import type { CaseAction, CaseOperation } from '@lianluo/domain/cases';
import { data, http, httpQuiet, multipart } from './client.ts';
import type { ApiBody, ApiQuery, Filters } from './openapi.ts';
import type { CreateCaseBody, Page } from './types.ts';

export {
  ApiError,
  errorMessage,
  isAbort,
  newIdempotencyKey,
  onUnauthorized,
  rowErrors,
} from './client.ts';
export type * from './types.ts';

/** Where an attachment downloads from (the server checks the case's visibility). */
export const attachmentUrl = (id: string) => `/api/attachments/${encodeURIComponent(id)}`;

/** A category key as the case-list filter takes it (`environment`, `urban_construction`). */
export const CATEGORY_KEY = /^[a-z_]+$/;

/** A list the server sends in one piece, as a page with no next cursor. */
function asPage<T>(r: { items: T[] }): Page<T> {
  return { items: r.items, nextCursor: null };
}

/** The query as the route takes it; the empty filters are left out of the URL (client.ts). */
const query = <Q>(q: Filters<Q>) => q as Q;

/** A button on a case: a lifecycle action, or supervise / link / publish. */
export type CaseActionName = CaseAction | CaseOperation;

/** The route of each lifecycle action: `feed_back` → `/feedback`, `answer_on_site` → `/answer-on-site`. */
const ACTION_ROUTES = {
  triage: '/api/cases/{id}/triage',
  answer_on_site: '/api/cases/{id}/answer-on-site',
  handle_locally: '/api/cases/{id}/handle-locally',
  refer: '/api/cases/{id}/refer',
  accept: '/api/cases/{id}/accept',
  return: '/api/cases/{id}/return',
  reply: '/api/cases/{id}/reply',
  feed_back: '/api/cases/{id}/feedback',
  rate: '/api/cases/{id}/rate',
  reopen: '/api/cases/{id}/reopen',
  revisit: '/api/cases/{id}/revisit',
  close: '/api/cases/{id}/close',
  withdraw: '/api/cases/{id}/withdraw',
  supervise: '/api/cases/{id}/supervise',
  link: '/api/cases/{id}/link',
  publish: '/api/cases/{id}/publish',
} as const satisfies Record<CaseActionName, string>;

export const api = {
  login: (username: string, password: string) =>
    data(httpQuiet.POST('/api/auth/login', { body: { username, password } })),

  logout: () => data(httpQuiet.POST('/api/auth/logout')),

  /** The current user; 401 (not signed in) is expected here and does not trigger the redirect. */
  me: (signal?: AbortSignal) => data(httpQuiet.GET('/api/me', { signal })),

  regions: (parent: string, signal?: AbortSignal) =>
    data(http.GET('/api/regions', { params: { query: { parent } }, signal })),

  dashboard: (region: string | null, signal?: AbortSignal) =>
    data(http.GET('/api/dashboard', { params: { query: query({ region }) }, signal })),

  stations: (q: Filters<ApiQuery<'/api/stations'>>, signal?: AbortSignal) =>
    data(http.GET('/api/stations', { params: { query: query(q) }, signal })),

  station: (id: string, signal?: AbortSignal) =>
    data(http.GET('/api/stations/{id}', { params: { path: { id } }, signal })),

  deputies: (q: Filters<ApiQuery<'/api/deputies'>>, signal?: AbortSignal) =>
    data(http.GET('/api/deputies', { params: { query: query(q) }, signal })),

  cases: (q: Filters<ApiQuery<'/api/cases'>>, signal?: AbortSignal) =>
    data(http.GET('/api/cases', { params: { query: query(q) }, signal })),

  case: (id: string, signal?: AbortSignal) =>
    data(http.GET('/api/cases/{id}', { params: { path: { id } }, signal })),

  caseQueues: (region: string | null, signal?: AbortSignal) =>
    data(http.GET('/api/cases/queues', { params: { query: query({ region }) }, signal })),

  /** Registers an opinion. `key` is generated once per form: a resend after a network error reuses it. */
  createCase: (body: CreateCaseBody, key: string) =>
    data(http.POST('/api/cases', { body, headers: { 'Idempotency-Key': key } })),

  /** One lifecycle action (`triage`, `refer`, `feed_back` …) with its form. */
  caseAction: (id: string, action: CaseActionName, body: Record<string, unknown> = {}) =>
    // Every action route takes the case id and answers the case; the body is the action's form
    // as case-bodies.ts (`bodyFor`) builds it, checked by the server against that route's schema.
    data(
      http.POST(ACTION_ROUTES[action] as '/api/cases/{id}/triage', {
        params: { path: { id } },
        body: body as ApiBody<'/api/cases/{id}/triage'>,
      }),
    ),

  /** The unmasked contact; the reason goes on the audit record. */
  revealContact: (id: string, reason: string) =>
    data(http.GET('/api/cases/{id}/reporter', { params: { path: { id }, query: { reason } } })),

  attachments: (id: string, signal?: AbortSignal) =>
    data(http.GET('/api/cases/{id}/attachments', { params: { path: { id } }, signal })),

  uploadAttachment: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return data(
      http.POST('/api/cases/{id}/attachments', { params: { path: { id } }, body: multipart(form) }),
    );
  },

  categories: (signal?: AbortSignal) => data(http.GET('/api/categories', { signal })),

  departmentSuggest: (category: string, region: string, signal?: AbortSignal) =>
    data(http.GET('/api/departments/suggest', { params: { query: { category, region } }, signal })),

  /** The month's supervision list (one page of up to 500 rows, no cursor). */
  supervision: (q: { month: string; region?: string | null }, signal?: AbortSignal) =>
    data(http.GET('/api/supervision', { params: { query: query({ ...q, limit: 500 }) }, signal })).then(
      asPage,
    ),

  commitments: (q: { overdue?: boolean; region?: string | null }, signal?: AbortSignal) =>
    data(http.GET('/api/commitments', { params: { query: query({ ...q, limit: 500 }) }, signal })).then(
      asPage,
    ),

  commonIssues: (q: { region?: string | null }, signal?: AbortSignal) =>
    data(http.GET('/api/common-issues', { params: { query: query({ ...q, limit: 500 }) }, signal })).then(
      asPage,
    ),

  commonIssue: (id: string, signal?: AbortSignal) =>
    data(http.GET('/api/common-issues/{id}', { params: { path: { id } }, signal })),

  createCommonIssue: (body: ApiBody<'/api/common-issues'>) => data(http.POST('/api/common-issues', { body })),

  board: (region: string | null, signal?: AbortSignal) =>
    data(http.GET('/api/board', { params: { query: query({ region, limit: 500 }) }, signal })).then(asPage),

  departments: (q: Filters<ApiQuery<'/api/departments'>>, signal?: AbortSignal) =>
    data(http.GET('/api/departments', { params: { query: query(q) }, signal })),

  attendance: (q: Filters<ApiQuery<'/api/attendance'>>, signal?: AbortSignal) =>
    data(http.GET('/api/attendance', { params: { query: query(q) }, signal })),

  shifts: (q: Filters<ApiQuery<'/api/rota/shifts'>>, signal?: AbortSignal) =>
    data(http.GET('/api/rota/shifts', { params: { query: query(q) }, signal })),

  createRule: (stationId: string, body: ApiBody<'/api/stations/{id}/rota-rules'>) =>
    data(http.POST('/api/stations/{id}/rota-rules', { params: { path: { id: stationId } }, body })),

  publishRule: (ruleId: string, body: ApiBody<'/api/rota-rules/{id}/publish'>) =>
    data(http.POST('/api/rota-rules/{id}/publish', { params: { path: { id: ruleId } }, body })),

  checkIn: (stationId: string, token: string) =>
    data(http.POST('/api/rota/checkin', { body: { stationId, token } })),

  checkInCode: (stationId: string) =>
    data(http.GET('/api/stations/{id}/checkin-code', { params: { path: { id: stationId } } })),

  confirmPresence: (shiftId: string, deputyId: string) =>
    data(
      http.POST('/api/rota/shifts/{id}/confirm', { params: { path: { id: shiftId } }, body: { deputyId } }),
    ),

  createStation: (body: ApiBody<'/api/stations'>) => data(http.POST('/api/stations', { body })),

  checklist: (stationId: string, signal?: AbortSignal) =>
    data(http.GET('/api/stations/{id}/checklist', { params: { path: { id: stationId } }, signal })),

  addEvidence: (stationId: string, form: FormData) =>
    data(
      http.POST('/api/stations/{id}/evidence', {
        params: { path: { id: stationId } },
        body: multipart(form),
      }),
    ),

  assess: (stationId: string, body: ApiBody<'/api/stations/{id}/assessments'>) =>
    data(http.POST('/api/stations/{id}/assessments', { params: { path: { id: stationId } }, body })),

  uploadPhoto: (kind: 'stations' | 'deputies', id: string, form: FormData) =>
    data(
      http.PUT(kind === 'stations' ? '/api/stations/{id}/photo' : '/api/deputies/{id}/photo', {
        params: { path: { id } },
        body: multipart(form),
      }),
    ),

  stationAppointments: (stationId: string, signal?: AbortSignal) =>
    data(http.GET('/api/stations/{id}/appointments', { params: { path: { id: stationId } }, signal })),

  importRoster: (form: FormData) => data(http.POST('/api/deputies-import', { body: multipart(form) })),

  audit: (q: Filters<ApiQuery<'/api/audit'>>, signal?: AbortSignal) =>
    data(http.GET('/api/audit', { params: { query: query(q) }, signal })),
};
