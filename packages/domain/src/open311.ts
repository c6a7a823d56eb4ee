/**
 * How a case looks to an Open311 GeoReport v2 client (12345 hotlines, city apps): the spec knows
 * only `open` and `closed` and a free-text `status_notes`, so our lifecycle is folded onto those
 * here. Pure: the server passes the case's facts in.
 */

import { REPLY_KIND_LABELS, type ReplyKind } from './case-replies.ts';
import { ID_LIKE, PHONE_LIKE } from './case-workflow.ts';
import { type CaseStatus, FINAL_CASE_STATUSES, SATISFACTION_LABELS, type Satisfaction } from './cases.ts';

/** The two states of the spec. */
export type Open311Status = 'open' | 'closed';

/**
 * Closed once the case is closed out (销号) or withdrawn; a replied or rated case is still open,
 * since the person may yet be unsatisfied and the case reopened.
 */
export function open311Status(status: CaseStatus): Open311Status {
  return FINAL_CASE_STATUSES.includes(status) ? 'closed' : 'open';
}

/** Where each state stands, in the words a hotline operator can read out. */
const STAGE_NOTES: Readonly<Record<CaseStatus, string>> = {
  registered: '已登记，等待梳理',
  triaged: '已梳理，正在确定办理单位',
  assigned: '已交办承办单位，等待签收',
  accepted: '承办单位已签收，正在办理',
  replied: '承办单位已答复',
  fed_back: '已向反映人反馈办理结果',
  rated: '反映人已评价',
  reopened: '反映人不满意，已重新办理',
  closed: '已办结销号',
  withdrawn: '反映人已撤回',
};

const PHONE_ALL = new RegExp(PHONE_LIKE.source, 'gu');
const ID_ALL = new RegExp(ID_LIKE.source, 'gu');

/**
 * Phone and ID numbers in a staff-written text replaced by asterisks: a reply may quote the
 * person's number, and Open311 output is readable by any client of the jurisdiction.
 */
export function redactNumbers(text: string): string {
  // Full-width digits folded first (only those: NFKC would also turn the Chinese punctuation).
  const digits = text.replace(/[０-９]/gu, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  return digits.replace(ID_ALL, '******').replace(PHONE_ALL, '***********');
}

/** Longest reply quoted in `status_notes`; the full answer is read in the console. */
export const STATUS_NOTES_REPLY_MAX = 500;

export interface StatusNotesFacts {
  status: CaseStatus;
  /** The latest reply on record (答复), if any. */
  reply?: { kind: ReplyKind; content: string } | null;
  satisfaction?: Satisfaction | null;
}

/**
 * `status_notes`: the stage in Chinese, then the rating and the latest reply once there is one
 * (withdrawn cases say only that: a withdrawal's reason is the person's own).
 */
export function open311StatusNotes(f: StatusNotesFacts): string {
  const parts = [STAGE_NOTES[f.status]];
  if (f.status === 'withdrawn') return parts[0]!;
  if (f.satisfaction && (f.status === 'rated' || f.status === 'closed')) {
    parts.push(`评价：${SATISFACTION_LABELS[f.satisfaction]}`);
  }
  if (f.reply && f.status !== 'reopened') {
    let content = redactNumbers(f.reply.content.trim());
    if (content.length > STATUS_NOTES_REPLY_MAX) content = `${content.slice(0, STATUS_NOTES_REPLY_MAX)}…`;
    parts.push(`答复（${REPLY_KIND_LABELS[f.reply.kind]}）：${content}`);
  }
  return parts.join('；');
}

/** Characters that change nothing for a reader: zero-width, bidi controls, C0/C1 controls but \t and \n. */
// A string, not a literal: the linter rightly flags control characters written in a regex literal.
const INVISIBLE = new RegExp(
  '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f' +
    '\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff]',
  'gu',
);

/**
 * Text received from a machine client, made fit to store: line ends unified, invisible and
 * control characters dropped, NFC, trimmed. HTML is kept as text (it is escaped on output).
 */
export function cleanClientText(s: string): string {
  return s.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').normalize('NFC').trim();
}

/**
 * An instant as the spec's W3C date-time, in China Standard Time (`2026-06-15T10:00:00+08:00`):
 * the offset is fixed (no daylight saving), so it is added rather than looked up.
 */
export function open311DateTime(instant: Date): string {
  return `${new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** Coordinates rounded to about 100 m: enough to place an issue, too coarse to find a door. */
export function coarseCoordinate(v: number | null): number | null {
  return v === null ? null : Math.round(v * 1000) / 1000;
}
