import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, PROBLEM_BASE, PROBLEMS, type ProblemCode } from '../core/errors.ts';
import { loggableDatabaseError, pgErrorOf } from './database-errors.ts';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [k: string]: unknown;
}

function send(reply: FastifyReply, request: FastifyRequest, problem: Problem): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send({ ...problem, requestId: request.id });
}

function problemOf(code: ProblemCode, detail?: string, extra: Record<string, unknown> = {}): Problem {
  const p = PROBLEMS[code];
  // Extra members never override the RFC 9457 core (a stray `status` would break the reply).
  return {
    ...extra,
    type: PROBLEM_BASE + code.replaceAll('_', '-'),
    title: p.title,
    status: p.status,
    detail,
  };
}

/** Maps Fastify's own errors (validation, parsing, limits) onto the catalogue. */
function fromFastifyError(err: FastifyError): Problem | null {
  if (err.validation) {
    return problemOf('validation', err.message, {
      errors: err.validation.map((v) => ({
        field: `${err.validationContext ?? ''}${v.instancePath || ''}`,
        message: v.message,
        params: v.params,
      })),
    });
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problemOf('payload_too_large', '请求体超过 1 MB 上限');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problemOf('unsupported_media_type', '请以 application/json 提交');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problemOf('malformed_json', err.message);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problemOf('validation', err.message);
  }
  if (err instanceof SyntaxError || err.statusCode === 400) return problemOf('malformed_json', err.message);
  if (err.statusCode === 413) return problemOf('payload_too_large');
  if (err.statusCode === 415) return problemOf('unsupported_media_type');
  if (err.statusCode === 429) return problemOf('too_many_requests');
  return null;
}

/**
 * PostgreSQL SQLSTATEs that mean "your input", not "our bug". The driver's error is the `cause`
 * of Drizzle's, so it is looked up along the chain. The details name neither the value nor the
 * query: that is for the log (loggableDatabaseError), and only without the parameters.
 */
function fromDatabaseError(err: unknown): Problem | null {
  const code = pgErrorOf(err)?.code ?? '';
  if (code === '23505') return problemOf('conflict', '记录已存在');
  if (code === '23503') return problemOf('conflict', '引用的记录不存在或仍被引用');
  if (code === '23514') return problemOf('validation', '取值不在允许的范围内');
  if (code === '23502') return problemOf('validation', '缺少必填的内容');
  if (code.startsWith('22')) return problemOf('validation', '取值格式不正确');
  return null;
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) {
      reply.headers(err.headers);
      return send(reply, request, problemOf(err.code, err.message, err.extra));
    }
    if ((err as { code?: unknown }).code === 'calendar_missing') {
      request.log.error({ err }, 'holiday calendar missing: an administrator must load the year');
      return send(reply, request, problemOf('calendar_missing', err.message));
    }
    const fromDb = fromDatabaseError(err);
    // A query's error is logged without its parameters (case text, names, phone numbers).
    const dbLog = loggableDatabaseError(err);
    if (fromDb) {
      request.log.warn({ db: dbLog }, 'database refused the input');
      return send(reply, request, fromDb);
    }
    const known = fromFastifyError(err as FastifyError);
    if (known) return send(reply, request, known);
    if (dbLog) request.log.error({ db: dbLog }, 'unhandled database error');
    else request.log.error({ err }, 'unhandled error');
    // Never echo the message of a 5xx: it may carry SQL, paths or personal data.
    return send(reply, request, problemOf('internal'));
  });
  app.setNotFoundHandler((request, reply) => send(reply, request, problemOf('not_found')));
}
