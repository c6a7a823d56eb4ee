/** The one catalogue of problem types and the error every layer throws; http/problems.ts turns it into problem+json. */
/**
 * The catalogue of problem types. `type` URIs are stable (clients branch on them); titles are
 * Chinese because the people reading them are county and town staff.
 */
export const PROBLEMS = {
  validation: { status: 400, title: '请求内容不符合要求' },
  malformed_json: { status: 400, title: '请求内容不是有效的 JSON' },
  bad_cursor: { status: 400, title: '分页游标无效' },
  bad_region: { status: 400, title: '区划代码格式不正确' },
  unauthenticated: { status: 401, title: '请先登录' },
  session_expired: { status: 401, title: '登录已过期，请重新登录' },
  bad_credentials: { status: 401, title: '用户名或密码错误' },
  account_locked: { status: 401, title: '账户已锁定，请15分钟后再试' },
  forbidden: { status: 403, title: '没有执行此操作的权限' },
  cross_origin: { status: 403, title: '跨站请求已拒绝' },
  not_found: { status: 404, title: '未找到该记录' },
  conflict: { status: 409, title: '与现有记录冲突' },
  transition_not_allowed: { status: 409, title: '当前状态下不能执行此操作' },
  payload_too_large: { status: 413, title: '请求内容过大' },
  unsupported_media_type: { status: 415, title: '不支持的内容类型' },
  unprocessable: { status: 422, title: '请求无法处理' },
  too_many_requests: { status: 429, title: '请求过于频繁，请稍后再试' },
  internal: { status: 500, title: '服务器内部错误' },
  unavailable: { status: 503, title: '服务暂时不可用，请稍后再试' },
  /** A working-day deadline falls in a year whose official holiday notice is not loaded yet. */
  calendar_missing: { status: 503, title: '节假日安排尚未录入，无法计算工作日期限' },
} as const;

export type ProblemCode = keyof typeof PROBLEMS;

export const PROBLEM_BASE = 'https://lianluo.org/problems/';

export class AppError extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly title: string;
  readonly extra: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    code: ProblemCode,
    detail?: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(detail ?? PROBLEMS[code].title);
    this.code = code;
    this.status = PROBLEMS[code].status;
    this.title = PROBLEMS[code].title;
    this.extra = extra;
    this.headers = headers;
  }
}
