import {
  abilities,
  CASE_ACTION_LABELS,
  CASE_CHANNEL_LABELS,
  CASE_STATUS_LABELS,
  type CaseAction,
  type CaseChannel,
  type CaseStatus,
  isOverdue,
  REPLY_ACTIONS,
  REPLY_KIND_LABELS,
  type ReplyKind,
} from '@lianluo/domain';
import type { Actor } from '../../core/context.ts';
import type { AttachmentRow } from './attachments.queries.ts';
import type * as q from './cases.queries.ts';
import type { AttachmentItem, CaseDetail, CaseEvent, CaseItem, CaseReply } from './cases.schemas.ts';
import type { RegisteredCase } from './registration.ts';

const REPLY_ACTION_SET = new Set<string>(REPLY_ACTIONS);

type EventRow = Awaited<ReturnType<typeof q.listEvents>>[number];

/** The latest reply event as the detail's `reply`; the department is the lead that answered. */
function latestReply(events: EventRow[], lead: { id: string | null; name: string | null }): CaseReply | null {
  const e = events.filter((x) => REPLY_ACTION_SET.has(x.action)).at(-1);
  const r = (e?.payload as { reply?: Record<string, string | undefined> } | undefined)?.reply;
  if (!e || !r) return null;
  const fromDepartment = e.action === 'reply';
  return {
    action: e.action,
    kind: r.kind ?? '',
    kindLabel: REPLY_KIND_LABELS[r.kind as ReplyKind] ?? r.kind ?? '',
    content: r.content ?? '',
    measures: r.measures || null,
    committedDate: r.committedDate || null,
    reasons: r.reasons || null,
    policyBasis: r.policyBasis || null,
    at: e.at.toISOString(),
    actorName: e.actorName,
    departmentId: fromDepartment ? lead.id : null,
    departmentName: fromDepartment ? lead.name : null,
  };
}

type ListRow = Awaited<ReturnType<typeof q.listCases>>[number];

export function presentItem(r: ListRow, now: Date): CaseItem {
  return {
    id: r.id,
    number: r.number,
    regionCode: r.regionCode,
    title: r.title,
    category: r.categoryKey,
    categoryName: r.categoryName,
    status: r.status,
    statusLabel: CASE_STATUS_LABELS[r.status as CaseStatus],
    channel: r.channel,
    channelLabel: CASE_CHANNEL_LABELS[r.channel as CaseChannel] ?? r.channel,
    stationName: r.stationName,
    departmentName: r.departmentName,
    registeredAt: r.registeredAt.toISOString(),
    replyDueAt: r.replyDueAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    overdue: isOverdue(r, now),
  };
}

const EXTRA_LABELS: Record<string, string> = {
  register: '登记',
  supervise: '督办',
  link: '并入共性问题',
  publish: '公示',
  overdue: '超期',
  accept_overdue: '签收超期',
  commitment_due: '承诺到期',
  deadlines_recomputed: '期限重算',
  attach: '上传附件',
};

const actionLabel = (a: string) => CASE_ACTION_LABELS[a as CaseAction] ?? EXTRA_LABELS[a] ?? a;

/** One short human line per event for the timeline, from the payload each action writes. */
function noteOf(action: string, payload: Record<string, unknown>): string | null {
  const reply = payload.reply as { content?: string } | undefined;
  const feedback = payload.feedback as { content?: string } | undefined;
  const revisit = payload.revisit as { content?: string } | undefined;
  return (
    (payload.note as string | undefined) ??
    reply?.content ??
    feedback?.content ??
    revisit?.content ??
    (payload.reason as string | undefined) ??
    (action === 'rate' ? String(payload.satisfaction ?? '') : null) ??
    (action === 'supervise' ? String(payload.kind ?? '') : null) ??
    null
  );
}

export function presentEvents(events: EventRow[]): CaseEvent[] {
  return events.map((e) => ({
    seq: e.seq,
    at: e.at.toISOString(),
    action: e.action,
    actionLabel: actionLabel(e.action),
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorName: e.actorName,
    note: noteOf(e.action, e.payload as Record<string, unknown>),
  }));
}

type DetailRow = NonNullable<Awaited<ReturnType<typeof q.findCase>>>;

/** A case as the detail shows it, read by the service (cases.service.ts `readDetail`). */
export interface DetailData {
  row: DetailRow;
  parts: Awaited<ReturnType<typeof q.detailParts>>;
  events: EventRow[];
}

interface DetailParts {
  departments: { id: string; name: string; role: string }[];
  deputies: { id: string; name: string }[];
  attachmentCount: number;
  events: CaseEvent[];
  reply: CaseReply | null;
}

/** getCase's body, also returned by every write. */
export function presentDetail(d: DetailData, actor: Actor, now: Date): CaseDetail {
  const { row, parts, events } = d;
  const reply = latestReply(events, { id: row.leadDepartmentId, name: row.departmentName });
  return detailOf(row, { ...parts, events: presentEvents(events), reply }, actor, now);
}

/**
 * The body of a case registered a moment ago, from what registration already holds: intake is the
 * busiest write, and re-reading five tables for a case with one event would double its queries.
 */
export function presentRegistered(c: RegisteredCase, actor: Actor, now: Date): CaseDetail {
  const events = [
    {
      seq: 1,
      at: c.registeredAt.toISOString(),
      action: 'register',
      actionLabel: actionLabel('register'),
      fromStatus: null,
      toStatus: c.status,
      actorName: c.createdByName,
      note: null,
    },
  ];
  return detailOf(
    { ...c, departmentName: null },
    { departments: [], deputies: c.deputies, attachmentCount: 0, events, reply: null },
    actor,
    now,
  );
}

function detailOf(row: DetailRow, parts: DetailParts, actor: Actor, now: Date): CaseDetail {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    ...presentItem(row, now),
    content: row.content,
    urgency: row.urgency,
    level: row.level,
    personName: row.personNameMasked,
    personPhone: row.personPhoneMasked,
    personIdNumber: row.idNumberMasked,
    address: row.addressMasked,
    latitude: row.latitude,
    longitude: row.longitude,
    anonymous: row.anonymous,
    consentPublish: row.consentPublish,
    acceptDueAt: iso(row.acceptDueAt),
    deadlineProvisional: row.deadlineProvisional,
    reopenCount: row.reopenCount,
    stationId: row.stationId,
    receptionId: row.receptionId,
    leadDepartmentId: row.leadDepartmentId,
    departments: parts.departments,
    deputies: parts.deputies,
    commonIssueId: row.commonIssueId,
    supervision: row.supervision,
    overdueAt: iso(row.overdueAt),
    escalatedTo: row.escalatedTo,
    ratingDueAt: iso(row.ratingDueAt),
    lastSatisfaction: row.lastSatisfaction,
    commitmentDate: row.commitmentDate,
    commitmentDue: row.commitmentDue,
    publicText: row.publicText,
    publishedAt: iso(row.publishedAt),
    attachmentCount: parts.attachmentCount,
    allowedActions: abilities(row.status as CaseStatus, actor.role, {
      leadHandler: actor.departmentId !== null && actor.departmentId === row.leadDepartmentId,
      commitmentPending: row.commitmentDate !== null,
    }),
    reply: parts.reply,
    events: parts.events,
  };
}

export function presentAttachment(a: AttachmentRow): AttachmentItem {
  return { ...a, createdAt: a.createdAt.toISOString() };
}
