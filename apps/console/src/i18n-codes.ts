/**
 * Labels of coded values (statuses, actions, channels, station kinds …). The Chinese are
 * @lianluo/domain's label tables; the English are the console's own, keyed by the domain's lists,
 * so a value added there does not compile here until it has an English name.
 */
import {
  CASE_ACTION_LABELS,
  CASE_CHANNEL_LABELS,
  CASE_CHANNELS,
  CASE_STATUS_LABELS,
  CASE_STATUSES,
  type CaseAction,
  type CaseChannel,
  type CaseStatus,
  REPLY_KIND_LABELS,
  type ReplyKind,
  SATISFACTION_LABELS,
  SATISFACTIONS,
  type Satisfaction,
} from '@lianluo/domain/cases';
import {
  DEPUTY_LEVEL_LABELS,
  DEPUTY_LEVELS,
  type DeputyLevel,
  STATION_KIND_LABELS,
  STATION_KINDS,
  type StationKind,
} from '@lianluo/domain/network';
import { ROLE_LABELS, ROLES } from '@lianluo/domain/roles';

const CASE_ACTION_EN: Readonly<Record<CaseAction, string>> = {
  triage: 'Triage',
  answer_on_site: 'Answer on site',
  handle_locally: 'Handle locally',
  refer: 'Refer',
  accept: 'Accept',
  return: 'Return',
  reply: 'Reply',
  feed_back: 'Feed back',
  rate: 'Rate',
  reopen: 'Reopen',
  revisit: 'Revisit',
  close: 'Close',
  withdraw: 'Withdraw',
};

const REPLY_KIND_EN: Readonly<Record<ReplyKind, string>> = {
  resolved: 'Resolved',
  will_resolve: 'Will resolve',
  cannot_resolve: 'Cannot resolve',
  explained: 'Explained',
};

const CASE_STATUS_EN: Readonly<Record<CaseStatus, string>> = {
  registered: 'Registered',
  triaged: 'Triaged',
  assigned: 'Assigned',
  accepted: 'Accepted',
  replied: 'Replied',
  fed_back: 'Fed back',
  rated: 'Rated',
  reopened: 'Reopened',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
};

const STATION_KIND_EN: Readonly<Record<StationKind, string>> = {
  general: 'County general station',
  town: 'Town station',
  village: 'Village point',
  industry: 'Industry / park / campus station',
};

const DEPUTY_LEVEL_EN: Readonly<Record<DeputyLevel, string>> = {
  national: 'National',
  provincial: 'Provincial',
  city: 'City',
  county: 'County',
  town: 'Town',
};

const CASE_CHANNEL_EN: Readonly<Record<CaseChannel, string>> = {
  reception: 'Reception',
  visit: 'Door-to-door visit',
  box: 'Opinion box',
  phone: 'Phone',
  sms: 'SMS',
  web: 'Web',
  qr: 'QR code',
  wechat: 'WeChat',
  event: 'Event',
  deputy: "Deputy's own finding",
  open311: '12345 hotline / city platform (Open311)',
};

const SATISFACTION_EN: Readonly<Record<Satisfaction, string>> = {
  satisfied: 'Satisfied',
  basically_satisfied: 'Basically satisfied',
  unsatisfied: 'Unsatisfied',
};

/** Timeline events that are not lifecycle actions: registering, supervising, attaching … */
const EVENT_ZH = {
  register: '登记',
  supervise: '督办',
  link: '关联共性问题',
  publish: '公示',
  attach: '上传附件',
  reveal: '查看联系方式',
};
const EVENT_EN: Record<keyof typeof EVENT_ZH, string> = {
  register: 'Register',
  supervise: 'Supervise',
  link: 'Link to common issue',
  publish: 'Publish',
  attach: 'Attachment',
  reveal: 'Contact viewed',
};

const AUDIT_EVENT_ZH = {
  login: '登录',
  login_failed: '登录失败',
  logout: '退出登录',
  account_locked: '账户锁定',
  session_expired: '会话过期',
  permission_denied: '无权操作被拒',
  scope_denied: '越权访问被拒',
  cross_origin_denied: '跨站请求被拒',
  open311_key_issued: '签发 Open311 密钥',
  open311_key_revoked: '吊销 Open311 密钥',
  calendar_days_added: '录入节假日安排',
  calendar_day_deleted: '删除节假日安排',
  deadline_limit_set: '设定办理期限',
  deadline_limit_deleted: '取消办理期限设定',
  workflow_settings_set: '修改评价设置',
  contact_changed: '修改联系方式',
};
const AUDIT_EVENT_EN: Record<keyof typeof AUDIT_EVENT_ZH, string> = {
  login: 'Sign-in',
  login_failed: 'Failed sign-in',
  logout: 'Sign-out',
  account_locked: 'Account locked',
  session_expired: 'Session expired',
  permission_denied: 'Permission denied',
  scope_denied: 'Out-of-scope access denied',
  cross_origin_denied: 'Cross-origin request denied',
  open311_key_issued: 'Open311 key issued',
  open311_key_revoked: 'Open311 key revoked',
  calendar_days_added: 'Holiday calendar days entered',
  calendar_day_deleted: 'Holiday calendar day deleted',
  deadline_limit_set: 'Deadline limit set',
  deadline_limit_deleted: 'Deadline limit removed',
  workflow_settings_set: 'Rating settings changed',
  contact_changed: 'Contact details changed',
};

export type CodeGroup =
  | 'status'
  | 'stationKind'
  | 'deputyLevel'
  | 'departmentLevel'
  | 'gender'
  | 'role'
  | 'outcome'
  | 'channel'
  | 'satisfaction'
  | 'action'
  | 'auditEvent';

type Labels = Readonly<Record<CodeGroup, Readonly<Record<string, string>>>>;

const rolesIn = (lang: 'zh' | 'en') => Object.fromEntries(ROLES.map((r) => [r, ROLE_LABELS[r][lang]]));

/** Chinese names of coded values, for when the server sends no label of its own. */
export const codeLabelsZh: Labels = {
  status: CASE_STATUS_LABELS,
  stationKind: STATION_KIND_LABELS,
  deputyLevel: DEPUTY_LEVEL_LABELS,
  departmentLevel: { county: '县级', town: '乡镇级', village: '村级' },
  gender: { male: '男', female: '女', m: '男', f: '女', 男: '男', 女: '女' },
  role: rolesIn('zh'),
  outcome: { success: '成功', failure: '失败', denied: '拒绝' },
  channel: CASE_CHANNEL_LABELS,
  satisfaction: SATISFACTION_LABELS,
  action: { ...EVENT_ZH, ...CASE_ACTION_LABELS },
  auditEvent: AUDIT_EVENT_ZH,
};

/**
 * English names for coded values the server labels in Chinese (statusLabel, kindLabel, …).
 * In Chinese the server's label wins; in English ours does, falling back to the server's.
 */
export const codeLabelsEn: Labels = {
  status: CASE_STATUS_EN,
  stationKind: STATION_KIND_EN,
  deputyLevel: DEPUTY_LEVEL_EN,
  departmentLevel: { county: 'County', town: 'Town', village: 'Village' },
  gender: { male: 'Male', female: 'Female', m: 'Male', f: 'Female', 男: 'Male', 女: 'Female' },
  role: rolesIn('en'),
  outcome: { success: 'Success', failure: 'Failure', denied: 'Denied' },
  channel: CASE_CHANNEL_EN,
  satisfaction: SATISFACTION_EN,
  action: { ...EVENT_EN, ...CASE_ACTION_EN },
  auditEvent: AUDIT_EVENT_EN,
};

const CODES = {
  status: CASE_STATUSES,
  stationKind: STATION_KINDS,
  deputyLevel: DEPUTY_LEVELS,
  auditEvent: Object.keys(AUDIT_EVENT_ZH),
  channel: CASE_CHANNELS,
  satisfaction: SATISFACTIONS,
} as const;

/** Known codes of a group, for filter selects. */
export function codesOf(group: keyof typeof CODES): string[] {
  return [...CODES[group]];
}

type Keyed<P extends string, K extends string> = { readonly [X in K as `${P}.${X}`]: string };

/** A label table as messages: `{ refer: '交办' }` → `{ 'action.refer': '交办' }`. */
function keyed<P extends string, K extends string>(
  prefix: P,
  labels: Readonly<Record<K, string>>,
): Keyed<P, K> {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [`${prefix}.${k}`, v])) as Keyed<P, K>;
}

/** The buttons' names of the lifecycle actions (`action.refer`). */
export const caseActionMessagesZh = keyed('action', CASE_ACTION_LABELS);
export const caseActionMessagesEn = keyed('action', CASE_ACTION_EN);
/** The reply kinds (`replyKind.will_resolve`). */
export const replyKindMessagesZh = keyed('replyKind', REPLY_KIND_LABELS);
export const replyKindMessagesEn = keyed('replyKind', REPLY_KIND_EN);
