import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RateRule } from '@lianluo/domain';
import type { FastifyError, FastifyReply } from 'fastify';
import type { Deps } from '../../core/context.ts';
import type { AppError } from '../../core/errors.ts';
import { type Format, formatOf, sendDoc, sendError, sendErrors, splitExtension } from './open311.format.ts';
import { FileParams } from './open311.schemas.ts';
import {
  checkJurisdiction,
  countRequest,
  createRequest,
  discovery,
  field,
  getRequest,
  listRequests,
  recordOf,
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
const WITH_FILE = { config: { public: true as const }, schema: { hide: true, params: FileParams } };

export const open311Routes: FastifyPluginAsyncTypebox<Open311Options> = async (app, opts) => {
  const { deps } = opts;

  // The spec posts form-encoded bodies. Parsed here, for these routes only (JSON is also taken).
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of new URLSearchParams(String(body))) {
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
  app.addHook('preHandler', async (request) =>
    countRequest(deps, rule, { body: request.body, query: request.query, ip: request.ip }),
  );

  // Reading is open to browser apps (a city's map of requests): no cookie is ever honoured here,
  // so any origin may read. Writing stays server to server, where the key can be kept secret.
  app.addHook('onSend', async (request, reply) => {
    if (request.method === 'GET') reply.header('access-control-allow-origin', '*');
  });

  app.setErrorHandler<FastifyError | AppError>((err, request, reply) => sendError(err, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendErrors(reply, formatOf(request.url), 404, ['resource was not found（没有这个接口）']),
  );

  /** `:file` of a parameterised resource, split into id and format (404 for `.html` and such). */
  const resource = (file: string, reply: FastifyReply) => {
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
      await checkJurisdiction(deps.db, field(recordOf(request.query), 'jurisdiction_id'), false);
      return sendDoc(reply, format, 200, {
        root: 'services',
        item: 'service',
        value: await services(deps.db),
      });
    });

    app.get(`/requests.${format}`, PUBLIC, async (request, reply) => {
      const value = await listRequests(deps, recordOf(request.query));
      return sendDoc(reply, format, 200, { root: 'service_requests', item: 'request', value });
    });

    app.post(`/requests.${format}`, PUBLIC, async (request, reply) => {
      // The key may come in the query string too, as some clients send it there.
      const body = { ...recordOf(request.query), ...recordOf(request.body) };
      const value = await createRequest(deps, body);
      return sendDoc(reply, format, 200, { root: 'service_requests', item: 'request', value });
    });
  }

  app.get('/services/:file', WITH_FILE, async (request, reply) => {
    const r = resource(request.params.file, reply);
    if (!r) return reply;
    await checkJurisdiction(deps.db, field(recordOf(request.query), 'jurisdiction_id'), false);
    const def = await serviceDefinition(deps.db, r.id);
    if (r.format === 'json') return sendDoc(reply, r.format, 200, { root: 'service_definition', value: def });
    // <attributes/> stays present and empty: a definition without extra questions.
    return sendDoc(reply, r.format, 200, {
      root: 'service_definition',
      value: { service_code: def.service_code, attributes: '' },
    });
  });

  app.get('/requests/:file', WITH_FILE, async (request, reply) => {
    const r = resource(request.params.file, reply);
    if (!r) return reply;
    const value = await getRequest(deps, r.id, recordOf(request.query));
    return sendDoc(reply, r.format, 200, { root: 'service_requests', item: 'request', value });
  });
};
