import { DEPUTY_LEVEL_LABELS } from '@lianluo/domain';
import { boardList, countsLine, dayLabel, labelOf, mapLink, rotaTable } from './format.ts';
import { esc, list } from './layout.ts';
import { BOARD_LIMIT, type BoardPageData, type DeputyPageData, type StartPageData } from './pages.service.ts';
import type { loadStationPage } from './station.data.ts';

/** The HTML of the start, station, deputy and board pages. */

const levelLabel = (level: string) => labelOf(DEPUTY_LEVEL_LABELS, level) ?? '';

/** The start page: every station by county and town, with the boards and the two things a person comes for. */
export function startPage({ all, towns, counties, names }: StartPageData): string {
  // A board link only for a region that exists (else the board is a 404).
  const board = (code: string, text: string) =>
    names.has(code) ? ` <a href="/p/board?region=${code}">${esc(text)}</a>` : '';
  const sections = counties.map((county) => {
    const inCounty = towns.filter((t) => t.startsWith(county.slice(0, 6)));
    return `<h2>${esc(names.get(county) ?? county)}${board(county, '公示栏')}</h2>${inCounty
      .map(
        (town) =>
          `<div class="card"><h3>${esc(names.get(town) ?? town)}${board(town, '公示栏')}</h3>${list(
            all.filter((s) => s.town === town).map((s) => `<a href="/p/stations/${s.id}">${esc(s.name)}</a>`),
            '暂无联络站',
          )}</div>`,
      )
      .join('')}`;
  });
  return `<div class="acts"><a class="btn" href="/p/opinion">我要提意见</a><a class="btn alt" href="/p/track">查询办理进度</a></div>
<p>扫描联络站的二维码可直接进入该站；也可以在下面选择联络站，查看进站代表和接待安排、预约代表。</p>${
    sections.join('') || '<p class="muted">暂无联络站</p>'
  }`;
}

type StationPage = NonNullable<Awaited<ReturnType<typeof loadStationPage>>>;

/** A station's page: photo, actions, address and hours, its deputies, rota and board. */
export function stationPage(id: string, { st, people, shifts, board, counts }: StationPage): string {
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
            }<span>${esc(d.name)}<br><span class="muted">${esc(levelLabel(d.level))}</span></span></a></li>`,
        )
        .join('')}</ul>`
    : '<p class="muted">暂无进站代表信息</p>';
  return `${photo}<div class="acts"><a class="btn" href="/p/opinion?station=${id}">我要提意见</a><a class="btn alt" href="/p/book?station=${id}">预约代表</a><a class="btn alt" href="/p/track">查询办理进度</a></div>
<div class="card"><p>地址：${esc(st.address || '—')}${mapLink(st.latitude, st.longitude, st.name)}</p><p>开放时间：${esc(st.openingHours || '—')}</p></div>
<h2>进站代表</h2>${deputiesHtml}
<h2>近期接待安排</h2>${rotaTable(id, shifts, true)}
<h2>公示栏</h2>${countsLine(counts)}${boardList(board)}<p><a href="/p/board?station=${id}">查看全部公示</a></p>`;
}

/** A deputy's page: profile, stations, next reception times and the two actions. */
export function deputyPage(id: string, { d, stations: sts, next }: DeputyPageData): string {
  const photo = d.photoKey
    ? `<img class="ph" src="/p/deputies/${id}/photo?v=${d.photoKey.slice(0, 8)}" alt="${esc(d.name)}的照片" width="240" height="320">`
    : '';
  const level = levelLabel(d.level);
  const book = sts[0] ? `<a class="btn" href="/p/book?station=${sts[0].id}">预约见面</a>` : '';
  return `${photo}<div class="card"><p>${esc(level)}${d.term ? ` · ${esc(d.term)}` : ''}</p>${
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
  )}<div class="acts">${book}${sts[0] ? `<a class="btn alt" href="/p/opinion?deputy=${id}">向代表提意见</a>` : ''}</div>`;
}

/** A board with its search form (keyword, category), what was found and the monthly counts. */
export function boardPage({ field, cats, category, keyword, items, counts }: BoardPageData): string {
  const hidden = `<input type="hidden" name="${field.name}" value="${field.value}">`;
  const options = cats
    .map(
      (c) => `<option value="${esc(c.key)}"${c.key === category ? ' selected' : ''}>${esc(c.name)}</option>`,
    )
    .join('');
  return `${countsLine(counts)}<form method="get" action="/p/board" class="card" role="search">${hidden}<label for="q">关键词</label><input id="q" name="q" type="search" maxlength="50" value="${esc(keyword)}"><label for="category">类别</label><select id="category" name="category"><option value="">全部类别</option>${options}</select><p><button class="btn" type="submit">搜索</button></p></form>${
    keyword || category
      ? `<p>找到 ${items.length} 条${items.length === BOARD_LIMIT ? `（仅显示最近 ${BOARD_LIMIT} 条）` : ''}</p>`
      : ''
  }${boardList(items)}`;
}
