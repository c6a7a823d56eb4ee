/**
 * What a reply to a case must contain (DESIGN.md: "A reply says which: resolved, will resolve,
 * cannot resolve, or explained").
 */

import { assertIsoDate, isIsoDate } from './dates.ts';

/** The four kinds of answer a handling unit may give. */
export const REPLY_KINDS = ['resolved', 'will_resolve', 'cannot_resolve', 'explained'] as const;

/** The kind of a reply. */
export type ReplyKind = (typeof REPLY_KINDS)[number];

/** Whether a string (a reply's `kind` as the API types it) is one of {@link REPLY_KINDS}. */
export function isReplyKind(s: string): s is ReplyKind {
  return (REPLY_KINDS as readonly string[]).includes(s);
}

/** Chinese labels of the reply kinds. */
export const REPLY_KIND_LABELS: Readonly<Record<ReplyKind, string>> = {
  resolved: '已解决',
  will_resolve: '承诺解决',
  cannot_resolve: '无法解决',
  explained: '解释说明',
};

/** A reply as drafted by the handler; dates are `YYYY-MM-DD` Shanghai days. */
export type ReplyDraft = {
  kind: ReplyKind;
  /** The answer text given to the person. */
  content: string;
  /** Measures taken (resolved) or to be taken (will_resolve). */
  measures?: string;
  /** The day the unit commits to have it resolved (will_resolve); tracked in the commitments ledger. */
  committedDate?: string;
  /** Why it cannot be resolved (cannot_resolve). */
  reasons?: string;
  /**
   * The law, regulation or policy the answer rests on (政策依据): required of a refusal
   * (cannot_resolve), which must say why *and* on what basis, and of an explanation (explained),
   * which is a policy answer (DESIGN.md).
   */
  policyBasis?: string;
};

const filled = (s: string | undefined) => typeof s === 'string' && s.trim() !== '';

/**
 * Problems with a reply, as Chinese sentences for the form; empty when the reply is acceptable.
 * `today` is the Shanghai day of the reply: a commitment must be for a later day, since one due
 * today or earlier is no commitment at all.
 */
export function validateReply(reply: ReplyDraft, today: string): string[] {
  assertIsoDate(today, 'today');
  const problems: string[] = [];
  // The answer the person receives; blanks pass a length check, so they are caught here.
  if (!filled(reply.content)) problems.push('答复须写明答复内容');
  switch (reply.kind) {
    case 'resolved':
      if (!filled(reply.measures)) problems.push('已解决的答复须写明采取的措施');
      break;
    case 'will_resolve':
      if (!filled(reply.measures)) problems.push('承诺解决的答复须写明拟采取的措施');
      if (!filled(reply.committedDate)) {
        problems.push('承诺解决的答复须填写承诺办结日期');
      } else if (!isIsoDate(reply.committedDate as string)) {
        problems.push('承诺办结日期格式不正确（应为 YYYY-MM-DD）');
      } else if ((reply.committedDate as string) <= today) {
        problems.push('承诺办结日期须晚于今天');
      }
      break;
    case 'cannot_resolve':
      // "cannot resolve with reasons and policy basis" (issue 5): a refusal says why and on what.
      if (!filled(reply.reasons)) problems.push('无法解决的答复须说明原因');
      if (!filled(reply.policyBasis)) problems.push('无法解决的答复须写明政策依据');
      break;
    case 'explained':
      // A policy answer: the explanation (content, checked above) and the policy it rests on.
      if (!filled(reply.policyBasis)) problems.push('解释说明的答复须写明政策依据');
      break;
    default: {
      const unknown: never = reply.kind;
      problems.push(`未知的答复类型：${String(unknown)}`);
    }
  }
  return problems;
}
