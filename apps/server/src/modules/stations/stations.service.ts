import {
  checklistCompletion,
  countyCode,
  DEFAULT_CHECKLISTS,
  type StationGrade,
  type StationKind,
  scopePrefix,
  suggestedStationName,
} from '@lianluo/domain';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { denyOutOfScope, loadInScope } from '../../core/scope.ts';
import type { Db } from '../../db/client.ts';
import {
  checklistEvidence,
  checklistItems,
  checklistTemplates,
  regions,
  stationAssessments,
  stations,
  users,
} from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';

type D = Omit<Deps, 'log'>;

/** The county's checklist templates, created from the defaults (七有, 十有) on first use. */
export async function ensureTemplates(db: Db, regionCode: string) {
  const county = countyCode(regionCode).padEnd(12, '0');
  const existing = await db
    .select()
    .from(checklistTemplates)
    .where(eq(checklistTemplates.regionCode, county));
  if (existing.length > 0) return existing;
  for (const t of DEFAULT_CHECKLISTS) {
    const [tpl] = await db
      .insert(checklistTemplates)
      .values({ regionCode: county, key: t.key, name: t.name })
      .onConflictDoNothing()
      .returning();
    if (!tpl) continue;
    await db
      .insert(checklistItems)
      .values(t.items.map((text, i) => ({ templateId: tpl.id, regionCode: county, position: i + 1, text })));
  }
  return db.select().from(checklistTemplates).where(eq(checklistTemplates.regionCode, county));
}

export interface StationInput {
  kind: StationKind;
  regionCode: string;
  name?: string;
  address?: string;
  latitude?: number | null;
  longitude?: number | null;
  openingHours?: string;
  headUserId?: string | null;
  officerUserId?: string | null;
  checklistKey?: string;
}

async function checkRegion(deps: D, actor: Actor, code: string) {
  if (!scopePrefix(code).startsWith(actor.scope) && !code.startsWith(actor.scope)) {
    await denyOutOfScope(deps as Deps, actor, 'region', code);
    throw new AppError('not_found');
  }
  const [r] = await deps.db.select().from(regions).where(eq(regions.code, code));
  if (!r) throw new AppError('unprocessable', `区划 ${code} 不存在，请先导入区划`);
  return r;
}

async function checkStaff(db: Db, actor: Actor, ids: (string | null | undefined)[]) {
  const want = ids.filter((x): x is string => !!x);
  if (want.length === 0) return;
  const rows = await db
    .select({ id: users.id, regionCode: users.regionCode })
    .from(users)
    .where(inArray(users.id, want));
  for (const id of want) {
    const u = rows.find((r) => r.id === id);
    if (!u?.regionCode.startsWith(actor.scope))
      throw new AppError('unprocessable', '站长或联络员须为本辖区内的工作人员账户');
  }
}

export async function createStation(deps: D, actor: Actor, input: StationInput) {
  const region = await checkRegion(deps, actor, input.regionCode);
  await checkStaff(deps.db, actor, [input.headUserId, input.officerUserId]);
  return deps.db.transaction(async (tx) => {
    const templates = await ensureTemplates(tx, input.regionCode);
    const tpl = templates.find((t) => t.key === (input.checklistKey ?? 'qiyou')) ?? templates[0];
    const [row] = await tx
      .insert(stations)
      .values({
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
      })
      .returning({ id: stations.id });
    return row!;
  });
}

export async function updateStation(deps: D, actor: Actor, id: string, input: Partial<StationInput>) {
  await loadInScope(deps as Deps, actor, 'station', id, () =>
    deps.db.query.stations.findFirst({ where: eq(stations.id, id) }),
  );
  await checkStaff(deps.db, actor, [input.headUserId, input.officerUserId]);
  const patch: Partial<typeof stations.$inferInsert> = {};
  if (input.name !== undefined) patch.name = input.name.trim();
  if (input.address !== undefined) patch.address = input.address;
  if (input.latitude !== undefined) patch.latitude = input.latitude;
  if (input.longitude !== undefined) patch.longitude = input.longitude;
  if (input.openingHours !== undefined) patch.openingHours = input.openingHours;
  if (input.headUserId !== undefined) patch.headUserId = input.headUserId;
  if (input.officerUserId !== undefined) patch.officerUserId = input.officerUserId;
  if (Object.keys(patch).length) await deps.db.update(stations).set(patch).where(eq(stations.id, id));
  return { id };
}

/** The station's checklist: items, their evidence, completion and the assessment history. */
export async function stationChecklist(deps: D, actor: Actor, id: string) {
  const st = await loadInScope(deps as Deps, actor, 'station', id, () =>
    deps.db.query.stations.findFirst({ where: eq(stations.id, id) }),
  );
  let templateId = st.checklistTemplateId;
  if (!templateId) {
    const templates = await ensureTemplates(deps.db, st.regionCode);
    templateId = templates.find((t) => t.key === 'qiyou')?.id ?? templates[0]!.id;
    await deps.db.update(stations).set({ checklistTemplateId: templateId }).where(eq(stations.id, id));
  }
  const [tpl] = await deps.db.select().from(checklistTemplates).where(eq(checklistTemplates.id, templateId));
  const items = await deps.db
    .select()
    .from(checklistItems)
    .where(eq(checklistItems.templateId, templateId))
    .orderBy(asc(checklistItems.position));
  const evidence = await deps.db
    .select()
    .from(checklistEvidence)
    .where(eq(checklistEvidence.stationId, id))
    .orderBy(asc(checklistEvidence.recordedAt));
  const assessments = await deps.db
    .select()
    .from(stationAssessments)
    .where(eq(stationAssessments.stationId, id))
    .orderBy(desc(stationAssessments.assessedAt));
  const completion = checklistCompletion(
    items.map((i) => i.id),
    evidence.map((e) => e.itemId),
  );
  return {
    template: { id: tpl!.id, key: tpl!.key, name: tpl!.name },
    completion,
    items: items.map((i) => ({
      id: i.id,
      position: i.position,
      text: i.text,
      evidence: evidence
        .filter((e) => e.itemId === i.id)
        .map((e) => ({
          id: e.id,
          note: e.note,
          fileName: e.fileName,
          fileType: e.fileType,
          hasFile: !!e.fileKey,
          recordedByName: e.recordedByName,
          recordedAt: e.recordedAt.toISOString(),
        })),
    })),
    assessments: assessments.map((a) => ({
      id: a.id,
      grade: a.grade,
      note: a.note,
      assessedByName: a.assessedByName,
      assessedAt: a.assessedAt.toISOString(),
    })),
  };
}

export async function addEvidence(
  deps: D,
  actor: Actor,
  stationId: string,
  input: { itemId: string; note: string; file?: { bytes: Buffer; kind: string; filename: string } | null },
) {
  const st = await loadInScope(deps as Deps, actor, 'station', stationId, () =>
    deps.db.query.stations.findFirst({ where: eq(stations.id, stationId) }),
  );
  const [item] = await deps.db.select().from(checklistItems).where(eq(checklistItems.id, input.itemId));
  if (!item || item.templateId !== st.checklistTemplateId)
    throw new AppError('unprocessable', '该检查项不属于本站的标准化清单');
  if (!input.file && !input.note.trim()) throw new AppError('validation', '请上传照片或文件，或填写说明');
  const fileKey = input.file ? (await deps.storage.put(input.file.bytes)).key : null;
  const [row] = await deps.db
    .insert(checklistEvidence)
    .values({
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
    })
    .returning({ id: checklistEvidence.id });
  return row!;
}

export async function evidenceFile(deps: D, actor: Actor, id: string) {
  const ev = await loadInScope(deps as Deps, actor, 'evidence', id, () =>
    deps.db.query.checklistEvidence.findFirst({ where: eq(checklistEvidence.id, id) }),
  );
  if (!ev.fileKey || !ev.fileType) throw new AppError('not_found');
  return { bytes: await deps.storage.get(ev.fileKey), kind: ev.fileType, name: ev.fileName ?? 'file' };
}

export async function assessStation(
  deps: D,
  actor: Actor,
  stationId: string,
  input: { grade: StationGrade; note: string },
) {
  await loadInScope(deps as Deps, actor, 'station', stationId, () =>
    deps.db.query.stations.findFirst({ where: eq(stations.id, stationId) }),
  );
  const st = (await deps.db.query.stations.findFirst({ where: eq(stations.id, stationId) }))!;
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(stationAssessments)
      .values({
        stationId,
        regionCode: st.regionCode,
        grade: input.grade,
        note: input.note,
        assessedBy: actor.id,
        assessedByName: actor.displayName,
        assessedAt: deps.now(),
      })
      .returning({ id: stationAssessments.id });
    await tx.update(stations).set({ grade: input.grade }).where(eq(stations.id, stationId));
    return row!;
  });
}

/** Checklist completion per station and per town in a scope. */
export async function checklistSummary(db: Db, scope: string) {
  const sts = await db
    .select({
      id: stations.id,
      name: stations.name,
      regionCode: stations.regionCode,
      templateId: stations.checklistTemplateId,
    })
    .from(stations)
    .where(scopeWhere(stations.regionCode, scope))
    .orderBy(asc(stations.regionCode));
  const tplIds = [...new Set(sts.map((s) => s.templateId).filter((x): x is string => !!x))];
  const items = tplIds.length
    ? await db
        .select({ id: checklistItems.id, templateId: checklistItems.templateId })
        .from(checklistItems)
        .where(inArray(checklistItems.templateId, tplIds))
    : [];
  const ev = await db
    .selectDistinct({ stationId: checklistEvidence.stationId, itemId: checklistEvidence.itemId })
    .from(checklistEvidence)
    .where(scopeWhere(checklistEvidence.regionCode, scope));
  const evBy = new Map<string, string[]>();
  for (const e of ev) evBy.set(e.stationId, [...(evBy.get(e.stationId) ?? []), e.itemId]);
  const townCodes = [...new Set(sts.map((s) => `${s.regionCode.slice(0, 9)}000`))];
  const townNames = townCodes.length
    ? await db
        .select({ code: regions.code, name: regions.name })
        .from(regions)
        .where(inArray(regions.code, townCodes))
    : [];
  const stationRows = sts.map((s) => ({
    id: s.id,
    name: s.name,
    townCode: `${s.regionCode.slice(0, 9)}000`,
    ...checklistCompletion(
      items.filter((i) => i.templateId === s.templateId).map((i) => i.id),
      evBy.get(s.id) ?? [],
    ),
  }));
  const towns = townCodes.map((code) => {
    const list = stationRows.filter((s) => s.townCode === code);
    const done = list.reduce((a, s) => a + s.done, 0);
    const total = list.reduce((a, s) => a + s.total, 0);
    return {
      code,
      name: townNames.find((t) => t.code === code)?.name ?? code,
      stations: list.length,
      done,
      total,
      rate: total ? done / total : 0,
    };
  });
  return { stations: stationRows, towns };
}

export async function listTemplates(deps: D, actor: Actor) {
  const tpls = await ensureTemplates(deps.db, actor.regionCode);
  const items = await deps.db
    .select()
    .from(checklistItems)
    .where(
      inArray(
        checklistItems.templateId,
        tpls.map((t) => t.id),
      ),
    )
    .orderBy(asc(checklistItems.position));
  return tpls.map((t) => ({
    id: t.id,
    key: t.key,
    name: t.name,
    items: items.filter((i) => i.templateId === t.id).map((i) => ({ id: i.id, text: i.text })),
  }));
}

/** A county edits a template or adds a local variant; items are appended or renamed, never deleted (evidence points at them). */
export async function saveTemplate(
  deps: D,
  actor: Actor,
  input: { key: string; name: string; items: { id?: string; text: string }[] },
) {
  const county = countyCode(actor.regionCode).padEnd(12, '0');
  await ensureTemplates(deps.db, actor.regionCode);
  return deps.db.transaction(async (tx) => {
    let [tpl] = await tx
      .select()
      .from(checklistTemplates)
      .where(and(eq(checklistTemplates.regionCode, county), eq(checklistTemplates.key, input.key)));
    if (!tpl) {
      [tpl] = await tx
        .insert(checklistTemplates)
        .values({ regionCode: county, key: input.key, name: input.name })
        .returning();
    } else {
      await tx.update(checklistTemplates).set({ name: input.name }).where(eq(checklistTemplates.id, tpl.id));
    }
    const existing = await tx.select().from(checklistItems).where(eq(checklistItems.templateId, tpl!.id));
    for (const [i, it] of input.items.entries()) {
      if (it.id) {
        if (!existing.some((e) => e.id === it.id)) throw new AppError('unprocessable', '检查项不属于该模板');
        await tx
          .update(checklistItems)
          .set({ text: it.text, position: i + 1 })
          .where(eq(checklistItems.id, it.id));
      } else {
        await tx
          .insert(checklistItems)
          .values({ templateId: tpl!.id, regionCode: county, position: i + 1, text: it.text });
      }
    }
    return { id: tpl!.id };
  });
}
