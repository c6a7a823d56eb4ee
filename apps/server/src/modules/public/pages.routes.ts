import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { bookRoutes } from './book.routes.ts';
import { PAGE_CSS } from './format.ts';
import { ELDERLY_COOKIE, safeBack, sendNotFound, sendPage, sendSharedPage } from './layout.ts';
import { boardPageData, deputyPageData, startPageData } from './pages.service.ts';
import { boardPage, deputyPage, startPage, stationPage } from './pages.views.ts';
import { fieldsOf, strings, Uuid } from './params.ts';
import { photoRoutes } from './photos.routes.ts';
import { printRoutes } from './print.routes.ts';
import { PageParams } from './public.schemas.ts';
import { loadStationPage } from './station.data.ts';

const page = { config: { public: true as const }, schema: { hide: true } };
const pageWithId = { config: { public: true as const }, schema: { hide: true, params: PageParams } };

/** Public H5 pages: station, deputy, board, booking, print sheets and photos (no sign-in). */
export const publicRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  // Plain HTML forms post urlencoded bodies; only the public pages accept them. The limit lets
  // an over-long text through to the form's own check, which answers in words, not a bare 413.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 512 * 1024 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );

  // 长辈模式 toggle: a plain link, so it works with JavaScript off.
  app.get('/p/elderly', page, async (request, reply) => {
    const q = fieldsOf(request.query);
    reply.setCookie(ELDERLY_COOKIE, q.on === '1' ? '1' : '0', {
      path: '/p',
      maxAge: 365 * 24 * 3600,
      sameSite: 'lax',
      httpOnly: true,
    });
    return reply.redirect(safeBack(q.back), 303);
  });

  // The start page: every station by county and town, with the boards and the two things a
  // person comes for. Where a link with nowhere else to go lands (safeBack), and /p typed by hand.
  const start = async (request: FastifyRequest, reply: FastifyReply) =>
    sendSharedPage(
      reply,
      request,
      'start',
      async () => ({ title: '人大代表联络站', css: PAGE_CSS, body: startPage(await startPageData(deps)) }),
      () => sendNotFound(reply, request),
    );
  app.get('/p/', page, start);
  app.get('/p', page, start);

  app.get('/p/stations/:id', pageWithId, async (request, reply) => {
    const { id } = request.params;
    if (!Uuid.test(id)) return sendNotFound(reply, request, '联络站');
    return sendSharedPage(
      reply,
      request,
      `station:${id}`,
      async () => {
        const data = await loadStationPage(deps, id);
        return data && { title: data.st.name, css: PAGE_CSS, body: stationPage(id, data) };
      },
      () => sendNotFound(reply, request, '联络站'),
    );
  });

  app.get('/p/deputies/:id', pageWithId, async (request, reply) => {
    const { id } = request.params;
    const data = Uuid.test(id) ? await deputyPageData(deps, id) : null;
    if (!data) return sendNotFound(reply, request, '代表');
    return sendPage(reply, {
      request,
      title: `${data.d.name} 代表`,
      css: PAGE_CSS,
      body: deputyPage(id, data),
    });
  });

  app.get('/p/board', page, async (request, reply) => {
    const data = await boardPageData(deps, strings(request.query, ['region', 'station', 'q', 'category']));
    if (!data) return sendNotFound(reply, request, '公示栏');
    return sendPage(reply, { request, title: `${data.name} 公示栏`, css: PAGE_CSS, body: boardPage(data) });
  });

  await app.register(bookRoutes, { deps });
  await app.register(printRoutes, { deps });
  await app.register(photoRoutes, { deps });
};
