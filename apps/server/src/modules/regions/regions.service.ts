import { isRegionCode, scopePrefix, validateRegionRows } from '@lianluo/domain';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { narrowScope } from '../../core/scope.ts';
import type { readUpload } from '../../http/uploads.ts';
import { readCsv, readSheet } from '../../http/xlsx.ts';
import * as q from './regions.queries.ts';
import type { RegionsQuery } from './regions.schemas.ts';

/** The regions directly under `parent` (the caller's own region by default), within the caller's scope. */
export async function listRegions(deps: Deps, actor: Actor, query: RegionsQuery) {
  const { parent } = query;
  if (parent && !isRegionCode(parent)) throw new AppError('bad_region');
  const parentCode = parent ?? actor.regionCode;
  const prefix = await narrowScope(deps, actor, parentCode);
  return { items: await q.childRegions(deps.db, parentCode, prefix) };
}

export async function getRegion(deps: Deps, actor: Actor, code: string) {
  await narrowScope(deps, actor, code);
  const row = await q.findRegion(deps.db, code);
  if (!row || !scopePrefix(code).startsWith(actor.scope)) throw new AppError('not_found');
  return row;
}

/**
 * Imports the division tree from CSV (UTF-8 or GBK) or xlsx: columns code, name (or 代码, 名称).
 * The whole file is checked first (format, parents, the caller's scope) and written in one
 * transaction, or refused with every bad row and nothing written.
 */
export async function importRegions(deps: Deps, actor: Actor, file: Awaited<ReturnType<typeof readUpload>>) {
  let rows: { row: number; code: string; name: string }[];
  if ('kind' in file && file.kind === 'xlsx') {
    const sheet = await readSheet(file.bytes);
    const codeCol = sheet.header.find((h) => /^(code|代码|区划代码)$/.test(h));
    const nameCol = sheet.header.find((h) => /^(name|名称)$/.test(h));
    if (!codeCol || !nameCol) throw new AppError('unprocessable', '缺少“代码”或“名称”列');
    rows = sheet.rows.map((r) => ({
      row: r.row,
      code: r.cells[codeCol] ?? '',
      name: r.cells[nameCol] ?? '',
    }));
  } else {
    const lines = readCsv(file.bytes!);
    const start = lines[0] && !/^\d/.test(lines[0][0] ?? '') ? 1 : 0;
    rows = lines.slice(start).map((l, i) => ({ row: i + start + 1, code: l[0] ?? '', name: l[1] ?? '' }));
  }
  const known = await q.allRegionCodes(deps.db);
  const { records, errors } = validateRegionRows(rows, known);
  const outOfScope = records.filter((r) => !r.code.startsWith(actor.scope));
  if (errors.length) throw new AppError('unprocessable', `有 ${errors.length} 行错误，未导入`, { errors });
  if (outOfScope.length)
    throw new AppError('unprocessable', `区划 ${outOfScope[0]!.code} 不在本单位管辖范围内`);
  await deps.db.transaction((tx) => q.upsertRegions(tx, records));
  return { imported: records.length };
}
