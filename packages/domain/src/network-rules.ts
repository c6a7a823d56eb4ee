/**
 * Pure rules of the station network: importing the division tree and the deputy roster (whole
 * file validated first, per-row errors), the standards checklist (七有/十有) and its completion,
 * and overlapping shifts. No I/O: the server parses files and calls these.
 */

import { isIsoDate } from './dates.ts';
import { DEPUTY_LEVEL_LABELS, DEPUTY_LEVELS, type DeputyLevel, type StationKind } from './network.ts';
import { isRegionCode, parentCode, type RegionLevel, regionLevel } from './regions.ts';

/** One problem with one row of an uploaded file; `row` is the 1-based row number in the sheet. */
export type RowError = { row: number; column?: string; message: string };

// ---------------------------------------------------------------------------------------------
// Regions

export type RegionRowInput = { row: number; code: string; name: string };
export type RegionRecord = { code: string; name: string; level: RegionLevel; parentCode: string | null };

/**
 * Validates a division-tree import. A code must be 12 digits of a known shape; its parent must
 * exist already (`known`) or come in the same file. Returns the records only when no row failed.
 */
export function validateRegionRows(
  rows: readonly RegionRowInput[],
  known: ReadonlySet<string>,
): { records: RegionRecord[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const inFile = new Map<string, number>();
  const parsed: { row: number; rec: RegionRecord }[] = [];
  for (const r of rows) {
    const code = String(r.code ?? '').trim();
    const name = String(r.name ?? '').trim();
    if (!/^[0-9]{12}$/.test(code) || !isRegionCode(code)) {
      errors.push({
        row: r.row,
        column: 'code',
        message: `区划代码应为12位数字且层级完整：${code.slice(0, 20)}`,
      });
      continue;
    }
    if (!name || name.length > 60) {
      errors.push({ row: r.row, column: 'name', message: '名称不能为空且不超过60字' });
      continue;
    }
    const prev = inFile.get(code);
    if (prev !== undefined) {
      errors.push({ row: r.row, column: 'code', message: `区划代码与第 ${prev} 行重复：${code}` });
      continue;
    }
    inFile.set(code, r.row);
    parsed.push({ row: r.row, rec: { code, name, level: regionLevel(code), parentCode: parentCode(code) } });
  }
  for (const { row, rec } of parsed) {
    if (rec.parentCode && !known.has(rec.parentCode) && !inFile.has(rec.parentCode)) {
      errors.push({ row, column: 'code', message: `上级区划 ${rec.parentCode} 不存在` });
    }
  }
  errors.sort((a, b) => a.row - b.row);
  // Parents before children, so the rows can be inserted in order.
  const records = errors.length ? [] : parsed.map((p) => p.rec).sort((a, b) => levelRank(a) - levelRank(b));
  return { records, errors };
}

const levelRank = (r: RegionRecord) => ['province', 'city', 'county', 'town', 'village'].indexOf(r.level);

// ---------------------------------------------------------------------------------------------
// Stations

/** The unified name form (统一名称): "石桥村人大代表联络点". */
export function suggestedStationName(kind: StationKind, regionName: string): string {
  switch (kind) {
    case 'general':
      return `${regionName}人大代表联络总站`;
    case 'town':
      return `${regionName}人大代表联络站`;
    case 'village':
      return `${regionName}人大代表联络点`;
    case 'industry':
      return `${regionName}人大代表联络站`;
  }
}

/** The standards checklists a county starts from; it may edit them or add local variants. */
export const DEFAULT_CHECKLISTS: readonly { key: string; name: string; items: readonly string[] }[] = [
  {
    key: 'qiyou',
    name: '七有',
    items: [
      '有固定场所',
      '有统一名称并挂牌',
      '有工作制度',
      '有代表信息公布栏',
      '有工作档案',
      '有网络平台',
      '有经费保障',
    ],
  },
  {
    key: 'shiyou',
    name: '十有',
    items: [
      '有固定场所',
      '有统一名称并挂牌',
      '有工作制度',
      '有代表信息公布栏',
      '有工作档案',
      '有网络平台',
      '有经费保障',
      '有专人负责',
      '有活动计划',
      '有接待记录',
    ],
  },
];

/** Completion of a checklist: an item counts once it has at least one piece of evidence. */
export function checklistCompletion(
  itemIds: readonly string[],
  evidencedItemIds: Iterable<string>,
): { done: number; total: number; rate: number } {
  const ev = new Set(evidencedItemIds);
  const done = itemIds.filter((id) => ev.has(id)).length;
  return { done, total: itemIds.length, rate: itemIds.length ? done / itemIds.length : 0 };
}

// ---------------------------------------------------------------------------------------------
// Deputies roster

/** Columns of the roster template, in order; the first five are required. */
export const ROSTER_COLUMNS = [
  '姓名',
  '性别',
  '公民身份号码',
  '代表层级',
  '选区区划代码',
  '选区',
  '届次',
  '职业职务',
  '领导干部代表',
  '职务代表',
  '联络站',
  '简介',
  '履职重点',
] as const;
export const ROSTER_REQUIRED = ['姓名', '性别', '公民身份号码', '代表层级', '选区区划代码'] as const;

export type RosterRowInput = { row: number; cells: Record<string, string> };
export type RosterRecord = {
  row: number;
  name: string;
  gender: 'male' | 'female';
  idNumber: string;
  level: DeputyLevel;
  regionCode: string;
  constituency: string;
  term: string;
  occupation: string;
  leadingCadre: boolean;
  dutyDeputy: boolean;
  stations: string[];
  bio: string;
  focus: string;
};

/** GB 11643 citizen ID: 17 digits and an ISO 7064 MOD 11-2 check character. */
export function isCitizenId(s: string): boolean {
  if (!/^[0-9]{17}[0-9X]$/.test(s)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * w[i]!;
  return '10X98765432'[sum % 11] === s[17];
}

const LEVEL_BY_LABEL = new Map<string, DeputyLevel>([
  ...DEPUTY_LEVELS.map((l) => [l, l] as [string, DeputyLevel]),
  ...DEPUTY_LEVELS.map((l) => [DEPUTY_LEVEL_LABELS[l], l] as [string, DeputyLevel]),
  ['全国', 'national'],
  ['省', 'provincial'],
  ['市', 'city'],
  ['县', 'county'],
  ['乡镇', 'town'],
]);
const YES = new Set(['是', 'Y', 'y', 'yes', 'true', '1', '√']);

/** Problems with the header row: which required columns are missing. */
export function rosterHeaderProblems(header: readonly string[]): string[] {
  const have = new Set(header.map((h) => h.trim()));
  return ROSTER_REQUIRED.filter((c) => !have.has(c)).map((c) => `缺少必填列：${c}`);
}

/**
 * Validates every row of a roster. `countyOf` is the county the import belongs to: a deputy's
 * constituency must lie in it. Duplicate ID numbers within the file, and numbers already on the
 * roster (`existingIds`, normalised), are refused. Records are returned only if no row failed.
 */
export function validateRosterRows(
  rows: readonly RosterRowInput[],
  opts: { scope: string; existingIds?: ReadonlySet<string> },
): { records: RosterRecord[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const records: RosterRecord[] = [];
  const seen = new Map<string, number>();
  const err = (row: number, column: string, message: string) => errors.push({ row, column, message });
  for (const { row, cells } of rows) {
    const c = (k: string) => String(cells[k] ?? '').trim();
    const before = errors.length;
    const name = c('姓名');
    if (!name || name.length > 30) err(row, '姓名', '姓名不能为空且不超过30字');
    const g = c('性别');
    const gender = g === '男' || g === 'male' ? 'male' : g === '女' || g === 'female' ? 'female' : null;
    if (!gender) err(row, '性别', `性别应为“男”或“女”：${g.slice(0, 10)}`);
    const idNumber = c('公民身份号码').toUpperCase();
    if (!isCitizenId(idNumber)) err(row, '公民身份号码', '公民身份号码格式或校验位不正确');
    else {
      const prev = seen.get(idNumber);
      if (prev !== undefined) err(row, '公民身份号码', `公民身份号码与第 ${prev} 行重复`);
      else if (opts.existingIds?.has(idNumber)) err(row, '公民身份号码', '该公民身份号码已在代表名册中');
      seen.set(idNumber, row);
    }
    const level = LEVEL_BY_LABEL.get(c('代表层级'));
    if (!level) err(row, '代表层级', `代表层级应为全国/省/市/县/乡镇：${c('代表层级').slice(0, 10)}`);
    const regionCode = c('选区区划代码');
    if (!/^[0-9]{12}$/.test(regionCode) || !isRegionCode(regionCode)) {
      err(row, '选区区划代码', '选区区划代码应为12位数字');
    } else if (!regionCode.startsWith(opts.scope)) {
      err(row, '选区区划代码', `选区 ${regionCode} 不在本单位管辖范围内`);
    }
    for (const k of ['选区', '届次', '职业职务'] as const) {
      if (c(k).length > 100) err(row, k, `${k}不超过100字`);
    }
    if (c('简介').length > 500 || c('履职重点').length > 500) err(row, '简介', '简介与履职重点不超过500字');
    if (errors.length > before) continue;
    records.push({
      row,
      name,
      gender: gender!,
      idNumber,
      level: level!,
      regionCode,
      constituency: c('选区'),
      term: c('届次'),
      occupation: c('职业职务'),
      leadingCadre: YES.has(c('领导干部代表')),
      dutyDeputy: YES.has(c('职务代表')),
      stations: c('联络站')
        .split(/[、,，;；\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
      bio: c('简介'),
      focus: c('履职重点'),
    });
  }
  return { records: errors.length ? [] : records, errors };
}

// ---------------------------------------------------------------------------------------------
// Shifts

export type TimedShift = { date: string; start: string; end: string };

const isTime = (s: string) => /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(s);

/** True when two shifts share a date and their times overlap (touching ends do not). */
export function shiftsOverlap(a: TimedShift, b: TimedShift): boolean {
  return a.date === b.date && a.start < b.end && b.start < a.end;
}

/** Problems with a shift's times, in Chinese. */
export function shiftTimeProblems(s: TimedShift): string[] {
  const p: string[] = [];
  if (!isIsoDate(s.date)) p.push('日期格式应为 YYYY-MM-DD');
  if (!isTime(s.start) || !isTime(s.end)) p.push('时间格式应为 HH:MM');
  else if (s.start >= s.end) p.push('结束时间须晚于开始时间');
  return p;
}

/** Minutes after the start at which an arrival counts as late (迟到). */
export const LATE_AFTER_MINUTES = 15;

/** Whether an arrival at `hhmm` (Shanghai) is late for a shift starting at `start`. */
export function isLate(start: string, hhmm: string): boolean {
  const m = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return m(hhmm) > m(start) + LATE_AFTER_MINUTES;
}
