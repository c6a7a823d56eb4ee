/**
 * Pure rules around the case lifecycle: deadline limits by level and urgency, which permission
 * each action needs, the work queues, attachment sniffing, public-text checks, retry backoff and
 * the Chinese message templates. No I/O; the server passes the facts in.
 */

import type { CaseAction, CaseStatus } from './cases.ts';
import { allowedActions } from './cases.ts';
import { parentCode } from './regions.ts';
import { can, type Permission, type Role } from './roles.ts';

/** Handling levels of a case (分级负责). */
export const CASE_LEVELS = ['county', 'town', 'village'] as const;
export type CaseLevel = (typeof CASE_LEVELS)[number];
export const CASE_URGENCIES = ['normal', 'urgent'] as const;
export type CaseUrgency = (typeof CASE_URGENCIES)[number];

/** Working-day limits for one level and urgency. */
export type DeadlineLimit = { acceptWorkingDays: number; replyWorkingDays: number; warnWorkingDays: number };

/** Defaults of DESIGN.md (accept 2, reply 15); urgent cases get half the reply time. */
export function defaultDeadlineLimit(_level: CaseLevel, urgency: CaseUrgency): DeadlineLimit {
  return urgency === 'urgent'
    ? { acceptWorkingDays: 1, replyWorkingDays: 7, warnWorkingDays: 2 }
    : { acceptWorkingDays: 2, replyWorkingDays: 15, warnWorkingDays: 3 };
}

/**
 * When each deadline clock of a referral fires, in working days counted from the referral (the
 * clock starts at referral, not at acceptance). Both deadlines warn before they fall due: the
 * reply `warnWorkingDays` ahead, the acceptance — a limit of a day or two — one working day ahead.
 * `warn` keeps its name: referral events store these counts, and older ones lack `acceptWarn`.
 */
export type DeadlineClocks = { accept: number; acceptWarn: number; reply: number; warn: number };

export function deadlineClocks(limit: DeadlineLimit): DeadlineClocks {
  return {
    accept: limit.acceptWorkingDays,
    acceptWarn: Math.max(0, limit.acceptWorkingDays - 1),
    reply: limit.replyWorkingDays,
    warn: Math.max(0, limit.replyWorkingDays - limit.warnWorkingDays),
  };
}

/** States in which the department's reply clock runs. */
export const AWAITING_REPLY_STATUSES: readonly CaseStatus[] = ['assigned', 'accepted', 'reopened'];

/**
 * Is the step the case waits for past its deadline? Signing for it (签收) while it is assigned,
 * the reply while the reply clock runs. Read live from the due dates, so a list is right even
 * before the timer marks the case (the SQL twin is `overdueSql` in the server's case queries).
 */
export function isOverdue(
  c: { status: string; acceptDueAt: Date | null; replyDueAt: Date | null },
  now: Date,
): boolean {
  if (c.status === 'assigned' && c.acceptDueAt !== null && c.acceptDueAt < now) return true;
  return (
    (AWAITING_REPLY_STATUSES as readonly string[]).includes(c.status) &&
    c.replyDueAt !== null &&
    c.replyDueAt < now
  );
}

/**
 * Where a lapsed deadline is escalated (超期提级): the regions to try, nearest first — the level
 * above the case's handling level (village → its town, town → its county, county → the county's
 * parent, the city), then the levels above that, and last the county itself, whose 人大常委会
 * office runs the network and supervises the county's departments (DESIGN.md) when no office sits
 * above it in this deployment. The caller takes the first region that has an office.
 */
export function escalationChain(regionCode: string, level: CaseLevel): string[] {
  const county = regionCode.slice(0, 6).padEnd(12, '0');
  const first =
    level === 'village'
      ? regionCode.slice(0, 9).padEnd(12, '0')
      : level === 'town'
        ? county
        : (parentCode(county) ?? county);
  const chain: string[] = [];
  for (let r: string | null = first; r !== null; r = parentCode(r)) chain.push(r);
  if (!chain.includes(county)) chain.push(county);
  return chain;
}

/** Which permission each action needs (route guard and `allowedActions`). */
export const ACTION_PERMISSION: Readonly<Record<CaseAction, Permission>> = {
  triage: 'cases.triage',
  answer_on_site: 'cases.feedback',
  handle_locally: 'cases.feedback',
  refer: 'cases.refer',
  accept: 'cases.accept',
  return: 'cases.accept',
  reply: 'cases.reply',
  feed_back: 'cases.feedback',
  rate: 'cases.feedback',
  reopen: 'cases.close',
  revisit: 'cases.feedback',
  close: 'cases.close',
  withdraw: 'cases.feedback',
};

/**
 * What this caller may do with a case now: the state machine's next steps that the role's
 * permissions allow. Accept, return and reply belong to the lead department only.
 */
export function abilities(
  status: CaseStatus,
  role: Role,
  opts: { leadHandler?: boolean; commitmentPending?: boolean } = {},
): CaseAction[] {
  return allowedActions(status).filter((a) => {
    if (!can(role, ACTION_PERMISSION[a])) return false;
    if (role === 'department_handler' && !opts.leadHandler) return false;
    // The same guard as `transition` (COMMITMENT_PENDING): a button that can only answer 409 is
    // not offered; the revisit (回访核实) comes first.
    if (a === 'close' && opts.commitmentPending) return false;
    return true;
  });
}

/** Work queues of the console; each is a status set (overdue and to_revisit are flags). */
export const WORK_QUEUES = [
  'to_triage',
  'to_accept',
  'to_reply',
  'to_feed_back',
  'overdue',
  'to_revisit',
] as const;
export type WorkQueue = (typeof WORK_QUEUES)[number];
export const QUEUE_STATUSES: Readonly<Record<Exclude<WorkQueue, 'overdue' | 'to_revisit'>, CaseStatus[]>> = {
  to_triage: ['registered', 'reopened'],
  to_accept: ['assigned'],
  to_reply: ['accepted'],
  to_feed_back: ['replied'],
};

/** File types accepted as attachments, recognised by their first bytes, never by name alone. */
export const ATTACHMENT_TYPES = {
  'image/jpeg': { ext: ['jpg', 'jpeg'], magic: [[0xff, 0xd8, 0xff]] },
  'image/png': { ext: ['png'], magic: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]] },
  'image/gif': { ext: ['gif'], magic: [[0x47, 0x49, 0x46, 0x38]] },
  'image/webp': { ext: ['webp'], magic: [[0x52, 0x49, 0x46, 0x46]] },
  'application/pdf': { ext: ['pdf'], magic: [[0x25, 0x50, 0x44, 0x46, 0x2d]] },
  // docx/xlsx are zip containers.
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    ext: ['docx'],
    magic: [[0x50, 0x4b, 0x03, 0x04]],
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    ext: ['xlsx'],
    magic: [[0x50, 0x4b, 0x03, 0x04]],
  },
  'application/msword': { ext: ['doc', 'xls'], magic: [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]] },
} as const satisfies Record<string, { ext: readonly string[]; magic: readonly (readonly number[])[] }>;

/**
 * The MIME type of a file whose extension and first bytes agree, or null: a `.jpg` that is really
 * HTML or an executable is refused.
 */
export function sniffAttachment(fileName: string, head: Uint8Array): string | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  for (const [mime, t] of Object.entries(ATTACHMENT_TYPES)) {
    if (!(t.ext as readonly string[]).includes(ext)) continue;
    if (t.magic.some((m) => m.every((b, i) => head[i] === b))) {
      if (mime === 'image/webp' && String.fromCharCode(...head.slice(8, 12)) !== 'WEBP') continue;
      return mime;
    }
  }
  return null;
}

export const PHONE_LIKE = /(?:\+?86[ -]?)?1[3-9](?:[ -]?\d){9}/u;
export const ID_LIKE = /[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]/u;

/**
 * Why a public text must not be published, or null: it may not carry a phone number or an ID
 * number (the public board shows masked names only).
 */
export function publicTextProblem(text: string): string | null {
  const t = text.normalize('NFKC');
  if (ID_LIKE.test(t)) return '公示内容含有身份证号码，不能公开';
  if (PHONE_LIKE.test(t)) return '公示内容含有手机号码，不能公开';
  return null;
}

/** Exponential backoff for the notification dispatcher: 30 s, 1 min, 2 min … capped at 1 h. */
export function retryDelayMs(attempt: number): number {
  return Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempt - 1));
}

/** Attempts after which a notification is marked failed. */
export const MAX_NOTIFICATION_ATTEMPTS = 6;

/** Message templates (Chinese). `{x}` placeholders are filled from `vars`. */
export const MESSAGE_TEMPLATES = {
  case_registered: {
    subject: '意见已登记',
    body: '您反映的问题已登记，编号{number}。我们将及时办理并向您反馈。',
  },
  case_referred: {
    subject: '新交办件',
    body: '{number}“{title}”已交办贵单位，请于{acceptDue}前签收、{replyDue}前答复。',
  },
  case_returned: { subject: '交办件被退回', body: '{number}被退回，理由：{reason}。请重新梳理交办。' },
  case_replied: { subject: '承办单位已答复', body: '{number}已答复（{kind}），请及时向群众反馈。' },
  case_fed_back: {
    subject: '办理结果反馈',
    body: '您反映的问题（编号{number}）办理结果：{content}。请对办理情况作出评价。',
  },
  deadline_warning: { subject: '办理期限预警', body: '{number}将于{due}到期，请抓紧办理。' },
  accept_warning: {
    subject: '签收期限预警',
    body: '{number}“{title}”须于{due}前签收，请及时签收或说明理由退回。',
  },
  accept_overdue: {
    subject: '签收超期',
    body: '{number}“{title}”未在{due}前签收，已超期并提请上级督办，请立即签收。',
  },
  case_overdue: { subject: '超期督办', body: '{number}“{title}”已超过办理期限，已提请上级督办。' },
  commitment_due: { subject: '承诺事项到期回访', body: '{number}承诺于{date}办结，已到期，请回访核实。' },
  case_supervised: { subject: '督办通知', body: '{number}已列入{kind}，请加快办理。' },
  verify_code: {
    subject: '验证码',
    body: '您的验证码是{code}，{minutes}分钟内有效。您正在人大代表联络站反映意见，如非本人操作请忽略。',
  },
  rota_reminder: {
    subject: '接待日提醒',
    body: '{date} {start}-{end} 您在{station}（{address}）接待选民，请准时到站扫码签到。',
  },
  booking_confirmed: {
    subject: '预约代表成功',
    body: '您已预约{date} {start}-{end}在{station}（{address}）与人大代表见面，预约号{reference}。如不能前来，请致电联络站。',
  },
  booking_requested: {
    subject: '预约申请已收到',
    body: '您希望{when}在{station}与人大代表见面（预约号{reference}），联络员将与您联系确定时间。',
  },
  booking_reminder: {
    subject: '预约见面提醒',
    body: '明天{date} {start}-{end}您预约在{station}（{address}）与人大代表见面，预约号{reference}，请准时到站。',
  },
} as const;
export type MessageTemplate = keyof typeof MESSAGE_TEMPLATES;

/** Fills a template; unknown placeholders stay visible rather than vanish. */
export function renderMessage(
  template: MessageTemplate,
  vars: Record<string, string>,
): { subject: string; body: string } {
  const t = MESSAGE_TEMPLATES[template];
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
  return { subject: fill(t.subject), body: fill(t.body) };
}
