import { presentItem } from '../cases/cases.presenter.ts';
import type * as q from './supervision.queries.ts';

type CaseRow = q.SupervisedCaseRow;
type CommitmentRow = Awaited<ReturnType<typeof q.listCommitments>>[number];
type IssueRow = { createdAt: Date };
type NotificationRow = Awaited<ReturnType<typeof q.listNotifications>>[number];

export function presentSupervision(r: { month: string; rows: CaseRow[]; now: Date }) {
  return {
    month: r.month,
    items: r.rows.map((c) => ({
      ...presentItem(c, r.now),
      supervision: c.supervision,
      supervisedAt: c.supervisedAt?.toISOString() ?? null,
      overdueAt: c.overdueAt?.toISOString() ?? null,
      escalatedTo: c.escalatedTo,
      escalatedToName: c.escalatedToName,
    })),
  };
}

/** A commitment is overdue once its date has passed unfulfilled (`today` in Asia/Shanghai). */
export function presentCommitments(r: { rows: CommitmentRow[]; today: string }) {
  return {
    items: r.rows.map((c) => ({
      ...c,
      overdue: c.status !== 'fulfilled' && c.committedDate < r.today,
      revisitedAt: c.revisitedAt?.toISOString() ?? null,
    })),
  };
}

export const presentIssue = <T extends IssueRow>(i: T) => ({ ...i, createdAt: i.createdAt.toISOString() });

export function presentIssueDetail<T extends IssueRow>(r: { issue: T; rows: CaseRow[]; now: Date }) {
  return {
    ...presentIssue(r.issue),
    caseCount: r.rows.length,
    cases: r.rows.map((c) => presentItem(c, r.now)),
  };
}

/** The board shows the person's masked name and the approved public text, nothing else of theirs. */
export function presentBoard(rows: CaseRow[]) {
  return {
    items: rows.map((c) => ({
      id: c.id,
      number: c.number,
      regionCode: c.regionCode,
      title: c.title,
      status: c.status,
      stationName: c.stationName,
      personName: c.personNameMasked,
      publicText: c.publicText ?? '',
      publishedAt: c.publishedAt!.toISOString(),
    })),
  };
}

export function presentNotifications(rows: NotificationRow[]) {
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      caseId: r.caseId,
      channel: r.channel,
      // A person's phone is stored encrypted; the outbox view never shows it.
      recipient: r.recipient.startsWith('v1.') ? '（加密）' : r.recipient,
      template: r.template,
      subject: r.subject,
      body: r.body,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
      sentAt: r.sentAt?.toISOString() ?? null,
    })),
  };
}
