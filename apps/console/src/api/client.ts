/**
 * The console's only door to the server: an openapi-fetch client over the generated `paths`
 * (schema.d.ts). Same-origin fetch (the HttpOnly session cookie travels by itself), JSON in and
 * out; any non-2xx answer becomes an `ApiError` carrying the problem document's Chinese title
 * and status, and a 401 after sign-in tells `auth.tsx` the session ended.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

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

/** `path?query` leaves out empty values: undefined, null, '' and false. */
function querySerializer(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    params.set(k, String(v));
  }
  return params.toString();
}

/** Problems become `ApiError`s; `redirectOn401: false` for calls where 401 is an expected answer. */
function problems(redirectOn401: boolean): Middleware {
  return {
    onError({ error }) {
      // An abort goes on as it is (no answer means: rethrow the error unchanged).
      if (isAbort(error)) return undefined;
      return new ApiError(0, null, '无法连接服务器，请检查网络');
    },
    async onResponse({ response }) {
      if (response.status === 204) return undefined;
      const isJson = (response.headers.get('content-type') ?? '').includes('json');
      if (!response.ok) {
        const data: unknown = isJson ? await response.json().catch(() => null) : null;
        if (response.status === 401 && redirectOn401) unauthorizedHandler?.();
        const problem = data && typeof data === 'object' ? (data as Problem) : null;
        throw new ApiError(response.status, problem, `请求失败（${response.status}）`);
      }
      if (!isJson) throw new ApiError(response.status, null, '服务器返回了无法识别的内容');
      return undefined;
    },
  };
}

function client(redirectOn401: boolean) {
  const c = createClient<paths>({
    credentials: 'same-origin',
    headers: { Accept: 'application/json, application/problem+json' },
    querySerializer,
  });
  c.use(problems(redirectOn401));
  return c;
}

/** Every call but the few below. */
export const http = client(true);

/** Sign-in, sign-out and the first /api/me, where 401 is an expected answer, not an expiry. */
export const httpQuiet = client(false);

/**
 * The data of a call. Failures never reach here (the middleware threw an `ApiError`), so the
 * answer is the route's success type as the server's schema declares it.
 */
export async function data<D>(call: Promise<{ data?: D }>): Promise<D> {
  return (await call).data as D;
}

/** A multipart route declares no JSON body: the FormData goes as it is (no Content-Type set). */
export const multipart = (form: FormData) => form as never;

/** A fresh Idempotency-Key (one per form, kept across resends). */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

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
