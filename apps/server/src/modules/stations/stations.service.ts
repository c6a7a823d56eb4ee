import { countyCode, DEFAULT_CHECKLISTS, scopePrefix, suggestedStationName } from '@lianluo/domain';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { denyOutOfScope, loadInScope, narrowScope } from '../../core/scope.ts';
import type { Db } from '../../db/client.ts';
import { PHOTO_SIZES, processImage } from '../../http/images.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import type { Upload } from '../../http/uploads.ts';
import {
  evidenceMime,
  presentChecklist,
  presentChecklistSummary,
  presentStation,
  presentStationDetail,
  presentTemplates,
  townCodesOf,
} from './stations.presenter.ts';
import * as q from './stations.queries.ts';
import type {
  AssessBody,
  Created,
  CreateStationBody,
  ListStationsQuery,
  TemplateBody,
  UpdateStationBody,
} from './stations.schemas.ts';

type D = Omit<Deps, 'log'>;

// ---------------------------------------------------------------------------------------------
// Reading stations.

export async function listStations(deps: D, actor: Actor, query: ListStationsQuery & { limit: number }) {
  const scope = await narrowScope(deps, actor, query.region);
  const after = decodeCursor(query.cursor, ['string', 'uuid']);
  const rows = await q.listStations(deps.db, {
    scope,
    kind: query.kind,
    q: query.q,
    after: after ? [String(after[0]), String(after[1])] : null,
    limit: query.limit,
  });
  const p = page(rows, query.limit, (r) => [r.regionCode, r.id]);
  return { items: p.items.map(presentStation), nextCursor: p.nextCursor };
}

export async function getStation(deps: D, actor: Actor, id: string) {
  const row = await loadInScope(deps, actor, 'station', id, () => q.getStation(deps.db, id));
  return presentStationDetail(row, await q.listStationDeputies(deps.db, id));
}

/** One station by id, in the caller's scope (404 and audited outside it). */
export async function stationInScope(deps: D, actor: Actor, id: string) {
  return loadInScope(deps, actor, 'station', id, () => q.findStationRow(deps.db, id));
}

// ---------------------------------------------------------------------------------------------
// Creating and editing stations.

/** The county's checklist templates, created from the defaults (七有, 十有) on first use. */
async function ensureTemplates(db: Db, regionCode: string) {
  const county = countyCode(regionCode).padEnd(12, '0');
  const existing = await q.templatesOfCounty(db, county);
  if (existing.length > 0) return existing;
  for (const t of DEFAULT_CHECKLISTS) {
    const tpl = await q.insertTemplateIfAbsent(db, { regionCode: county, key: t.key, name: t.name });
    if (!tpl) continue;
    await q.insertItems(
      db,
      t.items.map((text, i) => ({ templateId: tpl.id, regionCode: county, position: i + 1, text })),
    );
  }
  return q.templatesOfCounty(db, county);
}

async function checkRegion(deps: D, actor: Actor, code: string) {
  if (!scopePrefix(code).startsWith(actor.scope) && !code.startsWith(actor.scope)) {
    await denyOutOfScope(deps, actor, 'region', code);
    throw new AppError('not_found');
  }
  const r = await q.findRegion(deps.db, code);
  if (!r) throw new AppError('unprocessable', `区划 ${code} 不存在，请先导入区划`);
  return r;
}

async function checkStaff(db: Db, actor: Actor, ids: (string | null | undefined)[]) {
  const want = ids.filter((x): x is string => !!x);
  if (want.length === 0) return;
  const rows = await q.userRegions(db, want);
  for (const id of want) {
    const u = rows.find((r) => r.id === id);
    if (!u?.regionCode.startsWith(actor.scope))
      throw new AppError('unprocessable', '站长或联络员须为本辖区内的工作人员账户');
  }
}

export async function createStation(deps: D, actor: Actor, input: CreateStationBody): Promise<Created> {
  const region = await checkRegion(deps, actor, input.regionCode);
  await checkStaff(deps.db, actor, [input.headUserId, input.officerUserId]);
  return deps.db.transaction(async (tx) => {
    const templates = await ensureTemplates(tx, input.regionCode);
    const tpl = templates.find((t) => t.key === (input.checklistKey ?? 'qiyou')) ?? templates[0];
    return q.insertStation(tx, {
      regionCode: input.regionCode,
      kind: input.kind,
      name: input.name?.trim() || suggestedStationName(input.kind, region.name),
      address: input.address ?? '',
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      openingHours: input.openingHours ?? '',
      headUserId: input.headUserId ?? null,
      officerUserId: input.officerUserId ?? null,
      checklistTemplateId: tpl?.id ?? null,
    });
  });
}

export async function updateStation(
  deps: D,
  actor: Actor,
  id: string,
  input: UpdateStationBody,
): Promise<Created> {
  await stationInScope(deps, actor, id);
  await checkStaff(deps.db, actor, [input.headUserId, input.officerUserId]);
  const patch: q.StationPatch = {};
  if (input.name !== undefined) patch.name = input.name.trim();
  if (input.address !== undefined) patch.address = input.address;
  if (input.latitude !== undefined) patch.latitude = input.latitude;
  if (input.longitude !== undefined) patch.longitude = input.longitude;
  if (input.openingHours !== undefined) patch.openingHours = input.openingHours;
  if (input.headUserId !== undefined) patch.headUserId = input.headUserId;
  if (input.officerUserId !== undefined) patch.officerUserId = input.officerUserId;
  if (Object.keys(patch).length) await q.updateStationRow(deps.db, id, patch);
  return { id };
}

// ---------------------------------------------------------------------------------------------
// The standardisation checklist, its evidence and the station's grade.

/** The station's checklist: items, their evidence, completion and the assessment history. */
export async function stationChecklist(deps: D, actor: Actor, id: string) {
  const st = await stationInScope(deps, actor, id);
  let templateId = st.checklistTemplateId;
  if (!templateId) {
    const templates = await ensureTemplates(deps.db, st.regionCode);
    templateId = templates.find((t) => t.key === 'qiyou')?.id ?? templates[0]!.id;
    await q.updateStationRow(deps.db, id, { checklistTemplateId: templateId });
  }
  const tpl = await q.findTemplate(deps.db, templateId);
  const items = await q.orderedItemsOfTemplate(deps.db, templateId);
  const evidence = await q.evidenceOfStation(deps.db, id);
  const assessments = await q.assessmentsOfStation(deps.db, id);
  return presentChecklist(tpl!, items, evidence, assessments);
}

export async function addEvidence(
  deps: D,
  actor: Actor,
  stationId: string,
  input: { itemId: string; note: string; file?: { bytes: Buffer; kind: string; filename: string } | null },
): Promise<Created> {
  const st = await stationInScope(deps, actor, stationId);
  const item = await q.findItem(deps.db, input.itemId);
  if (!item || item.templateId !== st.checklistTemplateId)
    throw new AppError('unprocessable', '该检查项不属于本站的标准化清单');
  if (!input.file && !input.note.trim()) throw new AppError('validation', '请上传照片或文件，或填写说明');
  const fileKey = input.file ? (await deps.storage.put(input.file.bytes)).key : null;
  return q.insertEvidence(deps.db, {
    stationId,
    itemId: input.itemId,
    regionCode: st.regionCode,
    note: input.note.trim().slice(0, 500),
    fileKey,
    fileType: input.file?.kind ?? null,
    fileName: input.file?.filename ?? null,
    recordedBy: actor.id,
    recordedByName: actor.displayName,
    recordedAt: deps.now(),
  });
}

/**
 * Evidence as the multipart form sends it (itemId, note, an optional photo or PDF). A photo is
 * re-encoded: no EXIF/GPS kept, no 12-megapixel original stored.
 */
export async function addUploadedEvidence(
  deps: D,
  actor: Actor,
  stationId: string,
  up: Upload | { fields: Record<string, string>; bytes: null },
): Promise<Created> {
  const itemId = up.fields.itemId ?? '';
  if (!/^[0-9a-f-]{36}$/.test(itemId)) throw new AppError('validation', '缺少检查项 itemId');
  let file: { bytes: Buffer; kind: string; filename: string } | null = up.bytes ? up : null;
  if (file && (file.kind === 'png' || file.kind === 'jpeg')) {
    const img = await processImage(file.bytes, PHOTO_SIZES.document);
    file = {
      bytes: img.bytes,
      kind: 'jpeg',
      filename: `${file.filename.replace(/\.(png|jpe?g)$/i, '')}.jpg`,
    };
  }
  return addEvidence(deps, actor, stationId, { itemId, note: up.fields.note ?? '', file });
}

export async function evidenceFile(deps: D, actor: Actor, id: string) {
  const ev = await loadInScope(deps, actor, 'evidence', id, () => q.findEvidence(deps.db, id));
  if (!ev.fileKey || !ev.fileType) throw new AppError('not_found');
  return {
    bytes: await deps.storage.get(ev.fileKey),
    kind: ev.fileType,
    mime: evidenceMime(ev.fileType),
    name: ev.fileName ?? 'file',
  };
}

export async function assessStation(
  deps: D,
  actor: Actor,
  stationId: string,
  input: AssessBody,
): Promise<Created> {
  const st = await stationInScope(deps, actor, stationId);
  return deps.db.transaction(async (tx) => {
    const row = await q.insertAssessment(tx, {
      stationId,
      regionCode: st.regionCode,
      grade: input.grade,
      note: input.note,
      assessedBy: actor.id,
      assessedByName: actor.displayName,
      assessedAt: deps.now(),
    });
    await q.updateStationRow(tx, stationId, { grade: input.grade });
    return row;
  });
}

/** Checklist completion per station and per town in a scope (the caller's, or `region` in it). */
export async function checklistSummary(deps: D, actor: Actor, region: string | undefined) {
  const scope = await narrowScope(deps, actor, region);
  const sts = await q.stationTemplatesInScope(deps.db, scope);
  const tplIds = [...new Set(sts.map((s) => s.templateId).filter((x): x is string => !!x))];
  const items = tplIds.length ? await q.itemIdsOfTemplates(deps.db, tplIds) : [];
  const evidence = await q.evidencedItemsInScope(deps.db, scope);
  const townCodes = townCodesOf(sts);
  const townNames = townCodes.length ? await q.regionNames(deps.db, townCodes) : [];
  return presentChecklistSummary(sts, items, evidence, townNames);
}

export async function listTemplates(deps: D, actor: Actor) {
  const tpls = await ensureTemplates(deps.db, actor.regionCode);
  const items = await q.orderedItemsOfTemplates(
    deps.db,
    tpls.map((t) => t.id),
  );
  return presentTemplates(tpls, items);
}

/** A county edits a template or adds a local variant; items are appended or renamed, never deleted (evidence points at them). */
export async function saveTemplate(deps: D, actor: Actor, input: TemplateBody): Promise<Created> {
  const county = countyCode(actor.regionCode).padEnd(12, '0');
  await ensureTemplates(deps.db, actor.regionCode);
  return deps.db.transaction(async (tx) => {
    let tpl = await q.findTemplateByKey(tx, county, input.key);
    if (!tpl) {
      tpl = await q.insertTemplate(tx, { regionCode: county, key: input.key, name: input.name });
    } else {
      await q.renameTemplate(tx, tpl.id, input.name);
    }
    const existing = await q.itemsOfTemplate(tx, tpl!.id);
    for (const [i, it] of input.items.entries()) {
      if (it.id) {
        if (!existing.some((e) => e.id === it.id)) throw new AppError('unprocessable', '检查项不属于该模板');
        await q.updateItem(tx, it.id, { text: it.text, position: i + 1 });
      } else {
        await q.insertItems(tx, [
          { templateId: tpl!.id, regionCode: county, position: i + 1, text: it.text },
        ]);
      }
    }
    return { id: tpl!.id };
  });
}
