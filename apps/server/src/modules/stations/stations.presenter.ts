import {
  checklistCompletion,
  DEPUTY_LEVEL_LABELS,
  type DeputyLevel,
  STATION_GRADE_LABELS,
  STATION_KIND_LABELS,
  type StationGrade,
  type StationKind,
} from '@lianluo/domain';
import { type FileKind, MIME } from '../../http/uploads.ts';
import type {
  AssessmentRow,
  EvidenceRow,
  StationDeputyRow,
  StationDetailRow,
  StationListRow,
} from './stations.queries.ts';
import type { ChecklistTemplate, StationChecklist, StationDetail, StationItem } from './stations.schemas.ts';

// The table's checks keep kind, grade and level to the domain's lists.
export const presentStation = (r: StationListRow): StationItem => ({
  ...r,
  regionName: r.regionName ?? '',
  kindLabel: STATION_KIND_LABELS[r.kind as StationKind],
  gradeLabel: STATION_GRADE_LABELS[r.grade as StationGrade],
});

export function presentStationDetail(row: StationDetailRow, deputies: StationDeputyRow[]): StationDetail {
  return {
    ...presentStation(row),
    openingHours: row.openingHours,
    latitude: row.latitude,
    longitude: row.longitude,
    deputies: deputies.map((d) => ({ ...d, levelLabel: DEPUTY_LEVEL_LABELS[d.level as DeputyLevel] })),
  };
}

/** The station's checklist: items with their evidence, completion, and the assessment history. */
export function presentChecklist(
  tpl: { id: string; key: string; name: string },
  items: { id: string; position: number; text: string }[],
  evidence: EvidenceRow[],
  assessments: AssessmentRow[],
): StationChecklist {
  const completion = checklistCompletion(
    items.map((i) => i.id),
    evidence.map((e) => e.itemId),
  );
  return {
    template: { id: tpl.id, key: tpl.key, name: tpl.name },
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

const townOf = (regionCode: string) => `${regionCode.slice(0, 9)}000`;

/** The town (乡镇) codes of these stations, in their order, once each. */
export const townCodesOf = (sts: { regionCode: string }[]) => [
  ...new Set(sts.map((s) => townOf(s.regionCode))),
];

/** Checklist completion per station and per town. */
export function presentChecklistSummary(
  sts: { id: string; name: string; regionCode: string; templateId: string | null }[],
  items: { id: string; templateId: string }[],
  evidence: { stationId: string; itemId: string }[],
  townNames: { code: string; name: string }[],
) {
  const evBy = new Map<string, string[]>();
  for (const e of evidence) evBy.set(e.stationId, [...(evBy.get(e.stationId) ?? []), e.itemId]);
  const stationRows = sts.map((s) => ({
    id: s.id,
    name: s.name,
    townCode: townOf(s.regionCode),
    ...checklistCompletion(
      items.filter((i) => i.templateId === s.templateId).map((i) => i.id),
      evBy.get(s.id) ?? [],
    ),
  }));
  const towns = townCodesOf(sts).map((code) => {
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

export function presentTemplates(
  tpls: { id: string; key: string; name: string }[],
  items: { id: string; templateId: string; text: string }[],
): ChecklistTemplate[] {
  return tpls.map((t) => ({
    id: t.id,
    key: t.key,
    name: t.name,
    items: items.filter((i) => i.templateId === t.id).map((i) => ({ id: i.id, text: i.text })),
  }));
}

const isFileKind = (kind: string): kind is FileKind => Object.hasOwn(MIME, kind);

/** The Content-Type an evidence file is served with (by the kind sniffed at upload). */
export const evidenceMime = (kind: string) => (isFileKind(kind) ? MIME[kind] : 'application/octet-stream');
