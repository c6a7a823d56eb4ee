import {
  countyCode,
  DEPUTY_LEVEL_LABELS,
  type DeputyLevel,
  ROSTER_COLUMNS,
  rosterHeaderProblems,
  validateRosterRows,
} from '@lianluo/domain';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { loadInScope } from '../../core/scope.ts';
import { deputies, deputyStations, regions, stations } from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';
import { readSheet, workbook } from '../../http/xlsx.ts';

type D = Omit<Deps, 'log'>;

/** Groups a deputy into stations (编组进站); each station must be in the county of the deputy's constituency. */
export async function setDeputyStations(
  deps: D,
  actor: Actor,
  deputyId: string,
  list: { stationId: string; role: string }[],
) {
  const dep = await loadInScope(deps as Deps, actor, 'deputy', deputyId, () =>
    deps.db.query.deputies.findFirst({ where: eq(deputies.id, deputyId) }),
  );
  const ids = list.map((l) => l.stationId);
  const sts = ids.length ? await deps.db.select().from(stations).where(inArray(stations.id, ids)) : [];
  for (const l of list) {
    const st = sts.find((s) => s.id === l.stationId);
    if (!st?.regionCode.startsWith(actor.scope))
      throw new AppError('unprocessable', '联络站不存在或不在本辖区');
    if (countyCode(st.regionCode) !== countyCode(dep.regionCode)) {
      throw new AppError('unprocessable', `${st.name}不在代表选区所在县，不能编组进站`);
    }
  }
  await deps.db.transaction(async (tx) => {
    await tx.delete(deputyStations).where(eq(deputyStations.deputyId, deputyId));
    if (list.length) {
      await tx.insert(deputyStations).values(
        list.map((l) => ({
          deputyId,
          stationId: l.stationId,
          role: l.role,
          regionCode: sts.find((s) => s.id === l.stationId)!.regionCode,
        })),
      );
    }
  });
  return { ok: true };
}

export async function rosterTemplate(): Promise<Buffer> {
  return workbook([
    {
      name: '代表名册',
      columns: ROSTER_COLUMNS.map((h) => ({ header: h, width: h === '简介' || h === '履职重点' ? 30 : 16 })),
      rows: [
        [
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
        ],
      ],
    },
  ]);
}

/**
 * Imports a roster xlsx: the whole file is checked first (columns, merged cells, every row, ID
 * numbers unique in the file and on the roster, constituency in scope, stations known and in the
 * county); then all rows go in one transaction, or nothing does.
 */
export async function importRoster(deps: D, actor: Actor, bytes: Buffer) {
  const sheet = await readSheet(bytes);
  const headerProblems = rosterHeaderProblems(sheet.header);
  if (headerProblems.length) {
    throw new AppError('unprocessable', headerProblems.join('；'), {
      errors: headerProblems.map((message) => ({ row: 1, message })),
    });
  }
  if (sheet.rows.length === 0) throw new AppError('unprocessable', '名册中没有代表');
  const existing = await deps.db
    .select({ idx: deputies.idNumberIndex })
    .from(deputies)
    .where(isNotNull(deputies.idNumberIndex));
  const existingIdx = new Set(existing.map((e) => e.idx));
  const { records, errors } = validateRosterRows(sheet.rows, { scope: actor.scope });
  for (const r of sheet.rows) {
    const id = String(r.cells.公民身份号码 ?? '')
      .trim()
      .toUpperCase();
    if (id && existingIdx.has(deps.crypto.blindIndex(id)))
      errors.push({ row: r.row, column: '公民身份号码', message: '该公民身份号码已在代表名册中' });
  }
  // Stations by name within scope; each must be in the deputy's county.
  const stationRows = await deps.db
    .select({ id: stations.id, name: stations.name, regionCode: stations.regionCode })
    .from(stations)
    .where(scopeWhere(stations.regionCode, actor.scope));
  const regionRows = await deps.db
    .select({ code: regions.code })
    .from(regions)
    .where(scopeWhere(regions.code, actor.scope));
  const known = new Set(regionRows.map((r) => r.code));
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
      const [d] = await tx
        .insert(deputies)
        .values({
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
        })
        .returning({ id: deputies.id });
      const links = rec.stations.map((name) => stationRows.find((s) => s.name === name)!);
      if (links.length) {
        await tx
          .insert(deputyStations)
          .values(
            links.map((s) => ({
              deputyId: d!.id,
              stationId: s.id,
              regionCode: s.regionCode,
              role: 'member',
            })),
          )
          .onConflictDoNothing();
      }
    }
  });
  return { imported: records.length };
}

/** The roster of a scope as xlsx (no ID numbers: only their blind index is kept). */
export async function exportRoster(deps: D, scope: string): Promise<Buffer> {
  const rows = await deps.db
    .select()
    .from(deputies)
    .where(scopeWhere(deputies.regionCode, scope))
    .orderBy(asc(deputies.level), asc(deputies.regionCode), asc(deputies.name));
  const links = rows.length
    ? await deps.db
        .select({ deputyId: deputyStations.deputyId, name: stations.name })
        .from(deputyStations)
        .innerJoin(stations, eq(stations.id, deputyStations.stationId))
        .where(and(scopeWhere(deputyStations.regionCode, scope)))
    : [];
  return workbook([
    {
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
        DEPUTY_LEVEL_LABELS[d.level as DeputyLevel],
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
    },
  ]);
}
