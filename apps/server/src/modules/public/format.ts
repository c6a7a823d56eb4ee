import { CASE_STATUS_LABELS, isoWeekday, REPLY_KIND_LABELS, SATISFACTION_LABELS } from '@lianluo/domain';
import type { UpcomingShift } from '../appointments/appointments.service.ts';
import { esc } from './layout.ts';
import type { boardItems, monthlyCounts } from './public.queries.ts';

/**
 * The label of a key read from the database as text (a status, a level): the domain's table,
 * or undefined for a key the table does not have.
 */
export function labelOf<K extends string>(
  labels: Readonly<Record<K, string>>,
  key: string,
): string | undefined {
  const has = (k: string): k is K => Object.hasOwn(labels, k);
  return has(key) ? labels[key] : undefined;
}

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** 2026-06-20 → 6月20日（周六）, as HTML with the machine-readable date kept. */
export const dayLabel = (date: string) =>
  `<time datetime="${date}">${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日（${WEEKDAYS[isoWeekday(date)]}）</time>`;

/** A plain link to a map at the station's position: no third-party script on our page. */
export const mapLink = (lat: number | null, lng: number | null, name: string) =>
  lat === null || lng === null
    ? ''
    : ` <a href="https://uri.amap.com/marker?position=${lng},${lat}&amp;name=${encodeURIComponent(name)}&amp;coordinate=wgs84&amp;callnative=1" rel="noopener noreferrer">在地图中查看</a>`;

export function rotaTable(stationId: string, shifts: UpcomingShift[], withBooking: boolean) {
  if (!shifts.length) return '<p class="muted">暂无已发布的接待安排</p>';
  const rows = shifts
    .map((s) => {
      const left = s.capacity - s.booked;
      const book = withBooking
        ? `<td>${
            left > 0
              ? `<a href="/p/book?station=${stationId}&amp;shift=${s.id}">预约</a><br><span class="muted">余${left}</span>`
              : '<span class="muted">已约满</span>'
          }</td>`
        : '';
      return `<tr><td>${dayLabel(s.date)}<br>${s.startTime}–${s.endTime}</td><td>${esc(s.deputies.map((d) => d.name).join('、')) || '待定'}</td>${book}</tr>`;
    })
    .join('');
  return `<table class="rota" data-testid="public-rota"><tr><th scope="col">时间</th><th scope="col">接待代表</th>${withBooking ? '<th scope="col">预约</th>' : ''}</tr>${rows}</table>`;
}

export function countsLine(c: Awaited<ReturnType<typeof monthlyCounts>>) {
  const rate = c.satisfaction === null ? '暂无评价' : `${Math.round(c.satisfaction * 1000) / 10}%`;
  return `<p data-testid="board-counts">本月收到 ${c.received} 件，已办结 ${c.closed} 件，满意率 ${rate}</p>`;
}

export function boardList(items: Awaited<ReturnType<typeof boardItems>>) {
  if (!items.length) return '<p class="muted">暂无公示的意见办理结果</p>';
  return `<ul class="board" data-testid="board-items">${items
    .map((i) => {
      const status = labelOf(CASE_STATUS_LABELS, i.status) ?? i.status;
      const kind = i.replyKind ? labelOf(REPLY_KIND_LABELS, i.replyKind) : null;
      const sat = i.satisfaction ? labelOf(SATISFACTION_LABELS, i.satisfaction) : null;
      const meta = [i.categoryName, i.stationName, status, kind && `答复：${kind}`, sat && `评价：${sat}`]
        .filter((m): m is string => Boolean(m))
        .map((m) => esc(m))
        .join(' · ');
      return `<li class="card"><p>${esc(i.publicText ?? '')}</p><p class="muted">${meta}<br>${esc(i.number)} · 公示于 ${i.publishedAt ? i.publishedAt.toISOString().slice(0, 10) : ''}</p></li>`;
    })
    .join('')}</ul>`;
}

/** Styles the pages add to the layout's: the board list, photos, the button row. */
export const PAGE_CSS =
  '.rota td:nth-child(3){white-space:nowrap}.board{list-style:none;padding:0}.board h3{font-size:1.05em;margin:.2em 0}.acts{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}' +
  '.ph{max-width:100%;height:auto;border-radius:8px}.dl{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:8px}' +
  '.dl a{display:flex;gap:8px;align-items:center;background:#fff;border-radius:8px;padding:8px;text-decoration:none}.dl img,.dl .np{width:48px;height:48px;border-radius:50%;object-fit:cover;background:#d9d9d9;flex:none}' +
  'fieldset{border:1px solid #d9d9d9;border-radius:8px;padding:8px 12px;background:#fff}fieldset label{font-weight:400;display:flex;gap:8px;align-items:flex-start}fieldset input[type=radio]{width:auto;margin-top:.4em}';
