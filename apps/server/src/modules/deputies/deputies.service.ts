import { countyCode, ROSTER_COLUMNS, rosterHeaderProblems, validateRosterRows } from '@lianluo/domain';
import QRCode from 'qrcode';
import { auditActor, recordAudit } from '../../core/audit.queries.ts';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { denyOutOfScope, loadInScope, narrowScope } from '../../core/scope.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import { readSheet, workbook } from '../../http/xlsx.ts';
import { stationNamesInScope, stationRowsByIds } from '../stations/stations.queries.ts';
import {
  deputyCardHtml,
  presentDeputy,
  presentDeputyDetail,
  publicDeputyPath,
  ROSTER_TEMPLATE_EXAMPLE,
  rosterSheet,
} from './deputies.presenter.ts';
import * as q from './deputies.queries.ts';
import type {
  DeputyDetail,
  Imported,
  ListDeputiesQuery,
  Ok,
  QrFormat,
  StationLink,
} from './deputies.schemas.ts';

type D = Omit<Deps, 'log'>;

// ---------------------------------------------------------------------------------------------
// Reading deputies.

export async function listDeputies(deps: D, actor: Actor, query: ListDeputiesQuery & { limit: number }) {
  const scope = await narrowScope(deps, actor, query.region);
  const after = decodeCursor(query.cursor, ['string', 'uuid']);
  const rows = await q.listDeputies(deps.db, {
    scope,
    level: query.level,
    q: query.q,
    stationId: query.station,
    after: after ? [String(after[0]), String(after[1])] : null,
    limit: query.limit,
  });
  const p = page(rows, query.limit, (r) => [r.level, r.id]);
  const stations = await q.stationsOfDeputies(
    deps.db,
    p.items.map((r) => r.id),
  );
  return {
    items: p.items.map((r) => presentDeputy(r, stations.get(r.id) ?? [])),
    nextCursor: p.nextCursor,
  };
}

export async function getDeputy(deps: D, actor: Actor, id: string): Promise<DeputyDetail> {
  const row = await loadInScope(deps, actor, 'deputy', id, () => q.getDeputy(deps.db, id));
  const stationList = (await q.stationsOfDeputies(deps.db, [id])).get(id) ?? [];
  return presentDeputyDetail(row, stationList);
}

async function deputyInScope(deps: D, actor: Actor, id: string) {
  return loadInScope(deps, actor, 'deputy', id, () => q.findDeputyRow(deps.db, id));
}

/** The deputy's personal QR code (SVG, or PNG to print), opening their public page on `origin`. */
export async function deputyQr(
  deps: D,
  actor: Actor,
  id: string,
  origin: string,
  format: QrFormat | undefined,
): Promise<{ type: string; body: string | Buffer }> {
  await deputyInScope(deps, actor, id);
  const url = `${origin}${publicDeputyPath(id)}`;
  if (format === 'png') {
    return { type: 'image/png', body: await QRCode.toBuffer(url, { type: 'png', margin: 1, width: 600 }) };
  }
  return { type: 'image/svg+xml', body: await QRCode.toString(url, { type: 'svg', margin: 1 }) };
}

/** The deputy's printable contact card (A6) with the QR code of their public page on `origin`. */
export async function deputyCard(deps: D, actor: Actor, id: string, origin: string): Promise<string> {
  const d = await deputyInScope(deps, actor, id);
  const svg = await QRCode.toString(`${origin}${publicDeputyPath(id)}`, { type: 'svg', margin: 1 });
  return deputyCardHtml(d, svg);
}

// ---------------------------------------------------------------------------------------------
// Grouping into stations, and the roster in and out.

/** Groups a deputy into stations (编组进站); each station must be in the county of the deputy's constituency. */
export async function setDeputyStations(
  deps: D,
  actor: Actor,
  deputyId: string,
  list: StationLink[],
): Promise<Ok> {
  const dep = await deputyInScope(deps, actor, deputyId);
  const ids = list.map((l) => l.stationId);
  // One link a station (the primary key): a second entry would be a conflict the database finds.
  if (new Set(ids).size !== ids.length) {
    throw new AppError('unprocessable', '同一联络站只能编组一次，请删除重复的联络站');
  }
  const sts = ids.length ? await stationRowsByIds(deps.db, ids) : [];
  for (const l of list) {
    const st = sts.find((s) => s.id === l.stationId);
    if (!st) throw new AppError('unprocessable', '联络站不存在');
    // A station in the body is checked like the row itself: outside the caller's scope it is a
    // 404, as if it did not exist, and the attempt goes on record.
    if (!st.regionCode.startsWith(actor.scope)) {
      await denyOutOfScope(deps, actor, 'station', st.id);
      throw new AppError('not_found');
    }
    if (countyCode(st.regionCode) !== countyCode(dep.regionCode)) {
      throw new AppError('unprocessable', `${st.name}不在代表选区所在县，不能编组进站`);
    }
  }
  await deps.db.transaction(async (tx) => {
    await q.replaceStationLinks(
      tx,
      deputyId,
      list.map((l) => ({
        stationId: l.stationId,
        role: l.role,
        regionCode: sts.find((s) => s.id === l.stationId)!.regionCode,
      })),
    );
  });
  return { ok: true };
}

export async function rosterTemplate(): Promise<Buffer> {
  return workbook([
    {
      name: '代表名册',
      columns: ROSTER_COLUMNS.map((h) => ({ header: h, width: h === '简介' || h === '履职重点' ? 30 : 16 })),
      rows: [ROSTER_TEMPLATE_EXAMPLE],
    },
  ]);
}

/**
 * Imports a roster xlsx: the whole file is checked first (columns, merged cells, every row, ID
 * numbers unique in the file and on the roster, constituency in scope, stations known and in the
 * county); then all rows go in one transaction, or nothing does.
 */
export async function importRoster(deps: D, actor: Actor, bytes: Buffer): Promise<Imported> {
  const sheet = await readSheet(bytes);
  const headerProblems = rosterHeaderProblems(sheet.header);
  if (headerProblems.length) {
    throw new AppError('unprocessable', headerProblems.join('；'), {
      errors: headerProblems.map((message) => ({ row: 1, message })),
    });
  }
  if (sheet.rows.length === 0) throw new AppError('unprocessable', '名册中没有代表');
  const existingIdx = await q.idNumberIndexes(deps.db);
  const { records, errors } = validateRosterRows(sheet.rows, { scope: actor.scope });
  for (const r of sheet.rows) {
    const id = String(r.cells.公民身份号码 ?? '')
      .trim()
      .toUpperCase();
    if (id && existingIdx.has(deps.crypto.blindIndex(id)))
      errors.push({ row: r.row, column: '公民身份号码', message: '该公民身份号码已在代表名册中' });
  }
  // Stations by name within scope; each must be in the deputy's county.
  const stationRows = await stationNamesInScope(deps.db, actor.scope);
  const known = await q.regionCodesInScope(deps.db, actor.scope);
  for (const rec of records) {
    if (!known.has(rec.regionCode))
      errors.push({ row: rec.row, column: '选区区划代码', message: `区划 ${rec.regionCode} 不存在` });
    for (const name of rec.stations) {
      const st = stationRows.find((s) => s.name === name);
      if (!st) errors.push({ row: rec.row, column: '联络站', message: `联络站“${name.slice(0, 30)}”不存在` });
      else if (countyCode(st.regionCode) !== countyCode(rec.regionCode))
        errors.push({ row: rec.row, column: '联络站', message: `${name}不在代表选区所在县` });
    }
  }
  if (errors.length) {
    errors.sort((a, b) => a.row - b.row);
    throw new AppError('unprocessable', `名册有 ${errors.length} 处错误，未导入任何代表`, { errors });
  }
  await deps.db.transaction(async (tx) => {
    for (const rec of records) {
      const d = await q.insertDeputy(tx, {
        regionCode: rec.regionCode,
        name: rec.name,
        gender: rec.gender,
        level: rec.level,
        constituency: rec.constituency,
        term: rec.term,
        occupation: rec.occupation,
        leadingCadre: rec.leadingCadre,
        dutyDeputy: rec.dutyDeputy,
        bio: rec.bio,
        focus: rec.focus,
        idNumberIndex: deps.crypto.blindIndex(rec.idNumber),
      });
      const links = rec.stations.map((name) => stationRows.find((s) => s.name === name)!);
      if (links.length) {
        await q.addStationLinks(
          tx,
          links.map((s) => ({ deputyId: d.id, stationId: s.id, regionCode: s.regionCode, role: 'member' })),
        );
      }
    }
  });
  return { imported: records.length };
}

/** The roster of a scope (the caller's, or `region` in it) as xlsx; the export is audited. */
export async function exportRoster(deps: D, actor: Actor, region: string | undefined): Promise<Buffer> {
  const scope = await narrowScope(deps, actor, region);
  await recordAudit(deps.db, {
    at: deps.now(),
    event: 'export',
    outcome: 'success',
    actor: auditActor(actor),
    objectType: 'deputies',
    objectId: scope,
    ip: actor.ip,
    requestId: actor.requestId,
  });
  const rows = await q.rosterInScope(deps.db, scope);
  const links = rows.length ? await q.stationLinksInScope(deps.db, scope) : [];
  return workbook([rosterSheet(rows, links)]);
}
