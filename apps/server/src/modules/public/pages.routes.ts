import { addDays, DEPUTY_LEVEL_LABELS, type DeputyLevel, shanghaiDate } from '@lianluo/domain';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../context.ts';
import { deputies, stations } from '../../db/schema/index.ts';
import { IdParams } from '../../http/pagination.ts';
import { AppError } from '../../http/problems.ts';
import { listShifts } from '../rota/rota.manage.ts';
import { ELDERLY_COOKIE, esc, safeBack, sendPage } from './layout.ts';

/** Public H5 pages: a station with its published rota (also the printable wall sheet), a deputy's profile. */
export const publicRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  // 长辈模式 toggle: a plain link, so it works with JavaScript off.
  app.get('/p/elderly', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const q = request.query as { on?: string; back?: string };
    reply.setCookie(ELDERLY_COOKIE, q.on === '1' ? '1' : '0', {
      path: '/p',
      maxAge: 365 * 24 * 3600,
      sameSite: 'lax',
      httpOnly: true,
    });
    return reply.redirect(safeBack(q.back), 303);
  });
  app.get(
    '/p/stations/:id',
    { config: { public: true }, schema: { hide: true, params: IdParams } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const st = await deps.db.query.stations.findFirst({ where: eq(stations.id, id) });
      if (!st) throw new AppError('not_found');
      const from = shanghaiDate(deps.now());
      const shifts = (
        await listShifts(deps.db, {
          scope: st.regionCode.slice(0, 2),
          stationId: id,
          from,
          to: addDays(from, 92),
        })
      ).filter((s) => s.status === 'published');
      const rows = shifts
        .map(
          (s) =>
            `<tr><td>${s.date}</td><td>${s.startTime}–${s.endTime}</td><td>${esc(s.deputies.map((d) => d.name).join('、'))}</td></tr>`,
        )
        .join('');
      return sendPage(reply, {
        request,
        title: st.name,
        body: `<p>地址：${esc(st.address)}</p><p>开放时间：${esc(st.openingHours)}</p><h2>代表接待安排</h2>${
          rows
            ? `<table data-testid="public-rota"><tr><th>日期</th><th>时间</th><th>接待代表</th></tr>${rows}</table>`
            : '<p>暂无已发布的接待安排</p>'
        }`,
      });
    },
  );
  app.get(
    '/p/deputies/:id',
    { config: { public: true }, schema: { hide: true, params: IdParams } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const d = await deps.db.query.deputies.findFirst({ where: eq(deputies.id, id) });
      if (!d) throw new AppError('not_found');
      return sendPage(reply, {
        request,
        title: d.name,
        body: `<p>${esc(DEPUTY_LEVEL_LABELS[d.level as DeputyLevel])}${d.term ? ` · ${esc(d.term)}` : ''}</p><p>选区：${esc(d.constituency)}</p>${
          d.bio ? `<p>${esc(d.bio)}</p>` : ''
        }${d.focus ? `<h2>履职重点</h2><p>${esc(d.focus)}</p>` : ''}`,
      });
    },
  );
};
