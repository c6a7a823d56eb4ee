import { type RateRule, windowStart } from '@lianluo/domain';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { rateHit } from '../public/opinion.service.ts';
import { type Format, formatOf, sendDoc, sendErrors, splitExtension } from './open311.format.ts';
import { hashKey } from './open311.keys.ts';
import {
  checkJurisdiction,
  createRequest,
  discovery,
  field,
  getRequest,
  listRequests,
  Open311Errors,
  serviceDefinition,
  services,
} from './open311.service.ts';

/**
 * The Open311 GeoReport v2 endpoints under /open311/v2. They are public routes: the API key is
 * checked by the handler (only POST needs one), and every error, whatever raised it, leaves as
 * the spec's error list in the format the URL asked for.
 */
export interface Open311Options {
  deps: Deps;
  /** Requests per minute per API key (or per IP without one); LIANLUO_OPEN311_RATE_PER_MINUTE. */
  ratePerMinute?: number;
}

const FORMATS: Format[] = ['json', 'xml'];
const PUBLIC = { config: { public: true as const }, schema: { hide: true } };

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
  if (err.statusCode === 429) return 'too many requests, slow down（请求过于频繁，请稍后再试）';
  return 'bad request（请求不符合要求）';
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export const open311Routes: FastifyPluginAsync<Open311Options> = async (app, opts) => {
  const { deps } = opts;

  // The spec posts form-encoded bodies. Parsed here, for these routes only (JSON is also taken).
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of new URLSearchParams(body as string)) {
          const prev = out[k];
          out[k] = prev === undefined ? v : [...[prev].flat(), v];
        }
        done(null, out);
      },
    );
  }

  // Counted in the database (the public pages' limiter: one atomic upsert per request), so the
  // limit holds when several server processes answer behind a load balancer.
  const rule: RateRule = {
    windowSeconds: 60,
    max: opts.ratePerMinute ?? 120,
  };
  // After body parsing, so a key sent in a form body counts against the key, not the proxy's IP.
  app.addHook('preHandler', async (request) => {
    const key = field(asRecord(request.body), 'api_key') ?? field(asRecord(request.query), 'api_key');
    const bucket = key
      ? `open311-key:${hashKey(key).slice(0, 24)}`
      : `open311-ip:${deps.crypto.blindIndex(request.ip)}`;
    const now = deps.now();
    if ((await rateHit(deps.db, bucket, rule, now)) <= rule.max) return;
    const end = windowStart(now, rule.windowSeconds).getTime() + rule.windowSeconds * 1000;
    throw new AppError(
      'too_many_requests',
      describe({ statusCode: 429 } as FastifyError),
      {},
      { 'retry-after': String(Math.max(1, Math.ceil((end - now.getTime()) / 1000))) },
    );
  });

  // Reading is open to browser apps (a city's map of requests): no cookie is ever honoured here,
  // so any origin may read. Writing stays server to server, where the key can be kept secret.
  app.addHook('onSend', async (request, reply) => {
    if (request.method === 'GET') reply.header('access-control-allow-origin', '*');
  });

  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    const format = formatOf(request.url);
    if (err instanceof Open311Errors) return sendErrors(reply, format, 400, err.descriptions);
    if (err instanceof AppError) {
      reply.headers(err.headers);
      return sendErrors(reply, format, err.status, [err.message]);
    }
    const status = (err as FastifyError).statusCode ?? 500;
    if (status >= 400 && status < 500)
      return sendErrors(reply, format, status, [describe(err as FastifyError)]);
    request.log.error({ err }, 'open311: unhandled error');
    // Never echo a 5xx's message: it may carry SQL or personal data.
    return sendErrors(reply, format, 500, ['General service error（服务器内部错误）']);
  });
  app.setNotFoundHandler((request, reply) =>
    sendErrors(reply, formatOf(request.url), 404, ['resource was not found（没有这个接口）']),
  );

  /** `:file` of a parameterised resource, split into id and format (404 for `.html` and such). */
  const resource = (request: FastifyRequest, reply: FastifyReply, param: string) => {
    const file = (request.params as Record<string, string>)[param] ?? '';
    const split = splitExtension(file);
    if (!split) {
      sendErrors(reply, 'json', 404, ['format must be .json or .xml（请在地址末尾加 .json 或 .xml）']);
      return null;
    }
    return split;
  };

  for (const format of FORMATS) {
    app.get(`/discovery.${format}`, PUBLIC, async (request, reply) => {
      const d = discovery(`${request.protocol}://${request.host}`);
      if (format === 'json') return sendDoc(reply, format, 200, { root: 'discovery', value: d });
      const endpoints = d.endpoints.map((e) => ({ ...e, formats: { format: e.formats } }));
      return sendDoc(reply, format, 200, {
        root: 'discovery',
        value: { ...d, endpoints: { endpoint: endpoints } },
      });
    });

    app.get(`/services.${format}`, PUBLIC, async (request, reply) => {
      await checkJurisdiction(deps.db, field(asRecord(request.query), 'jurisdiction_id'), false);
      return sendDoc(reply, format, 200, {
        root: 'services',
        item: 'service',
        value: await services(deps.db),
      });
    });

    app.get(`/requests.${format}`, PUBLIC, async (request, reply) => {
      const value = await listRequests(deps, asRecord(request.query));
      return sendDoc(reply, format, 200, { root: 'service_requests', item: 'request', value });
    });

    app.post(`/requests.${format}`, PUBLIC, async (request, reply) => {
      // The key may come in the query string too, as some clients send it there.
      const body = { ...asRecord(request.query), ...asRecord(request.body) };
      const value = await createRequest(deps, body);
      return sendDoc(reply, format, 200, { root: 'service_requests', item: 'request', value });
    });
  }

  app.get('/services/:file', PUBLIC, async (request, reply) => {
    const r = resource(request, reply, 'file');
    if (!r) return reply;
    await checkJurisdiction(deps.db, field(asRecord(request.query), 'jurisdiction_id'), false);
    const def = await serviceDefinition(deps.db, r.id);
    if (r.format === 'json') return sendDoc(reply, r.format, 200, { root: 'service_definition', value: def });
    // <attributes/> stays present and empty: a definition without extra questions.
    return sendDoc(reply, r.format, 200, {
      root: 'service_definition',
      value: { service_code: def.service_code, attributes: '' },
    });
  });

  app.get('/requests/:file', PUBLIC, async (request, reply) => {
    const r = resource(request, reply, 'file');
    if (!r) return reply;
    const value = await getRequest(deps, r.id, asRecord(request.query));
    return sendDoc(reply, r.format, 200, { root: 'service_requests', item: 'request', value });
  });
};
