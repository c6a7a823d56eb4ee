import { XMLBuilder } from 'fast-xml-parser';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';

/**
 * The two wire formats of GeoReport v2, chosen by the resource's extension (`services.xml`). XML
 * is the spec's required format; JSON carries the same fields. Every XML document starts with the
 * declaration and is UTF-8, as the spec asks.
 */
export type Format = 'json' | 'xml';

/** The format a URL asks for; anything but `.xml` is answered in JSON. */
export function formatOf(url: string): Format {
  const path = url.split('?')[0] ?? '';
  return path.endsWith('.xml') ? 'xml' : 'json';
}

/** Splits `LL-439901-2026-000001.json` into the id and its format; null for another extension. */
export function splitExtension(segment: string): { id: string; format: Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(segment);
  return m ? { id: m[1]!, format: m[2] === 'xml' ? 'xml' : 'json' } : null;
}

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, ignoreAttributes: true });

/** Characters XML 1.0 cannot carry even escaped; a stored text might still hold one. */
// A string, not a literal: the linter flags control characters written in a regex literal.
const NOT_XML = new RegExp('[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f' + '\\ufffe\\uffff]', 'g');

function clean(v: unknown): unknown {
  if (typeof v === 'string') return v.replace(NOT_XML, '');
  if (Array.isArray(v)) return v.map(clean);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]));
  return v;
}

/** An XML document: `root` holding `value` (a list becomes repeated `item` elements). */
function toXml(root: string, value: unknown, item?: string): string {
  const body = item ? { [root]: { [item]: clean(value) } } : { [root]: clean(value) };
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build(body)}`;
}

/**
 * Sends a document in the requested format. `item` names the element of each entry when `value`
 * is a list (`<services><service>…`).
 */
export function sendDoc(
  reply: FastifyReply,
  format: Format,
  status: number,
  doc: { root: string; item?: string; value: unknown },
): FastifyReply {
  reply.code(status);
  if (format === 'xml') {
    return reply.type('text/xml; charset=utf-8').send(toXml(doc.root, doc.value, doc.item));
  }
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(doc.value));
}

/** The spec's error list: `[{"code":403,"description":"…"}]`, `<errors><error>…</error></errors>`. */
export function sendErrors(
  reply: FastifyReply,
  format: Format,
  status: number,
  descriptions: string[],
): FastifyReply {
  return sendDoc(reply, format, status, {
    root: 'errors',
    item: 'error',
    value: descriptions.map((description) => ({ code: status, description })),
  });
}

/** Several input problems at once: the spec's error list may hold more than one. */
export class Open311Errors extends AppError {
  constructor(readonly descriptions: string[]) {
    super('validation', descriptions.join('; '));
  }
}

export const TOO_MANY_REQUESTS = 'too many requests, slow down（请求过于频繁，请稍后再试）';

/** A Fastify error (parsing, limits) in the spec's words and ours. */
function describe(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported content type, send application/x-www-form-urlencoded or JSON（请以表单或 JSON 提交）';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'request body too large（请求内容过大）';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'request body is not valid JSON（请求内容不是有效的 JSON）';
  }
  if (err.statusCode === 429) return TOO_MANY_REQUESTS;
  return 'bad request（请求不符合要求）';
}

/**
 * Every error of the Open311 routes, whatever raised it, as the spec's error list in the format
 * the URL asked for (the routes' error handler).
 */
export function sendError(err: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  const format = formatOf(request.url);
  if (err instanceof Open311Errors) return sendErrors(reply, format, 400, err.descriptions);
  if (err instanceof AppError) {
    reply.headers(err.headers);
    return sendErrors(reply, format, err.status, [err.message]);
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return sendErrors(reply, format, status, [describe(err)]);
  request.log.error({ err }, 'open311: unhandled error');
  // Never echo a 5xx's message: it may carry SQL or personal data.
  return sendErrors(reply, format, 500, ['General service error（服务器内部错误）']);
}
