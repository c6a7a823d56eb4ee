import { DEPUTY_LEVEL_LABELS, type DeputyLevel } from '@lianluo/domain';
import { esc } from '../public/layout.ts';
import type { DeputyRow, RosterRow } from './deputies.queries.ts';
import type { DeputyDetail, DeputyItem } from './deputies.schemas.ts';

type StationRef = { id: string; name: string; role: string };

// The table's check keeps `level` to the domain's list.
const levelLabel = (level: string) => DEPUTY_LEVEL_LABELS[level as DeputyLevel];

export function presentDeputy(r: DeputyRow, stations: StationRef[]): DeputyItem {
  return {
    ...r,
    regionName: r.regionName ?? '',
    levelLabel: levelLabel(r.level),
    stations: stations.map((s) => s.name),
  };
}

export function presentDeputyDetail(r: DeputyRow, stationList: StationRef[]): DeputyDetail {
  return { ...presentDeputy(r, stationList), bio: r.bio, stationList };
}

/** The deputy's public page, opened by the personal QR code. */
export const publicDeputyPath = (id: string) => `/p/deputies/${id}`;

/** The printable contact card (A6): name, constituency and the QR code of the public page. */
export function deputyCardHtml(d: { name: string; constituency: string }, qrSvg: string): string {
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${esc(d.name)}</title><style>@page{size:A6;margin:8mm}body{font-family:sans-serif;text-align:center}svg{width:60mm;height:60mm}</style><h2>${esc(d.name)}</h2><p>${esc(d.constituency)}</p>${qrSvg}<p>扫码联系您的人大代表</p></html>`;
}

/** A sample row of the import template. */
export const ROSTER_TEMPLATE_EXAMPLE = [
  '张三',
  '男',
  '11010519491231002X',
  '乡镇',
  '439901001001',
  '第一选区',
  '第十届',
  '石桥村党支部书记',
  '否',
  '否',
  '石桥村人大代表联络点',
  '',
  '',
];

/** The exported roster sheet (no ID numbers: only their blind index is kept). */
export function rosterSheet(rows: RosterRow[], links: { deputyId: string; name: string }[]) {
  return {
    name: '代表名册',
    columns: [
      '姓名',
      '性别',
      '代表层级',
      '选区区划代码',
      '选区',
      '届次',
      '职业职务',
      '领导干部代表',
      '职务代表',
      '联络站',
    ].map((h) => ({ header: h, width: 16 })),
    rows: rows.map((d) => [
      d.name,
      d.gender === 'male' ? '男' : '女',
      levelLabel(d.level),
      d.regionCode,
      d.constituency,
      d.term,
      d.occupation,
      d.leadingCadre ? '是' : '否',
      d.dutyDeputy ? '是' : '否',
      links
        .filter((l) => l.deputyId === d.id)
        .map((l) => l.name)
        .join('、'),
    ]),
  };
}
