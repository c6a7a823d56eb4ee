/**
 * The case: one opinion from registration to close-out (DESIGN.md, "The case").
 *
 * This file holds the lifecycle state machine and the vocabulary around it. The server writes one
 * event row per transition; this module only answers "may this action happen now, and where does
 * it lead", from the current status and the facts the server passes in.
 *
 * Transition table (every other pair is refused with TRANSITION_NOT_ALLOWED):
 *
 * | from       | action          | to        | guard (refusal code)                                      |
 * | ---------- | --------------- | --------- | --------------------------------------------------------- |
 * | registered | triage 梳理     | triaged   |                                                           |
 * | triaged    | answer_on_site  | replied   | answered at the reception (当场答复)                      |
 * | triaged    | handle_locally  | replied   | station/village handles and replies itself (就地办理)     |
 * | triaged    | refer 交办      | assigned  |                                                           |
 * | assigned   | accept 签收     | accepted  |                                                           |
 * | assigned   | return 退回     | triaged   | `reason` (REASON_REQUIRED): wrong unit, say why           |
 * | accepted   | reply 答复      | replied   | the reply itself is checked by {@link validateReply}       |
 * | replied    | feed_back 反馈  | fed_back  | person informed (or, anonymous, reply posted publicly)    |
 * | replied    | revisit 回访    | fed_back  | `commitmentDue` (COMMITMENT_NOT_DUE)                      |
 * | fed_back   | rate 评价       | rated     | `satisfaction` (SATISFACTION_REQUIRED), any of the three  |
 * | fed_back   | revisit 回访    | fed_back  | `commitmentDue`                                           |
 * | fed_back   | close 销号      | closed    | `ratingTimedOut` (RATING_NOT_TIMED_OUT); no pending commitment (COMMITMENT_PENDING) |
 * | rated      | close 销号      | closed    | `lastSatisfaction` known (SATISFACTION_REQUIRED); no pending commitment; if unsatisfied, `reason` (REASON_REQUIRED) |
 * | rated      | reopen 重办     | reopened  | `lastSatisfaction === 'unsatisfied'` (REOPEN_REQUIRES_UNSATISFIED) |
 * | rated      | revisit 回访    | fed_back  | `commitmentDue`                                           |
 * | reopened   | refer 交办      | assigned  | 持续重办: back to a department                            |
 * | any but closed/withdrawn | withdraw 撤回 | withdrawn | the person withdraws; never a deletion        |
 *
 * Why these choices:
 * - 回访 (revisit) is for a "will resolve" reply whose committed date has come: someone goes back
 *   to the person, and the case returns to fed_back to collect a fresh rating on the result.
 *   From replied it doubles as the first feedback when the date came before anyone reported back.
 * - A case with a commitment not yet revisited cannot be closed: 销号 means the matter is done.
 * - An unsatisfied case is normally reopened; closing it anyway (the supervising office judges
 *   the answer sufficient, e.g. a demand the law cannot meet) needs a written reason.
 * - Closing without a rating is allowed only once the rating wait has run out
 *   ({@link DEFAULT_DEADLINES}.ratingWaitDays); the server decides that from the clock.
 */

/** Lifecycle states. Only these are branched on in code; finer sub-statuses are data. */
export const CASE_STATUSES = [
  'registered',
  'triaged',
  'assigned',
  'accepted',
  'replied',
  'fed_back',
  'rated',
  'reopened',
  'closed',
  'withdrawn',
] as const;

/** A lifecycle state of a case. */
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The states a case never leaves. */
export const FINAL_CASE_STATUSES: readonly CaseStatus[] = ['closed', 'withdrawn'];

/**
 * States in which a case is still someone's work: all but the final ones. Keep in step with the
 * partial index cases_open_queue_idx (server schema/cases.ts).
 */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter(
  (s) => !FINAL_CASE_STATUSES.includes(s),
);

/** States in which a case may still be linked into a common issue (归并为共性问题). */
export const LINKABLE_CASE_STATUSES: readonly CaseStatus[] = ['registered', 'triaged', 'reopened'];

/** Chinese labels of the states. */
export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  registered: '登记',
  triaged: '已梳理',
  assigned: '已交办',
  accepted: '已签收',
  replied: '已答复',
  fed_back: '已反馈',
  rated: '已评价',
  reopened: '重办',
  closed: '已销号',
  withdrawn: '已撤回',
};

/** Everything that can happen to a case. */
export const CASE_ACTIONS = [
  'triage',
  'answer_on_site',
  'handle_locally',
  'refer',
  'accept',
  'return',
  'reply',
  'feed_back',
  'rate',
  'reopen',
  'revisit',
  'close',
  'withdraw',
] as const;

/** An action on a case; each is one event row. */
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** The actions that carry an answer to the person (答复): a department's reply, or the station's own. */
export const REPLY_ACTIONS: readonly CaseAction[] = ['reply', 'answer_on_site', 'handle_locally'];

/** Chinese labels of the actions (the glossary: 交办 → refer, 销号 → close, 回访 → revisit). */
export const CASE_ACTION_LABELS: Readonly<Record<CaseAction, string>> = {
  triage: '梳理',
  answer_on_site: '当场答复',
  handle_locally: '就地办理',
  refer: '交办',
  accept: '签收',
  return: '退回',
  reply: '答复',
  feed_back: '反馈',
  rate: '评价',
  reopen: '重办',
  revisit: '回访',
  close: '销号',
  withdraw: '撤回',
};

/** Whether a string (an `allowedActions` entry, an event's action) is one of {@link CASE_ACTIONS}. */
export function isCaseAction(s: string): s is CaseAction {
  return (CASE_ACTIONS as readonly string[]).includes(s);
}

/**
 * What staff do to a case besides moving it through its lifecycle: 督办 (supervise), 并入共性问题
 * (link), 公示 (publish). Each writes an event row but never changes the status.
 */
export const CASE_OPERATIONS = ['supervise', 'link', 'publish'] as const;

/** An operation on a case that is not a lifecycle step. */
export type CaseOperation = (typeof CASE_OPERATIONS)[number];

/**
 * The order the console shows a case's buttons in: the lifecycle as the work meets it (回访
 * before 重办), then the operations, and 撤回 last.
 */
export const CASE_ACTION_DISPLAY_ORDER: readonly (CaseAction | CaseOperation)[] = [
  'triage',
  'answer_on_site',
  'handle_locally',
  'refer',
  'accept',
  'return',
  'reply',
  'feed_back',
  'rate',
  'revisit',
  'reopen',
  'close',
  'supervise',
  'link',
  'publish',
  'withdraw',
];

/** States in which a case has an answer to put on the public board (公示 is offered only then). */
export const PUBLISHABLE_CASE_STATUSES: readonly CaseStatus[] = ['replied', 'fed_back', 'rated', 'closed'];

/** The person's rating of the outcome. */
export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;

/** The person's rating of the outcome. */
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** Chinese labels of the ratings. */
export const SATISFACTION_LABELS: Readonly<Record<Satisfaction, string>> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
};

/** How an opinion reached the station. */
export const CASE_CHANNELS = [
  'reception',
  'visit',
  'box',
  'phone',
  'sms',
  'web',
  'qr',
  'wechat',
  'event',
  'deputy',
  'open311',
] as const;

/** How an opinion reached the station. */
export type CaseChannel = (typeof CASE_CHANNELS)[number];

/** Chinese labels of the channels. */
export const CASE_CHANNEL_LABELS: Readonly<Record<CaseChannel, string>> = {
  reception: '接待',
  visit: '走访',
  box: '意见箱',
  phone: '电话',
  sms: '短信',
  web: '网上',
  qr: '扫码',
  wechat: '微信',
  event: '活动',
  deputy: '代表发现',
  open311: '12345热线/城市平台（Open311）',
};

/** The structural transition table: from → action → to (guards are in {@link transition}). */
const NEXT: Readonly<Record<CaseStatus, Partial<Record<CaseAction, CaseStatus>>>> = {
  registered: { triage: 'triaged', withdraw: 'withdrawn' },
  triaged: {
    answer_on_site: 'replied',
    handle_locally: 'replied',
    refer: 'assigned',
    withdraw: 'withdrawn',
  },
  assigned: { accept: 'accepted', return: 'triaged', withdraw: 'withdrawn' },
  accepted: { reply: 'replied', withdraw: 'withdrawn' },
  replied: { feed_back: 'fed_back', revisit: 'fed_back', withdraw: 'withdrawn' },
  fed_back: { rate: 'rated', revisit: 'fed_back', close: 'closed', withdraw: 'withdrawn' },
  rated: { close: 'closed', reopen: 'reopened', revisit: 'fed_back', withdraw: 'withdrawn' },
  reopened: { refer: 'assigned', withdraw: 'withdrawn' },
  closed: {},
  withdrawn: {},
};

/** Every allowed transition as rows, for documentation, the console and table-driven tests. */
export const CASE_TRANSITIONS: readonly { from: CaseStatus; action: CaseAction; to: CaseStatus }[] =
  CASE_STATUSES.flatMap((from) =>
    CASE_ACTIONS.flatMap((action) => {
      const to = NEXT[from][action];
      return to === undefined ? [] : [{ from, action, to }];
    }),
  );

/** Facts the server knows and the guards need. Each is described where it is used. */
export type TransitionInput = {
  /** Why: mandatory to `return` a case and to `close` an unsatisfied one. */
  reason?: string;
  /** The rating being given, for `rate`. */
  satisfaction?: Satisfaction;
  /** The latest rating on record, for `close` and `reopen` from `rated`. */
  lastSatisfaction?: Satisfaction;
  /** True once the rating wait has passed with no rating: allows `close` from `fed_back`. */
  ratingTimedOut?: boolean;
  /** True when a "will resolve" commitment's date has come: allows `revisit`. */
  commitmentDue?: boolean;
  /** True while a "will resolve" commitment has not been revisited: blocks `close`. */
  commitmentPending?: boolean;
};

/** Why a transition was refused; stable codes for problem+json `type`. */
export type TransitionErrorCode =
  | 'TRANSITION_NOT_ALLOWED'
  | 'REASON_REQUIRED'
  | 'SATISFACTION_REQUIRED'
  | 'RATING_NOT_TIMED_OUT'
  | 'REOPEN_REQUIRES_UNSATISFIED'
  | 'COMMITMENT_NOT_DUE'
  | 'COMMITMENT_PENDING';

/** The outcome of {@link transition}. On refusal, `reason` is a Chinese sentence for the user. */
export type TransitionResult =
  | { ok: true; to: CaseStatus }
  | { ok: false; code: TransitionErrorCode; allowed: CaseAction[]; reason?: string };

/**
 * The actions structurally possible from a status, in {@link CASE_ACTIONS} order. Guards that
 * depend on input (a reason, a timed-out rating …) may still refuse one of them.
 */
export function allowedActions(status: CaseStatus): CaseAction[] {
  const next = NEXT[status];
  if (next === undefined) return [];
  return CASE_ACTIONS.filter((a) => next[a] !== undefined);
}

const isBlank = (s: string | undefined) => s === undefined || s.trim() === '';
const isSatisfaction = (s: unknown): s is Satisfaction => SATISFACTIONS.includes(s as Satisfaction);

/**
 * Decides one transition. Pure: the caller passes the current status and the facts, writes the
 * event row and the new status itself.
 */
export function transition(
  status: CaseStatus,
  action: CaseAction,
  input: TransitionInput = {},
): TransitionResult {
  const allowed = allowedActions(status);
  const to = NEXT[status]?.[action];
  if (to === undefined) {
    return {
      ok: false,
      code: 'TRANSITION_NOT_ALLOWED',
      allowed,
      reason: `“${CASE_STATUS_LABELS[status] ?? status}”状态下不能“${CASE_ACTION_LABELS[action] ?? action}”`,
    };
  }
  const refuse = (code: TransitionErrorCode, reason: string): TransitionResult => ({
    ok: false,
    code,
    allowed,
    reason,
  });

  switch (action) {
    case 'triage':
    case 'answer_on_site':
    case 'handle_locally':
    case 'refer':
    case 'accept':
    case 'reply':
    case 'feed_back':
    case 'withdraw':
      return { ok: true, to };
    case 'return':
      if (isBlank(input.reason)) return refuse('REASON_REQUIRED', '退回须说明理由（如不属于本单位职责）');
      return { ok: true, to };
    case 'rate':
      if (!isSatisfaction(input.satisfaction)) {
        return refuse('SATISFACTION_REQUIRED', '评价须选择满意、基本满意或不满意');
      }
      return { ok: true, to };
    case 'revisit':
      if (input.commitmentDue !== true) return refuse('COMMITMENT_NOT_DUE', '承诺办结日期未到，暂不能回访');
      return { ok: true, to };
    case 'reopen':
      if (input.lastSatisfaction !== 'unsatisfied') {
        return refuse('REOPEN_REQUIRES_UNSATISFIED', '只有评价为不满意的件才能重办');
      }
      return { ok: true, to };
    case 'close':
      return guardClose(status, input, to, refuse);
    default: {
      const unreachable: never = action;
      throw new RangeError(`unknown case action ${String(unreachable)}`);
    }
  }
}

/** The close-out (销号) guards, which depend on where the case stands. */
function guardClose(
  status: CaseStatus,
  input: TransitionInput,
  to: CaseStatus,
  refuse: (code: TransitionErrorCode, reason: string) => TransitionResult,
): TransitionResult {
  if (input.commitmentPending === true) {
    return refuse('COMMITMENT_PENDING', '承诺事项尚未回访核实，不能销号');
  }
  if (status === 'fed_back') {
    if (input.ratingTimedOut !== true) {
      return refuse('RATING_NOT_TIMED_OUT', '群众尚未评价且评价期限未到，不能销号');
    }
    return { ok: true, to };
  }
  // From rated: the last rating decides whether a reason is needed.
  if (!isSatisfaction(input.lastSatisfaction)) {
    return refuse('SATISFACTION_REQUIRED', '销号须提供最近一次评价结果');
  }
  if (input.lastSatisfaction === 'unsatisfied' && isBlank(input.reason)) {
    return refuse('REASON_REQUIRED', '群众不满意的件销号须说明理由，否则应重办');
  }
  return { ok: true, to };
}

/** True for states a case never leaves (a string: the API and the console carry statuses as text). */
export function isFinalStatus(status: string): boolean {
  return (FINAL_CASE_STATUSES as readonly string[]).includes(status);
}

export type { CaseNumberParts } from './case-numbers.ts';
export { formatCaseNumber, parseCaseNumber } from './case-numbers.ts';
export type { ReplyDraft, ReplyKind } from './case-replies.ts';
export { isReplyKind, REPLY_KIND_LABELS, REPLY_KINDS, validateReply } from './case-replies.ts';
