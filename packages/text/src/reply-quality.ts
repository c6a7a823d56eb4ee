/**
 * Reply-quality checks for the answers departments give to citizens' cases.
 *
 * Each check is a cheap, explainable rule; thresholds were set on replies-attachment4.jsonl (2,816
 * real message/reply pairs) — see README.md for the measured rates:
 * - LOW_RELEVANCE: cosine of the sublinear-TF vectors of index terms (Han bigrams, words) of the case
 *   and of the reply's substance (greetings, thanks and the sign-off removed) below 0.03, judged
 *   only when the substance has at least 60 characters.
 * - NO_MEASURES: a reply that resolved or will resolve the case names no concrete action
 *   (已安排/责令/整改/维修/查处/立案/约谈 …); words of intent (高度重视, 认真研究, 妥善处理) are not one.
 * - NO_DATE: a promise (kind 'will_resolve', or future wording like 将/计划/预计 without a kind)
 *   with no committed date and no date or time limit in the text (the closing date is ignored).
 * - NO_POLICY_BASIS: a refusal or an explanation that cites no law, regulation, document or rule.
 * - BOILERPLATE: the substance is under 30 characters, or it is a near copy (shingle Jaccard ≥ 0.8)
 *   of one of `otherReplies` — the same text pasted for different cases.
 * - SLOW: more than `slowDays` (default 15) calendar days between registration and reply.
 */
import { indexTerms } from './index-terms.ts';
import { minhash, minhashSimilarity } from './minhash.ts';
import { normalize } from './normalize.ts';
import { toTime } from './util.ts';

export type ReplyKind = 'resolved' | 'will_resolve' | 'cannot_resolve' | 'explained';
export type ReplyFlagCode =
  | 'LOW_RELEVANCE'
  | 'NO_MEASURES'
  | 'NO_DATE'
  | 'NO_POLICY_BASIS'
  | 'BOILERPLATE'
  | 'SLOW';

export interface ReplyInput {
  kind?: ReplyKind;
  text: string;
  /** A date the department committed to (ISO date), if the form captured one. */
  committedDate?: string;
}

export interface ReplyOptions {
  /** Other replies of the same department or period, to detect pasted answers. */
  otherReplies?: string[];
  registeredAt?: Date;
  repliedAt?: Date;
  /** Calendar days after which a reply is slow (default 15). */
  slowDays?: number;
  /** Relevance below which LOW_RELEVANCE is flagged (default 0.03). */
  minRelevance?: number;
}

export interface ReplyFlag {
  code: ReplyFlagCode;
  /** Chinese explanation for staff. */
  message: string;
}

export interface ReplyAssessment {
  flags: ReplyFlag[];
  /** Cosine similarity of case and reply substance, 0…1. */
  relevance: number;
  /** Calendar days from registration to reply, one decimal, when both times are known. */
  daysTaken?: number;
}

/**
 * Defaults, set on replies-attachment4.jsonl (README.md has the measured rates): relevance is only
 * judged on a substance of at least `judgeRelevanceFrom` characters, because a short correct answer
 * ("已由派出所立案侦查") often shares no word with the message.
 */
export const REPLY_THRESHOLDS = {
  minRelevance: 0.03,
  judgeRelevanceFrom: 60,
  slowDays: 15,
  minSubstance: 30,
  copyJaccard: 0.8,
};

/** "…现将有关情况回复如下：" — everything up to it is greeting and acknowledgement. */
const LEAD_IN = /(?:回复|答复|说明|反馈)如下[:：]|(?:回复|答复)(?:您|你)?[:：]/;
/** Short opening sentences that only greet or acknowledge. */
const OPENING = /^\s*(?:网友|市民|尊敬的|您好|你好|来信人|留言人)|已收悉/;
/** Short closing sentences that only thank, wish well or point to a phone line. */
const CLOSING =
  /^\s*(?:感谢|谢谢|特此|祝您|顺祝|欢迎|再次感谢)|^\s*(?:如|若)(?:有|还有|需|您).{0,24}(?:致电|拨打|联系|咨询)/;
/** Sentences longer than this are content even when they open or close like a template. */
const TEMPLATE_MAX = 40;
/** A date at the very end: the reply's own date, not a commitment. */
const SIGNATURE_DATE = /(?:\d{4}年)?\d{1,2}月\d{1,2}日\s*$/;

const MEASURE_RE =
  /(?:已|已经|立即|马上|及时|现已|目前已|正在|将|会同|组织|安排|督促|责令|要求).{0,12}?(?:安排|责令|督促|要求|整改|整治|处理|维修|修复|修缮|清理|清运|拆除|查处|立案|约谈|处罚|罚款|关停|停业|取缔|核查|调查|检查|巡查|执法|协调|对接|召开|下发|落实|完成|改造|施工|更换|安装|疏通|退还|退款|补发|发放|解决)|责令|立案|约谈|罚款|整改到位|已(?:完成|修复|清理|拆除|处理|解决|办结|恢复|更换|安装|疏通|退还|补发|发放)/;
/**
 * Words of intent that name no action: "高度重视，认真研究，妥善处理" promises nothing a person could
 * check. They are taken out before looking for a measure, so that 将…妥善处理 does not count as one.
 */
const VAGUE_RE =
  /高度重视|引起重视|认真(?:研究|对待|考虑|梳理|分析)|妥善(?:处理|处置|解决|安排)|积极(?:研究|协调|推进|稳妥)|研究(?:解决|处理|落实)|(?:跟踪|持续)(?:关注|落实)|依法依规(?:处理|处置)|尽快(?:处理|解决|落实)|统筹(?:考虑|研究|解决)/g;
const FUTURE_RE =
  /将(?:于|在|会|尽快|加快|进一步|督促|组织|安排)|计划|预计|拟|争取|力争|待.{0,10}后|列入.{0,10}计划/;
const DATE_RE =
  /\d{4}年(?:\d{1,2}月)?|\d{1,2}月(?:\d{1,2}日|底|初|中旬|上旬|下旬|前|份)|年(?:底|内|前)|(?:本|下|今|明)(?:月|周|季度|年)|(?:第[一二三四1-4]|[一二三四1-4])季度|\d+\s*个?(?:工作日|日|天|周|星期|个月|月)(?:内|之内|以内)|近日|近期|春节前|国庆前|汛期前/;
const POLICY_RE =
  /《[^》]{2,40}》|第[一二三四五六七八九十百零〇\d]+条|根据|依据|按照.{0,30}(?:规定|要求|政策|标准|文件|办法|条例)|规定|条例|办法|政策|文件|〔\d{4}〕|\[\d{4}\]|\d{4}〕|号文/;
const REFUSAL_RE = /无法|不能|不予|不符合|暂不|不属于|不在.{0,10}范围|难以|不具备|未达到/;

/**
 * The reply without its greeting and acknowledgement (everything up to "回复如下：", or short
 * opening sentences that only greet), its closing thanks and its date: what the department
 * actually says about the case.
 */
export function replySubstance(text: string): string {
  let s = normalize(text).replace(SIGNATURE_DATE, '').trim();
  const lead = LEAD_IN.exec(s);
  if (lead && lead.index < s.length * 0.6) s = s.slice(lead.index + lead[0].length);
  const sentences = s.split(/(?<=[。！？!?；;\n])/).filter((x) => x.trim());
  while (sentences.length > 0 && sentences[0].length <= TEMPLATE_MAX && OPENING.test(sentences[0]))
    sentences.shift();
  while (
    sentences.length > 0 &&
    sentences[sentences.length - 1].length <= TEMPLATE_MAX &&
    CLOSING.test(sentences[sentences.length - 1])
  ) {
    sentences.pop();
  }
  return sentences.join('').trim();
}

function termVector(norm: string): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of indexTerms(norm, 4000)) tf.set(t, (tf.get(t) ?? 0) + 1);
  for (const [t, n] of tf) tf.set(t, 1 + Math.log(n));
  return tf;
}

/** Cosine similarity of the term vectors of two normalised texts. */
export function textRelevance(a: string, b: string): number {
  const x = termVector(a);
  const y = termVector(b);
  let dot = 0;
  let xx = 0;
  let yy = 0;
  for (const [t, w] of x) {
    xx += w * w;
    const v = y.get(t);
    if (v !== undefined) dot += w * v;
  }
  for (const w of y.values()) yy += w * w;
  return xx > 0 && yy > 0 ? dot / Math.sqrt(xx * yy) : 0;
}

/**
 * Check a reply against its case. Returns the flags (empty when nothing is wrong), the relevance
 * score and the days taken. Never throws on odd input: an empty reply is flagged as boilerplate and
 * irrelevant.
 */
export function assessReply(caseText: string, reply: ReplyInput, opts: ReplyOptions = {}): ReplyAssessment {
  const flags: ReplyFlag[] = [];
  const text = typeof reply?.text === 'string' ? reply.text : '';
  const kind = reply?.kind;
  const substance = replySubstance(text);
  const caseNorm = normalize(typeof caseText === 'string' ? caseText : '');
  const relevance = Math.round(textRelevance(caseNorm, substance) * 1000) / 1000;
  const minRelevance = opts.minRelevance ?? REPLY_THRESHOLDS.minRelevance;

  if (
    caseNorm &&
    Array.from(substance).length >= REPLY_THRESHOLDS.judgeRelevanceFrom &&
    relevance < minRelevance
  ) {
    flags.push({
      code: 'LOW_RELEVANCE',
      message: `答复与留言内容关联度低（${relevance.toFixed(2)}），可能答非所问，请核对是否针对留言反映的问题作答`,
    });
  }

  const promises = kind === 'will_resolve' || (kind === undefined && FUTURE_RE.test(substance));
  // Without a kind, a reply that explains a policy or refuses is not expected to list measures.
  // An empty substance is flagged as boilerplate below; the content checks need content.
  const expectsMeasures =
    substance !== '' &&
    (kind === 'resolved' ||
      kind === 'will_resolve' ||
      (kind === undefined && !POLICY_RE.test(substance) && !REFUSAL_RE.test(substance)));
  if (expectsMeasures && !MEASURE_RE.test(substance.replace(VAGUE_RE, '，'))) {
    flags.push({
      code: 'NO_MEASURES',
      message: '答复未说明采取了哪些具体措施（如已安排、责令整改、维修、查处等）',
    });
  }
  if (substance && promises && !reply?.committedDate && !DATE_RE.test(substance)) {
    flags.push({ code: 'NO_DATE', message: '答复承诺将办理，但没有给出完成时间或期限' });
  }
  const refuses =
    kind === 'cannot_resolve' || kind === 'explained' || (kind === undefined && REFUSAL_RE.test(substance));
  if (substance && refuses && !POLICY_RE.test(substance)) {
    flags.push({
      code: 'NO_POLICY_BASIS',
      message:
        kind === 'explained'
          ? '解释性答复未引用政策、法规或文件依据'
          : '答复表示无法办理，但未说明政策、法规或文件依据',
    });
  }

  const minSubstance = REPLY_THRESHOLDS.minSubstance;
  let copied = false;
  const others = Array.isArray(opts.otherReplies) ? opts.otherReplies : [];
  if (others.length > 0 && substance.length >= minSubstance) {
    const sig = minhash(substance);
    copied = others.some((o) => {
      if (typeof o !== 'string' || o === text) return false;
      return minhashSimilarity(sig, minhash(replySubstance(o))) >= REPLY_THRESHOLDS.copyJaccard;
    });
  }
  if (Array.from(substance).length < minSubstance) {
    flags.push({ code: 'BOILERPLATE', message: '答复除客套话外几乎没有实质内容' });
  } else if (copied) {
    flags.push({ code: 'BOILERPLATE', message: '答复与其他留言的答复几乎相同，疑似套用模板' });
  }

  let daysTaken: number | undefined;
  const from = toTime(opts.registeredAt);
  const to = toTime(opts.repliedAt);
  if (Number.isFinite(from) && Number.isFinite(to) && to >= from) {
    daysTaken = Math.round(((to - from) / 86_400_000) * 10) / 10;
    const slowDays = opts.slowDays ?? REPLY_THRESHOLDS.slowDays;
    if (daysTaken > slowDays) {
      flags.push({ code: 'SLOW', message: `答复用时 ${daysTaken} 天，超过 ${slowDays} 天的时限` });
    }
  }
  return daysTaken === undefined ? { flags, relevance } : { flags, relevance, daysTaken };
}
