import {
  DEPUTY_LEVEL_LABELS,
  type DeputyLevel,
  isRegionCode,
  scopePrefix,
  shanghaiDate,
} from '@lianluo/domain';
import { eq, inArray } from 'drizzle-orm';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { deputies, regions, stations } from '../../db/schema/index.ts';
import { bookRoutes } from './book.routes.ts';
import { cached } from './cache.ts';
import { boardList, countsLine, dayLabel, mapLink, PAGE_CSS, rotaTable } from './format.ts';
import { ELDERLY_COOKIE, esc, list, safeBack, sendNotFound, sendPage, sendSharedPage } from './layout.ts';
import { stationsByTown } from './opinion.service.ts';
import { photoRoutes } from './photos.routes.ts';
import { printRoutes } from './print.routes.ts';
import {
  type BoardWhere,
  boardItems,
  categoryOptions,
  deputyPublic,
  monthlyCounts,
} from './public.queries.ts';
import { loadStationPage, strings, Uuid } from './station.data.ts';

/** Public H5 pages: station, deputy, board, booking, print sheets and photos (no sign-in). */
export const publicRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  // Plain HTML forms post urlencoded bodies; only the public pages accept them. The limit lets
  // an over-long text through to the form's own check, which answers in words, not a bare 413.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 512 * 1024 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

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

  // The start page: every station by county and town, with the boards and the two things a
  // person comes for. Where a link with nowhere else to go lands (safeBack), and /p typed by hand.
  const startPage = async (request: FastifyRequest, reply: FastifyReply) =>
    sendSharedPage(
      reply,
      request,
      'start',
      async () => {
        const all = await stationsByTown(deps.db);
        const towns = [...new Set(all.map((s) => s.town))];
        const counties = [...new Set(towns.map((c) => `${c.slice(0, 6)}000000`))];
        const codes = [...towns, ...counties];
        const rows = codes.length
          ? await deps.db
              .select({ code: regions.code, name: regions.name })
              .from(regions)
              .where(inArray(regions.code, codes))
          : [];
        const names = new Map(rows.map((r) => [r.code, r.name]));
        // A board link only for a region that exists (else the board is a 404).
        const board = (code: string, text: string) =>
          names.has(code) ? ` <a href="/p/board?region=${code}">${esc(text)}</a>` : '';
        const sections = counties.map((county) => {
          const inCounty = towns.filter((t) => t.startsWith(county.slice(0, 6)));
          return `<h2>${esc(names.get(county) ?? county)}${board(county, '公示栏')}</h2>${inCounty
            .map(
              (town) =>
                `<div class="card"><h3>${esc(names.get(town) ?? town)}${board(town, '公示栏')}</h3>${list(
                  all
                    .filter((s) => s.town === town)
                    .map((s) => `<a href="/p/stations/${s.id}">${esc(s.name)}</a>`),
                  '暂无联络站',
                )}</div>`,
            )
            .join('')}`;
        });
        return {
          title: '人大代表联络站',
          css: PAGE_CSS,
          body: `<div class="acts"><a class="btn" href="/p/opinion">我要提意见</a><a class="btn alt" href="/p/track">查询办理进度</a></div>
<p>扫描联络站的二维码可直接进入该站；也可以在下面选择联络站，查看进站代表和接待安排、预约代表。</p>${
            sections.join('') || '<p class="muted">暂无联络站</p>'
          }`,
        };
      },
      () => sendNotFound(reply, request),
    );
  app.get('/p/', { config: { public: true }, schema: { hide: true } }, startPage);
  app.get('/p', { config: { public: true }, schema: { hide: true } }, startPage);

  app.get('/p/stations/:id', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!Uuid.test(id)) return sendNotFound(reply, request, '联络站');
    return sendSharedPage(
      reply,
      request,
      `station:${id}`,
      async () => {
        const page = await loadStationPage(deps, id);
        if (!page) return null;
        const { st, people, shifts, board, counts } = page;
        const photo = st.photoKey
          ? `<img class="ph" src="/p/stations/${id}/photo?v=${st.photoKey.slice(0, 8)}" alt="${esc(st.name)}的照片" width="800" height="600">`
          : '';
        const deputiesHtml = people.length
          ? `<ul class="dl">${people
              .map(
                (d) =>
                  `<li><a href="/p/deputies/${d.id}">${
                    d.hasPhoto
                      ? `<img src="/p/deputies/${d.id}/photo?size=thumb&amp;v=${d.photoVersion}" alt="" width="48" height="48" loading="lazy">`
                      : '<span class="np"></span>'
                  }<span>${esc(d.name)}<br><span class="muted">${esc(DEPUTY_LEVEL_LABELS[d.level as DeputyLevel] ?? '')}</span></span></a></li>`,
              )
              .join('')}</ul>`
          : '<p class="muted">暂无进站代表信息</p>';
        return {
          title: st.name,
          css: PAGE_CSS,
          body: `${photo}<div class="acts"><a class="btn" href="/p/opinion?station=${id}">我要提意见</a><a class="btn alt" href="/p/book?station=${id}">预约代表</a><a class="btn alt" href="/p/track">查询办理进度</a></div>
<div class="card"><p>地址：${esc(st.address || '—')}${mapLink(st.latitude, st.longitude, st.name)}</p><p>开放时间：${esc(st.openingHours || '—')}</p></div>
<h2>进站代表</h2>${deputiesHtml}
<h2>近期接待安排</h2>${rotaTable(id, shifts, true)}
<h2>公示栏</h2>${countsLine(counts)}${boardList(board)}<p><a href="/p/board?station=${id}">查看全部公示</a></p>`,
        };
      },
      () => sendNotFound(reply, request, '联络站'),
    );
  });

  app.get('/p/deputies/:id', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const d = Uuid.test(id) ? await deps.db.query.deputies.findFirst({ where: eq(deputies.id, id) }) : null;
    if (!d) return sendNotFound(reply, request, '代表');
    const today = shanghaiDate(deps.now());
    const { stations: sts, next } = await cached(`deputy:${id}:${today}`, () =>
      deputyPublic(deps.db, id, today),
    );
    const photo = d.photoKey
      ? `<img class="ph" src="/p/deputies/${id}/photo?v=${d.photoKey.slice(0, 8)}" alt="${esc(d.name)}的照片" width="240" height="320">`
      : '';
    const level = DEPUTY_LEVEL_LABELS[d.level as DeputyLevel] ?? '';
    const book = sts[0] ? `<a class="btn" href="/p/book?station=${sts[0].id}">预约见面</a>` : '';
    return sendPage(reply, {
      request,
      title: `${d.name} 代表`,
      css: PAGE_CSS,
      body: `${photo}<div class="card"><p>${esc(level)}${d.term ? ` · ${esc(d.term)}` : ''}</p>${
        d.constituency ? `<p>选区：${esc(d.constituency)}</p>` : ''
      }${d.occupation ? `<p>${esc(d.occupation)}</p>` : ''}${d.bio ? `<p>${esc(d.bio)}</p>` : ''}</div>${
        d.focus ? `<h2>履职重点</h2><p>${esc(d.focus)}</p>` : ''
      }<h2>所在联络站</h2>${list(
        sts.map(
          (s) =>
            `<a href="/p/stations/${s.id}">${esc(s.name)}</a>${s.address ? `<br><span class="muted">${esc(s.address)}</span>` : ''}`,
        ),
        '暂未编入联络站',
      )}<h2>近期接待时间</h2>${list(
        next.map(
          (n) =>
            `${dayLabel(n.date)} ${n.startTime}–${n.endTime} <a href="/p/stations/${n.stationId}">${esc(n.stationName)}</a>`,
        ),
        '暂无已发布的接待安排',
      )}<div class="acts">${book}${sts[0] ? `<a class="btn alt" href="/p/opinion?deputy=${id}">向代表提意见</a>` : ''}</div>`,
    });
  });

  app.get('/p/board', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const q = strings(request.query, ['region', 'station', 'q', 'category']);
    let where: BoardWhere | null = null;
    let name = '';
    let hidden = '';
    if (q.station && Uuid.test(q.station)) {
      const st = await deps.db.query.stations.findFirst({ where: eq(stations.id, q.station) });
      if (st) {
        where = { stationId: st.id };
        name = st.name;
        hidden = `<input type="hidden" name="station" value="${st.id}">`;
      }
    } else if (q.region && isRegionCode(q.region)) {
      const r = await deps.db.query.regions.findFirst({ where: eq(regions.code, q.region) });
      if (r) {
        where = { prefix: scopePrefix(r.code) };
        name = r.name;
        hidden = `<input type="hidden" name="region" value="${r.code}">`;
      }
    }
    if (!where) return sendNotFound(reply, request, '公示栏');
    const today = shanghaiDate(deps.now());
    const cats = await cached('categories', () => categoryOptions(deps.db));
    const category = cats.some((c) => c.key === q.category) ? q.category : undefined;
    const keyword = (q.q ?? '').trim().slice(0, 50);
    const w = where;
    const [items, counts] = await Promise.all([
      cached(`board:${JSON.stringify([w, keyword, category])}`, () =>
        boardItems(deps.db, w, { q: keyword, category, limit: 30 }),
      ),
      cached(`counts:${JSON.stringify(w)}:${today}`, () => monthlyCounts(deps.db, w, today)),
    ]);
    const options = cats
      .map(
        (c) =>
          `<option value="${esc(c.key)}"${c.key === category ? ' selected' : ''}>${esc(c.name)}</option>`,
      )
      .join('');
    return sendPage(reply, {
      request,
      title: `${name} 公示栏`,
      css: PAGE_CSS,
      body: `${countsLine(counts)}<form method="get" action="/p/board" class="card" role="search">${hidden}<label for="q">关键词</label><input id="q" name="q" type="search" maxlength="50" value="${esc(keyword)}"><label for="category">类别</label><select id="category" name="category"><option value="">全部类别</option>${options}</select><p><button class="btn" type="submit">搜索</button></p></form>${
        keyword || category
          ? `<p>找到 ${items.length} 条${items.length === 30 ? '（仅显示最近 30 条）' : ''}</p>`
          : ''
      }${boardList(items)}`,
    });
  });

  await app.register(bookRoutes, { deps });
  await app.register(printRoutes, { deps });
  await app.register(photoRoutes, { deps });
};
