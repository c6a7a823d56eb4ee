import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Deps } from '../../core/context.ts';
import type { Insight } from '../analytics/analytics.service.ts';
import { PublicError, RateLimited } from './opinion.errors.ts';
import { presentInsight } from './opinion.insight.presenter.ts';
import { opinionInsight } from './opinion.insight.service.ts';
import { fieldsOf } from './params.ts';

function problem(reply: FastifyReply, status: number, title: string, field: string | null = null) {
  return reply
    .code(status)
    .type('application/problem+json; charset=utf-8')
    .send({ type: 'about:blank', title, status, field });
}

/**
 * POST /p/opinion/insight — while a person types on the raise-an-opinion form: the category the
 * classifier suggests (its Chinese name; the person may change it) and what is already public
 * and similar near the station (board items with their approved text and result, common-issue
 * titles), each with a score and the shared key terms. Reads only; rate limited per IP in the
 * database like the form itself, so the limit holds across server processes.
 */
export const opinionInsightRoutes: FastifyPluginAsyncTypebox<{ deps: Deps; insight: Insight }> = async (
  app,
  { deps, insight },
) => {
  app.post(
    '/p/opinion/insight',
    { config: { public: true }, schema: { hide: true }, bodyLimit: 256 * 1024 },
    async (request, reply) => {
      const body = fieldsOf(request.body);
      try {
        const found = await opinionInsight(
          deps,
          insight,
          { text: body.text, station: body.station },
          request.ip,
        );
        return reply.header('cache-control', 'no-store').send(presentInsight(found));
      } catch (err) {
        if (!(err instanceof PublicError)) throw err;
        if (err instanceof RateLimited) reply.header('retry-after', String(err.retryAfter));
        return problem(reply, err.status, err.message, err.field);
      }
    },
  );
};
