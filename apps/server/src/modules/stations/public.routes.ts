import { addDays, DEPUTY_LEVEL_LABELS, type DeputyLevel, shanghaiDate } from '@lianluo/domain';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../context.ts';
import { deputies, stations } from '../../db/schema/index.ts';
import { IdParams } from '../../http/pagination.ts';
import { AppError } from '../../http/problems.ts';
import { esc } from '../deputies/deputies.manage.routes.ts';
import { listShifts } from '../rota/rota.manage.ts';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>body{font-family:sans-serif;max-width:720px;margin:auto;padding:12px}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 8px}@media print{body{max-width:none}}</style><h1>${esc(title)}</h1>${body}</html>`;

/** Public H5 pages: a station with its published rota (also the printable wall sheet), a deputy's profile. */
export const publicRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  const headers = {
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'cache-control': 'no-cache',
  };
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
      return reply
        .headers(headers)
        .type('text/html; charset=utf-8')
        .send(
          page(
            st.name,
            `<p>地址：${esc(st.address)}</p><p>开放时间：${esc(st.openingHours)}</p><h2>代表接待安排</h2>${
              rows
                ? `<table data-testid="public-rota"><tr><th>日期</th><th>时间</th><th>接待代表</th></tr>${rows}</table>`
                : '<p>暂无已发布的接待安排</p>'
            }`,
          ),
        );
    },
  );
  app.get(
    '/p/deputies/:id',
    { config: { public: true }, schema: { hide: true, params: IdParams } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const d = await deps.db.query.deputies.findFirst({ where: eq(deputies.id, id) });
      if (!d) throw new AppError('not_found');
      return reply
        .headers(headers)
        .type('text/html; charset=utf-8')
        .send(
          page(
            d.name,
            `<p>${esc(DEPUTY_LEVEL_LABELS[d.level as DeputyLevel])}${d.term ? ` · ${esc(d.term)}` : ''}</p><p>选区：${esc(d.constituency)}</p>${
              d.bio ? `<p>${esc(d.bio)}</p>` : ''
            }${d.focus ? `<h2>履职重点</h2><p>${esc(d.focus)}</p>` : ''}`,
          ),
        );
    },
  );
};
