import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Deps } from './core/context.ts';
import type { Database } from './db/client.ts';
import { serveConsole } from './http/console.ts';
import { registerGuard } from './http/guard.ts';
import { registerInputChecks } from './http/input.ts';
import { registerProblemHandlers } from './http/problems.ts';
import { UPLOAD_LIMITS } from './http/uploads.ts';
import { analyticsRoutes } from './modules/analytics/analytics.routes.ts';
import { Insight } from './modules/analytics/analytics.service.ts';
import { appointmentsRoutes } from './modules/appointments/appointments.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { calendarRoutes } from './modules/calendar/calendar.routes.ts';
import { casesRoutes } from './modules/cases/cases.routes.ts';
import { categoriesRoutes } from './modules/categories/categories.routes.ts';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.ts';
import { departmentsRoutes } from './modules/departments/departments.routes.ts';
import { deputiesManageRoutes } from './modules/deputies/deputies.manage.routes.ts';
import { deputiesRoutes } from './modules/deputies/deputies.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { notifyRoutes } from './modules/notify/notify.routes.ts';
import { open311KeysRoutes } from './modules/open311/open311.keys.routes.ts';
import { open311Routes } from './modules/open311/open311.routes.ts';
import { clearOnWrite } from './modules/public/cache.ts';
import { opinionInsightRoutes } from './modules/public/opinion.insight.routes.ts';
import { opinionRoutes } from './modules/public/opinion.routes.ts';
import { publicRoutes } from './modules/public/pages.routes.ts';
import { regionsImportRoutes } from './modules/regions/regions.import.ts';
import { regionsRoutes } from './modules/regions/regions.routes.ts';
import { rotaRoutes } from './modules/rota/rota.routes.ts';
import { settingsRoutes } from './modules/settings/settings.routes.ts';
import { stationsManageRoutes } from './modules/stations/stations.manage.routes.ts';
import { stationsRoutes } from './modules/stations/stations.routes.ts';
import { supervisionRoutes } from './modules/supervision/supervision.routes.ts';
import { CONSOLE_DIST } from './paths.ts';

export interface AppOptions {
  database: Database;
  deps: Omit<Deps, 'log'>;
  logger?: FastifyServerOptions['logger'];
  /** Text services (model, similarity index); one per process. */
  insight?: Insight;
  /** Serve the built console from apps/console/dist when it exists. */
  serveConsole?: boolean;
  /** Where the built console is; apps/console/dist by default (tests give their own). */
  consoleDist?: string;
  /**
   * Proxies trusted for the client's address and protocol (X-Forwarded-For/-Proto); none by
   * default (main.ts passes LIANLUO_TRUST_PROXY from the config). The protocol decides, among
   * others, whether public pages send HSTS.
   */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /** Open311 calls a minute per API key or IP (config: LIANLUO_OPEN311_RATE_PER_MINUTE). */
  open311RatePerMinute?: number;
}

export type App = FastifyInstance;

/** The route table as registered, for the tests that check every route is guarded and documented. */
interface RouteEntry {
  method: string;
  url: string;
  config: { public?: true; permission?: string };
  schema: { operationId?: string; hide?: boolean; querystring?: { properties?: Record<string, unknown> } };
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteEntry[];
    insight: Insight;
  }
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    // Plugins load in well under a second, but a small machine under load can take far longer.
    pluginTimeout: 60_000,
    trustProxy: opts.trustProxy ?? false,
    ajv: {
      customOptions: {
        // Unknown fields are refused (400), never silently dropped: no mass assignment.
        removeAdditional: false,
        allErrors: false,
        coerceTypes: true,
        useDefaults: true,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const deps: Deps = { ...opts.deps, log: app.log };
  // JSON only: a text/plain body is what a cross-site form can send without a preflight (CSRF).
  app.removeContentTypeParser('text/plain');
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
    // A public page sets same-origin: under no-referrer a browser sends `Origin: null` with its
    // form posts, which the CSRF check (rightly) refuses.
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    done(null, payload);
  });

  // The public pages keep a short cache of what they read; a successful write clears it.
  app.addHook('onResponse', clearOnWrite);
  registerProblemHandlers(app);
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: UPLOAD_LIMITS });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Lianluo 联络 API',
        version: '0.1.0',
        description:
          '人大代表联络站平台接口。错误以 application/problem+json (RFC 9457) 返回；列表使用游标分页；' +
          '所有数据按12位区划代码前缀限定范围，越权访问返回404并记入审计日志。',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'lianluo_sid' } },
      },
      security: [{ session: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    // The docs UI's own routes are public.
    if (route.url.startsWith('/api/docs')) route.config = { ...(route.config ?? {}), public: true };
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routeTable.push({
        method,
        url: route.url,
        config: (route.config ?? {}) as RouteEntry['config'],
        schema: (route.schema ?? {}) as RouteEntry['schema'],
      });
    }
  });
  registerGuard(app, deps);
  registerInputChecks(app);

  await app.register(healthRoutes, { deps, database: opts.database });
  await app.register(authRoutes, { prefix: '/api', deps });
  await app.register(regionsRoutes, { prefix: '/api', deps });
  await app.register(stationsRoutes, { prefix: '/api', deps });
  await app.register(deputiesRoutes, { prefix: '/api', deps });
  await app.register(stationsManageRoutes, { prefix: '/api', deps });
  await app.register(deputiesManageRoutes, { prefix: '/api', deps });
  await app.register(regionsImportRoutes, { prefix: '/api', deps });
  await app.register(rotaRoutes, { prefix: '/api', deps });
  await app.register(publicRoutes, { deps });
  await app.register(opinionRoutes, { deps });
  await app.register(appointmentsRoutes, { prefix: '/api', deps });
  await app.register(departmentsRoutes, { prefix: '/api', deps });
  await app.register(casesRoutes, { prefix: '/api', deps });
  await app.register(supervisionRoutes, { prefix: '/api', deps });
  await app.register(calendarRoutes, { prefix: '/api', deps });
  await app.register(settingsRoutes, { prefix: '/api', deps });
  await app.register(notifyRoutes, { prefix: '/api', deps });
  await app.register(categoriesRoutes, { prefix: '/api', deps });
  await app.register(dashboardRoutes, { prefix: '/api', deps });
  await app.register(auditRoutes, { prefix: '/api', deps });
  const insight = opts.insight ?? new Insight(deps);
  app.decorate('insight', insight);
  await app.register(analyticsRoutes, { prefix: '/api', deps, insight });
  await app.register(opinionInsightRoutes, { deps, insight });
  await app.register(open311Routes, {
    prefix: '/open311/v2',
    deps,
    ratePerMinute: opts.open311RatePerMinute,
  });
  await app.register(open311KeysRoutes, { prefix: '/api', deps });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  if (opts.serveConsole) await serveConsole(app, opts.consoleDist ?? CONSOLE_DIST);
  await app.ready();
  return app;
}
