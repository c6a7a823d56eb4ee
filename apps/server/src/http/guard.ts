import { can, type Permission } from '@lianluo/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditActor, recordAudit } from '../core/audit.queries.ts';
import type { Actor, Deps } from '../core/context.ts';
import { AppError } from '../core/errors.ts';
import { authenticate } from '../core/sessions.ts';

export const SESSION_COOKIE = 'lianluo_sid';

declare module 'fastify' {
  interface FastifyContextConfig {
    public?: true;
    permission?: Permission;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The signed-in caller of a guarded route; the guard has already run. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function registerGuard(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('actor', null);
  // A public read (a station page scanned by a crowd) needs nothing of this: it skips the
  // promise the async guard would cost on every request.
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.routeOptions.config?.public && !WRITE_METHODS.has(request.method)) return done();
    guard(request).then(() => done(), done);
  });

  async function guard(request: FastifyRequest) {
    const config = request.routeOptions.config ?? {};
    const client = { ip: request.ip, userAgent: request.headers['user-agent'] ?? '', requestId: request.id };
    // CSRF: a cookie-authenticated write must come from our own origin. Browsers always send
    // Origin on cross-site POSTs, so a foreign one is refused outright.
    if (WRITE_METHODS.has(request.method) && request.headers.origin) {
      const host = request.headers['x-forwarded-host'] ?? request.headers.host;
      let originHost = '';
      try {
        originHost = new URL(request.headers.origin).host;
      } catch {
        originHost = '';
      }
      if (originHost !== host) {
        await recordAudit(deps.db, {
          at: deps.now(),
          event: 'cross_origin_denied',
          outcome: 'denied',
          ip: request.ip,
          requestId: request.id,
          detail: { origin: String(request.headers.origin).slice(0, 200), url: request.url.slice(0, 200) },
        });
        throw new AppError('cross_origin');
      }
    }
    if (config.public) return;
    // Unmatched URLs go to the not-found handler, which needs no session.
    if (!request.routeOptions.url) return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw new AppError('unauthenticated');
    request.actor = await authenticate(deps, token, client);
    if (!config.permission || !can(request.actor.role, config.permission)) {
      await recordAudit(deps.db, {
        at: deps.now(),
        event: 'permission_denied',
        outcome: 'denied',
        actor: auditActor(request.actor),
        ip: request.ip,
        requestId: request.id,
        detail: {
          route: `${request.method} ${request.routeOptions.url}`,
          permission: config.permission ?? null,
        },
      });
      throw new AppError('forbidden');
    }
  }
}
