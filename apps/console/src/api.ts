/**
 * The console's only door to the server. Every call goes through `request`: same-origin fetch
 * (the HttpOnly session cookie travels by itself), JSON in and out, and any non-2xx answer
 * becomes an `ApiError` carrying the problem document's Chinese title and status.
 */

export type Role =
  | 'admin'
  | 'county_office'
  | 'town_office'
  | 'station_officer'
  | 'deputy'
  | 'department_handler';

export type Permission =
  | 'dashboard.read'
  | 'regions.read'
  | 'stations.read'
  | 'deputies.read'
  | 'cases.read'
  | 'departments.read'
  | 'audit.read'
  | 'users.manage'
  | (string & {});

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  roleLabel: string;
  regionCode: string;
  regionName: string;
  permissions: Permission[];
  stationId?: string | null;
  departmentId?: string | null;
  deputyId?: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Region {
  code: string;
  name: string;
  level: string;
}

export interface Dashboard {
  region: { code: string; name: string };
  stations: number;
  deputies: number;
  openCases: number;
  overdueCases: number;
  receptionsThisMonth: number;
  casesByStatus: { status: string; label: string; count: number }[];
  /** `category` is a name today; when the server adds `label`, `category` is the filter key. */
  casesByCategory: { category: string; label?: string; count: number }[];
  monthly: { month: string; registered: number; closed: number }[];
  attendance: { level: string; label: string; assigned: number; attendedEnough: number; rate: number }[];
  /** The period the attendance rates cover (dates, Asia/Shanghai). */
  attendancePeriod?: { from: string; to: string };
}

export interface StationItem {
  id: string;
  name: string;
  kind: string;
  kindLabel: string;
  regionCode: string;
  regionName: string;
  address: string;
  deputyCount: number;
  grade?: string;
  gradeLabel?: string;
}

export interface StationDetail extends StationItem {
  openingHours?: string;
  deputies: { id: string; name: string; level: string; levelLabel: string }[];
}

export interface DeputyItem {
  id: string;
  name: string;
  gender: string;
  level: string;
  levelLabel: string;
  regionCode: string;
  regionName: string;
  stations: string[];
  leadingCadre: boolean;
  occupation?: string;
}

export interface CaseItem {
  id: string;
  number: string;
  title: string;
  /** The category key (the value the `category` filter takes), with its display name. */
  category: string | null;
  categoryName?: string | null;
  status: string;
  statusLabel: string;
  channel: string;
  channelLabel: string;
  stationName: string | null;
  departmentName: string | null;
  registeredAt: string;
  replyDueAt: string | null;
  overdue: boolean;
}

export interface CaseEvent {
  seq: number;
  at: string;
  action: string;
  actionLabel: string;
  fromStatus: string | null;
  toStatus: string;
  actorName: string | null;
  note: string | null;
}

/** A department handling a case: the lead (主办) or a co-handler (协办). */
export interface CaseDepartment {
  id: string;
  name: string;
  role: 'lead' | 'co' | string;
}

export interface CaseAttachment {
  id: string;
  caseId?: string;
  fileName: string;
  mime?: string | null;
  size?: number | null;
  sha256?: string;
  createdAt?: string | null;
}

/** Where an attachment downloads from (the server checks the case's visibility). */
export const attachmentUrl = (id: string) => `/api/attachments/${encodeURIComponent(id)}`;

export type ReplyKind = 'resolved' | 'will_resolve' | 'cannot_resolve' | 'explained';

export interface CaseReply {
  kind: ReplyKind;
  content: string;
  measures?: string | null;
  committedDate?: string | null;
  reasons?: string | null;
  policyBasis?: string | null;
  at?: string | null;
  departmentName?: string | null;
  /** reply | answer_on_site | handle_locally */
  action?: string;
  kindLabel?: string;
  actorName?: string | null;
  departmentId?: string | null;
}

export interface CaseDetail extends CaseItem {
  regionCode?: string;
  content: string;
  urgency?: string;
  personName: string | null;
  personPhone: string | null;
  anonymous?: boolean;
  consentPublish?: boolean;
  acceptDueAt?: string | null;
  /** The deadlines count a year whose holiday notice is not entered yet: they may still move. */
  deadlineProvisional?: boolean;
  reopenCount?: number;
  stationId?: string | null;
  leadDepartmentId?: string | null;
  address?: string | null;
  departments?: CaseDepartment[];
  deputies?: { id: string; name: string }[];
  /** The lifecycle actions the caller may take now (status × role × lead department). */
  allowedActions?: string[];
  /** The latest reply, when the server sends it (otherwise read from the timeline). */
  reply?: CaseReply | null;
  /** 'none' | 'ordinary' | 'key'. */
  supervision?: string | null;
  overdueAt?: string | null;
  escalatedTo?: string | null;
  lastSatisfaction?: string | null;
  commitmentDate?: string | null;
  commitmentDue?: boolean;
  commonIssueId?: string | null;
  publicText?: string | null;
  publishedAt?: string | null;
  attachmentCount?: number;
  events: CaseEvent[];
}

/** Counts per work queue (the keys the case list's `queue` filter takes). */
export type QueueKey = 'to_triage' | 'to_accept' | 'to_reply' | 'to_feed_back' | 'overdue' | 'to_revisit';
export const QUEUE_KEYS: readonly QueueKey[] = [
  'to_triage',
  'to_accept',
  'to_reply',
  'to_feed_back',
  'overdue',
  'to_revisit',
];

export interface CategoryItem {
  key: string;
  name: string;
}

export interface DepartmentSuggestion {
  id: string;
  name: string;
  regionCode?: string;
  /** 'routing' (the routing table) or 'category' (departments answering the category). */
  source?: string;
}

export interface CreateCaseBody {
  channel: string;
  title?: string;
  content: string;
  categoryKey?: string;
  stationId: string;
  regionCode: string;
  address?: string;
  personName?: string;
  personPhone?: string;
  /** 身份证号: checked (MOD 11-2) and stored encrypted by the server. */
  personIdNumber?: string;
  latitude?: number;
  longitude?: number;
  anonymous?: boolean;
  consentPublish?: boolean;
  deputyIds?: string[];
  receptionId?: string;
  /** The classifier's suggestion the form showed: recorded as taken or changed. */
  suggestion?: { modelVersion: string; categoryKey: string; score: number };
}

export interface SupervisionItem extends CaseItem {
  /** 'none' | 'ordinary' | 'key'. */
  supervision: string;
  supervisedAt?: string | null;
  overdueAt?: string | null;
  escalatedTo?: string | null;
}

export interface CommitmentItem {
  id: string;
  caseId: string;
  caseNumber: string;
  title: string;
  departmentId: string | null;
  departmentName: string | null;
  committedDate: string;
  measures: string;
  /** pending | due | fulfilled | superseded */
  status: string;
  overdue: boolean;
  revisitedAt: string | null;
}

export interface CommonIssueItem {
  id: string;
  regionCode?: string;
  title: string;
  summary?: string | null;
  caseCount?: number;
  categoryKey?: string | null;
  createdAt?: string;
  cases?: CaseItem[];
}

export interface BoardItem {
  id: string;
  number: string;
  regionCode: string;
  title: string;
  status: string;
  stationName: string | null;
  /** Masked (张**). */
  personName: string | null;
  publicText: string;
  publishedAt: string;
}

export interface DepartmentItem {
  id: string;
  name: string;
  level: string;
  regionCode: string;
  openCases: number;
  overdueCases: number;
}

export interface AuditItem {
  id: string | number;
  ts: string;
  actorName: string | null;
  event: string;
  objectType: string | null;
  objectId: string | null;
  outcome: string;
  ip: string | null;
}

/** RFC 9457 problem document as the server sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: unknown;
}

/** A failed call: `message` is the problem title (Chinese), ready to show to the user. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, problem: Problem | null, fallback: string) {
    super(problem?.title || fallback);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

type UnauthorizedHandler = () => void;
let unauthorizedHandler: UnauthorizedHandler | null = null;

/**
 * Register what happens when a call answers 401 after login (the session expired or was
 * revoked): the app sends the user to /login with the "登录已过期" notice.
 */
export function onUnauthorized(handler: UnauthorizedHandler | null): void {
  unauthorizedHandler = handler;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** false for calls where 401 is an expected answer (login, the initial /api/me). */
  redirectOn401?: boolean;
}

async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    ...opts.headers,
  };
  const isForm = typeof FormData !== 'undefined' && opts.body instanceof FormData;
  if (opts.body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      credentials: 'same-origin',
      headers,
      body:
        opts.body === undefined ? undefined : isForm ? (opts.body as FormData) : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, null, '无法连接服务器，请检查网络');
  }

  if (res.status === 204) return undefined as T;

  const type = res.headers.get('content-type') ?? '';
  const isJson = type.includes('json');
  const data: unknown = isJson ? await res.json().catch(() => null) : null;

  if (!res.ok) {
    if (res.status === 401 && opts.redirectOn401 !== false) unauthorizedHandler?.();
    const problem = data && typeof data === 'object' ? (data as Problem) : null;
    throw new ApiError(res.status, problem, `请求失败（${res.status}）`);
  }
  if (!isJson) throw new ApiError(res.status, null, '服务器返回了无法识别的内容');
  return data as T;
}

/** A list the server sends in one piece, as a page with no next cursor. */
function asPage<T>(r: { items: T[] }): Page<T> {
  return { items: r.items, nextCursor: null };
}

type Query = Record<string, string | number | boolean | null | undefined>;

/** Build `path?query`, leaving out empty values. */
function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface ListQuery {
  region?: string | null;
  q?: string | null;
  cursor?: string | null;
  limit?: number;
}

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

export interface AttendanceReport {
  items: AttendanceRow[];
  definition: string;
  period: { from: string; to: string; countedTo: string };
  periodLabel: string;
  required: number;
}

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

export interface ShiftItem {
  id: string;
  date: string;
  startTime: string;
  endTime: string;
  status: string;
  stationId: string;
  stationName: string;
  deputies: {
    id: string;
    name: string;
    attendance: string;
    checkedInAt: string | null;
    method: string | null;
  }[];
}

/** A person's booking of a reception shift from the public page (预约代表). */
export interface AppointmentItem {
  id: string;
  reference: string;
  shiftId: string | null;
  date: string;
  startTime: string | null;
  endTime: string | null;
  preferredTime: string;
  visitorName: string;
  phone: string;
  topic: string;
  status: string;
  createdAt: string;
}

export const api = {
  login: (username: string, password: string) =>
    request<{ user: Me }>('/api/auth/login', {
      method: 'POST',
      body: { username, password },
      redirectOn401: false,
    }),

  logout: () => request<void>('/api/auth/logout', { method: 'POST', redirectOn401: false }),

  /** The current user; 401 (not signed in) is expected here and does not trigger the redirect. */
  me: (signal?: AbortSignal) => request<Me>('/api/me', { signal, redirectOn401: false }),

  regions: (parent: string, signal?: AbortSignal) =>
    request<{ items: Region[] }>(withQuery('/api/regions', { parent }), { signal }),

  dashboard: (region: string | null, signal?: AbortSignal) =>
    request<Dashboard>(withQuery('/api/dashboard', { region }), { signal }),

  stations: (query: ListQuery & { kind?: string | null }, signal?: AbortSignal) =>
    request<Page<StationItem>>(withQuery('/api/stations', { ...query }), { signal }),

  station: (id: string, signal?: AbortSignal) =>
    request<StationDetail>(`/api/stations/${encodeURIComponent(id)}`, { signal }),

  deputies: (query: ListQuery & { level?: string | null }, signal?: AbortSignal) =>
    request<Page<DeputyItem>>(withQuery('/api/deputies', { ...query }), { signal }),

  cases: (
    query: ListQuery & {
      status?: string | null;
      category?: string | null;
      overdue?: boolean;
      /** A work queue: the list the queue's count counts. */
      queue?: QueueKey | null;
    },
    signal?: AbortSignal,
  ) => request<Page<CaseItem>>(withQuery('/api/cases', { ...query }), { signal }),

  case: (id: string, signal?: AbortSignal) =>
    request<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`, { signal }),

  caseQueues: (region: string | null, signal?: AbortSignal) =>
    request<Partial<Record<QueueKey, number>> & { queues?: Partial<Record<QueueKey, number>> }>(
      withQuery('/api/cases/queues', { region }),
      { signal },
    ),

  /** Registers an opinion. `key` is generated once per form: a resend after a network error reuses it. */
  createCase: (body: CreateCaseBody, key: string) =>
    request<CaseDetail>('/api/cases', { method: 'POST', body, headers: { 'Idempotency-Key': key } }),

  /** One lifecycle action (`triage`, `refer`, `feed_back` …) with its form. */
  caseAction: (id: string, action: string, body: Record<string, unknown> = {}) =>
    request<CaseDetail>(`/api/cases/${encodeURIComponent(id)}/${actionPath(action)}`, {
      method: 'POST',
      body,
    }),

  /** The unmasked contact; the reason goes on the audit record. */
  revealContact: (id: string, reason: string) =>
    request<{ name: string | null; phone: string | null; idNumber: string | null; address: string | null }>(
      withQuery(`/api/cases/${encodeURIComponent(id)}/reporter`, { reason }),
    ),

  attachments: (id: string, signal?: AbortSignal) =>
    request<{ items: CaseAttachment[] }>(`/api/cases/${encodeURIComponent(id)}/attachments`, { signal }),

  uploadAttachment: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<CaseAttachment>(`/api/cases/${encodeURIComponent(id)}/attachments`, {
      method: 'POST',
      body: form,
    });
  },

  categories: (signal?: AbortSignal) => request<{ items: CategoryItem[] }>('/api/categories', { signal }),

  departmentSuggest: (category: string, region: string, signal?: AbortSignal) =>
    request<{ items: DepartmentSuggestion[] }>(withQuery('/api/departments/suggest', { category, region }), {
      signal,
    }),

  /** The month's supervision list (one page of up to 500 rows, no cursor). */
  supervision: (query: { month: string; region?: string | null }, signal?: AbortSignal) =>
    request<{ month: string; items: SupervisionItem[] }>(
      withQuery('/api/supervision', { ...query, limit: 500 }),
      { signal },
    ).then(asPage),

  commitments: (query: { overdue?: boolean; region?: string | null }, signal?: AbortSignal) =>
    request<{ items: CommitmentItem[] }>(withQuery('/api/commitments', { ...query, limit: 500 }), {
      signal,
    }).then(asPage),

  commonIssues: (query: { region?: string | null }, signal?: AbortSignal) =>
    request<{ items: CommonIssueItem[] }>(withQuery('/api/common-issues', { ...query, limit: 500 }), {
      signal,
    }).then(asPage),

  commonIssue: (id: string, signal?: AbortSignal) =>
    request<CommonIssueItem>(`/api/common-issues/${encodeURIComponent(id)}`, { signal }),

  createCommonIssue: (body: { title: string; summary?: string; caseIds?: string[]; regionCode?: string }) =>
    request<CommonIssueItem>('/api/common-issues', { method: 'POST', body }),

  board: (region: string | null, signal?: AbortSignal) =>
    request<{ items: BoardItem[] }>(withQuery('/api/board', { region, limit: 500 }), { signal }).then(asPage),

  departments: (query: ListQuery, signal?: AbortSignal) =>
    request<Page<DepartmentItem>>(withQuery('/api/departments', { ...query }), { signal }),

  attendance: (query: { region?: string | null; by: string; period: string }, signal?: AbortSignal) =>
    request<AttendanceReport>(withQuery('/api/attendance', { ...query }), { signal }),

  shifts: (
    query: { region?: string | null; station?: string | null; from?: string; to?: string },
    signal?: AbortSignal,
  ) => request<{ items: ShiftItem[] }>(withQuery('/api/rota/shifts', { ...query }), { signal }),

  createRule: (stationId: string, body: unknown) =>
    request<{ id: string }>(`/api/stations/${encodeURIComponent(stationId)}/rota-rules`, {
      method: 'POST',
      body,
    }),

  publishRule: (ruleId: string, body: { from: string; to: string }) =>
    request<{ shifts: number; dates: string[]; warnings: string[] }>(
      `/api/rota-rules/${encodeURIComponent(ruleId)}/publish`,
      { method: 'POST', body },
    ),

  checkIn: (stationId: string, token: string) =>
    request<{ shiftId: string; attendance: string }>('/api/rota/checkin', {
      method: 'POST',
      body: { stationId, token },
    }),

  checkInCode: (stationId: string) =>
    request<{ date: string; token: string; url: string; svg: string }>(
      `/api/stations/${encodeURIComponent(stationId)}/checkin-code`,
    ),

  confirmPresence: (shiftId: string, deputyId: string) =>
    request<{ attendance: string }>(`/api/rota/shifts/${encodeURIComponent(shiftId)}/confirm`, {
      method: 'POST',
      body: { deputyId },
    }),

  createStation: (body: {
    kind: string;
    regionCode: string;
    name?: string;
    address?: string;
    openingHours?: string;
    checklistKey?: string;
  }) => request<{ id: string }>('/api/stations', { method: 'POST', body }),

  checklist: (stationId: string, signal?: AbortSignal) =>
    request<StationChecklist>(`/api/stations/${encodeURIComponent(stationId)}/checklist`, { signal }),

  addEvidence: (stationId: string, form: FormData) =>
    request<{ id: string }>(`/api/stations/${encodeURIComponent(stationId)}/evidence`, {
      method: 'POST',
      body: form,
    }),

  assess: (stationId: string, body: { grade: string; note: string }) =>
    request<{ id: string }>(`/api/stations/${encodeURIComponent(stationId)}/assessments`, {
      method: 'POST',
      body,
    }),

  uploadPhoto: (kind: 'stations' | 'deputies', id: string, form: FormData) =>
    request<{ photoUrl: string; width: number; height: number }>(
      `/api/${kind}/${encodeURIComponent(id)}/photo`,
      { method: 'PUT', body: form },
    ),

  stationAppointments: (stationId: string, signal?: AbortSignal) =>
    request<{ items: AppointmentItem[] }>(`/api/stations/${encodeURIComponent(stationId)}/appointments`, {
      signal,
    }),

  importRoster: (form: FormData) =>
    request<{ imported: number }>('/api/deputies-import', { method: 'POST', body: form }),

  audit: (query: { cursor?: string | null; event?: string | null; limit?: number }, signal?: AbortSignal) =>
    request<Page<AuditItem>>(withQuery('/api/audit', { ...query }), { signal }),
};

/** The URL segment of an action: `feed_back` → `feedback`, `answer_on_site` → `answer-on-site`. */
export function actionPath(action: string): string {
  if (action === 'feed_back') return 'feedback';
  return action.replaceAll('_', '-');
}

/** A fresh Idempotency-Key (one per form, kept across resends). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** A category key as the case-list filter takes it (`environment`, `urban_construction`). */
export const CATEGORY_KEY = /^[a-z_]+$/;

/** Per-row errors of a refused import (row number and reason). */
export function rowErrors(err: unknown): { row: number; column?: string; message: string }[] {
  const list = err instanceof ApiError ? (err.problem as { errors?: unknown } | null)?.errors : undefined;
  return Array.isArray(list) ? (list as { row: number; column?: string; message: string }[]) : [];
}

/** The text to show for any error thrown by `api` (or anything else). */
export function errorMessage(err: unknown): string {
  if (
    err instanceof ApiError &&
    err.problem?.detail &&
    err.problem.detail !== err.message &&
    [409, 413, 415, 422].includes(err.status)
  ) {
    return `${err.message}：${err.problem.detail}`;
  }
  if (err instanceof Error && err.message) return err.message;
  return '发生未知错误';
}

export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/** The shared request helpers, for the typed calls kept in sibling modules (`api-insight.ts`). */
export { request as apiRequest, withQuery };
