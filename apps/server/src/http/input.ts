import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.ts';

/**
 * Input no route can store or parse, refused for every route before its schema runs: a NUL
 * character (PostgreSQL text cannot hold U+0000, the insert would fail as a 500) in the body, the
 * query or the path, and a multipart request without a usable boundary (the multipart parser
 * would throw a plain Error). Multipart text fields are checked where they are read (uploads.ts).
 */
export function registerInputChecks(app: FastifyInstance): void {
  // Synchronous, like the guard's public path: a crowd reading a station page pays no promise.
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      refuseBadMultipart(request);
      for (const [where, value] of [
        ['body', request.body],
        ['querystring', request.query],
        ['params', request.params],
      ] as const) {
        const path = nulPath(value);
        if (path !== null) throw nulError(`${where}${path}`);
      }
      done();
    } catch (err) {
      done(err as Error);
    }
  });
}

export const nulError = (field: string) =>
  new AppError('validation', '文本中不能含有空字符（U+0000）', {
    errors: [{ field, message: '不能含有空字符（U+0000）' }],
  });

/** The JSON pointer of the first string (or key) holding U+0000, or null; iterative, so depth cannot overflow. */
function nulPath(root: unknown): string | null {
  const stack: [unknown, string][] = [[root, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path;
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        stack.push([v, `${path}/${i}`]);
      });
    } else if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (k.includes('\u0000')) return path;
        stack.push([v, `${path}/${k}`]);
      }
    }
  }
  return null;
}

/** RFC 2046: a boundary is 1 to 70 characters; without one the parser cannot find a part. */
const BOUNDARY = /;\s*boundary=(?:"[^"]{1,70}"|[^\s;"]{1,70})\s*(?:;|$)/i;

function refuseBadMultipart(request: FastifyRequest): void {
  const type = request.headers['content-type'] ?? '';
  if (!/^\s*multipart\//i.test(type) || BOUNDARY.test(type)) return;
  throw new AppError('validation', 'multipart 请求缺少有效的 boundary 参数', {
    errors: [{ field: 'headers/content-type', message: '缺少 boundary' }],
  });
}
