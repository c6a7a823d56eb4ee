/**
 * Notices to staff outside the console: which channels a user gets besides the in-app inbox,
 * how their contact details must look, and the WeChat official-account template message
 * (模板消息) that carries a notice. Pure; the server stores and sends.
 */

import type { MessageTemplate } from './case-workflow.ts';

/** Channels a staff member may choose besides the in-app inbox, which everyone gets. */
export const STAFF_CHANNELS = ['email', 'wechat'] as const;
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

export interface StaffContact {
  email: string | null;
  wechatOpenid: string | null;
  notifyChannels: readonly string[];
}

/** The outside channels a notice goes out on: each the user chose and has an address for. */
export function staffChannels(c: StaffContact): { channel: StaffChannel; recipient: string }[] {
  const out: { channel: StaffChannel; recipient: string }[] = [];
  if (c.email && c.notifyChannels.includes('email')) out.push({ channel: 'email', recipient: c.email });
  if (c.wechatOpenid && c.notifyChannels.includes('wechat')) {
    out.push({ channel: 'wechat', recipient: c.wechatOpenid });
  }
  return out;
}

// One @, a dot in the domain, no spaces or angle brackets (no header injection into SMTP).
const EMAIL = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/u;
// An official account's openid: 28 characters of [A-Za-z0-9_-] in practice; allow 16–64.
const OPENID = /^[A-Za-z0-9_-]{16,64}$/;

/** Why contact details cannot be saved (Chinese, one line each); empty when they can. */
export function contactProblems(c: StaffContact): string[] {
  const out: string[] = [];
  if (c.email !== null && (c.email.length > 254 || !EMAIL.test(c.email))) out.push('电子邮箱格式不正确');
  if (c.wechatOpenid !== null && !OPENID.test(c.wechatOpenid)) {
    out.push('微信 openid 格式不正确（应为公众号下发的16至64位字母、数字、-、_）');
  }
  const unknown = c.notifyChannels.filter((ch) => !(STAFF_CHANNELS as readonly string[]).includes(ch));
  if (unknown.length > 0) out.push(`不支持的通知方式：${unknown.join('、')}`);
  return out;
}

/** A WeChat template message's data: `{ first, keyword1 …, remark }`, each `{ value }`. */
export type WechatTemplateData = Record<string, { value: string }>;

/**
 * Which values fill keyword1, keyword2 … of a notice's template, with its heading and closing
 * line (in Chinese, as the official account shows them). The account's templates are chosen to
 * match: 案件编号 / 事项 / 期限 and the like.
 */
const WECHAT_LAYOUT: Partial<
  Record<
    MessageTemplate,
    { first: string; keywords: (v: Record<string, string>) => string[]; remark: string }
  >
> = {
  case_referred: {
    first: '您有一件新的交办件，请及时签收办理',
    keywords: (v) => [v.number ?? '', v.title ?? '', `${v.acceptDue ?? ''}前签收，${v.replyDue ?? ''}前答复`],
    remark: '请登录联络工作台签收并答复。',
  },
  deadline_warning: {
    first: '办理期限预警',
    keywords: (v) => [v.number ?? '', v.due ?? ''],
    remark: '即将到期，请抓紧办理。',
  },
  case_supervised: {
    first: '督办通知',
    keywords: (v) => [v.number ?? '', v.kind ?? ''],
    remark: '该件已列入督办，请加快办理。',
  },
  case_overdue: {
    first: '超期督办',
    keywords: (v) => [v.number ?? '', v.title ?? ''],
    remark: '已超过办理期限，已提请上级督办。',
  },
  case_returned: {
    first: '交办件被退回',
    keywords: (v) => [v.number ?? '', v.reason ?? ''],
    remark: '请重新梳理交办。',
  },
  case_replied: {
    first: '承办单位已答复',
    keywords: (v) => [v.number ?? '', v.kind ?? ''],
    remark: '请及时向群众反馈办理结果。',
  },
  commitment_due: {
    first: '承诺事项到期回访',
    keywords: (v) => [v.number ?? '', v.date ?? ''],
    remark: '承诺期限已到，请回访核实。',
  },
};

/**
 * The `data` of a template message for a notice. A notice without a layout of its own goes out
 * as its subject and body (keyword1), so nothing is ever dropped.
 */
export function wechatTemplateData(
  template: string,
  vars: Record<string, string>,
  fallback: { subject: string; body: string },
): WechatTemplateData {
  const layout = WECHAT_LAYOUT[template as MessageTemplate];
  const data: WechatTemplateData = {};
  if (!layout) {
    data.first = { value: fallback.subject };
    data.keyword1 = { value: fallback.body };
    data.remark = { value: '' };
    return data;
  }
  data.first = { value: layout.first };
  layout.keywords(vars).forEach((value, i) => {
    data[`keyword${i + 1}`] = { value };
  });
  data.remark = { value: layout.remark };
  return data;
}
