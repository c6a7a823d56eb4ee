/**
 * Rules of the public opinion pages (raise an opinion, track it): text sanitising, the limits of
 * the form, rate-limit windows, proof-of-work difficulty and what of a case's timeline the person
 * sees. Pure: hashing, clocks and storage belong to the server.
 */

import { SATISFACTION_LABELS, type Satisfaction } from './cases.ts';

/** Longest opinion text accepted from the public form, in characters (code points). */
export const OPINION_MAX_CHARS = 2000;
/** Longest rating comment. */
export const COMMENT_MAX_CHARS = 500;
/** Photos per opinion, and the largest one the server takes (the browser shrinks them first). */
export const OPINION_MAX_PHOTOS = 3;
export const OPINION_MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** One-time codes: 6 digits, valid 10 minutes, locked after 5 wrong tries. */
export const VERIFY_CODE_TTL_MS = 10 * 60_000;
export const VERIFY_MAX_ATTEMPTS = 5;

// Invisible characters that can hide text from a reader or a reviewer: zero-width spaces and
// joiners, word joiner and invisible operators, BOM, soft hyphen, bidi embeddings/overrides/isolates
// (the "Trojan Source" family), Mongolian vowel separator, Hangul fillers.
const INVISIBLE =
  /[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0]|\u034f|[\ufe00-\ufe0f]/gu;
// An emoji written as a sequence keeps its joiners and its presentation selector: in 👨‍👩‍👧 the
// zero-width joiners and in ❤️ the U+FE0F are the emoji, not something hidden from the reader.
const EMOJI_SEQUENCE =
  /[0-9#*]\ufe0f\u20e3|\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\ufe0f)*(?:\u200d\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\ufe0f)*)*/u;
const INVISIBLE_OUTSIDE_EMOJI = new RegExp(`(${EMOJI_SEQUENCE.source})|${INVISIBLE.source}`, 'gu');
const removeInvisible = (s: string) => s.replace(INVISIBLE_OUTSIDE_EMOJI, (_, emoji?: string) => emoji ?? '');
// C0/C1 controls except tab and newline.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we strip
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu;

/**
 * Cyrillic and Greek letters that look like Latin ones (a subset of Unicode's confusables for the
 * letters that occur in words). NFKC leaves them alone, so a "раypal" spelled with Cyrillic р and
 * а would pass as Latin to a reader and a keyword search alike.
 */
const CONFUSABLE_LATIN: Readonly<Record<string, string>> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  ο: 'o',
  ν: 'v',
  α: 'a',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};

/**
 * Folds look-alike letters in words that mix Latin with Cyrillic or Greek. A word wholly in
 * Cyrillic or Greek (a real Russian or Greek word) is kept as written.
 */
function foldConfusables(s: string): string {
  return s.replace(/[\p{L}\p{M}]+/gu, (word) => {
    const latin = /\p{Script=Latin}/u.test(word);
    const other = /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(word);
    if (!latin || !other) return word;
    return Array.from(word, (c) => CONFUSABLE_LATIN[c] ?? c).join('');
  });
}

const FULLWIDTH_PUNCT_RUNS = /[^\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff5e]+/gu;

/**
 * Normalises text typed by the public: NFKC (full-width letters and digits, compatibility forms;
 * full-width punctuation stays),
 * invisible and control characters removed, look-alike letters folded, line breaks unified, runs
 * of blank lines shortened, ends trimmed. The result is plain text; pages escape it on output.
 */
export function sanitizeText(raw: string): string {
  return foldConfusables(
    removeInvisible(
      raw
        .replace(/\r\n?/g, '\n')
        // NFKC everywhere but on full-width punctuation, which is how Chinese is written (，：（）).
        .replace(FULLWIDTH_PUNCT_RUNS, (run) => run.normalize('NFKC'))
        .replace(CONTROL, ''),
    ),
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** What sanitizeText would take out of a text or change in it that its writer could not see. */
export interface HiddenCharacters {
  /** Zero-width, bidi, other invisible or control characters (removed by sanitizeText). */
  invisible: boolean;
  /** Cyrillic or Greek look-alikes of Latin letters inside Latin words (folded by sanitizeText). */
  confusable: boolean;
}

/**
 * Finds the characters sanitizeText would remove or fold without the writer having seen them.
 * What it changes that looks the same to a reader (full-width letters, line endings, spaces at
 * the ends) is not counted: the person saw that text, so it is stored cleaned without asking.
 */
export function hiddenCharacters(raw: string): HiddenCharacters {
  // The same steps in the same order as sanitizeText, up to the removal.
  const unified = raw.replace(/\r\n?/g, '\n').replace(FULLWIDTH_PUNCT_RUNS, (run) => run.normalize('NFKC'));
  // search() ignores the g flag's lastIndex, so the shared expressions stay stateless.
  const visible = removeInvisible(unified.replace(CONTROL, ''));
  const invisible = visible !== unified;
  return { invisible, confusable: foldConfusables(visible) !== visible };
}

/**
 * The message when texts of the form (named by `labels`, e.g. 内容、地址) held hidden characters:
 * they are not stored as sent; the form comes back with the cleaned text for the person to check.
 */
export function hiddenCharactersMessage(labels: string[], found: HiddenCharacters): string {
  const what =
    found.invisible && found.confusable
      ? '不可见字符或形近的特殊字符，已替换为常用字符'
      : found.invisible
        ? '不可见字符（如零宽空格），已删除'
        : '与常用字母形近的特殊字符（如混在英文里的俄文字母），已替换为常用字母';
  return `${labels.join('、')}含有${what}，请核对后再提交`;
}

/** Length as a person counts it: characters, not UTF-16 units (an emoji is one). */
export const charCount = (s: string) => Array.from(s).length;

// Markup that would be code if a page ever forgot to escape it: a tag, an event handler, a
// javascript: URL. A lone < or > ("温度<0℃") is ordinary text.
const MARKUP =
  /<\s*\/?\s*[a-z!][^>]*>|<\s*(?:script|iframe|img|svg|object|embed|style|link|meta)\b|\bjavascript\s*:|\bon[a-z]+\s*=/i;

/** Why an opinion text (already sanitised) is refused, in Chinese, or null. */
export function opinionTextProblem(text: string): string | null {
  if (text.length === 0) return '请填写您要反映的问题';
  const n = charCount(text);
  if (n > OPINION_MAX_CHARS) return `内容过长：最多 ${OPINION_MAX_CHARS} 字，现有 ${n} 字，请精简后再提交`;
  if (MARKUP.test(text)) return '内容中不能含有网页代码（如 <script> 标签），请直接用文字描述问题';
  return null;
}

/** A short title for the case: the first line, up to 30 characters. */
export function opinionTitle(text: string): string {
  const first = (text.split('\n').find((l) => l.trim()) ?? text).trim();
  const cps = Array.from(first);
  return cps.length > 30 ? `${cps.slice(0, 30).join('')}…` : first;
}

/** A fixed-window limit: at most `max` hits per `windowSeconds`. */
export interface RateRule {
  windowSeconds: number;
  max: number;
}

/**
 * Limits of the public surface. Submissions by IP have a soft limit (past it, a proof-of-work
 * challenge) and a hard one; codes are limited per phone and per IP; tracking per IP and per
 * tracking number (failed lookups only, against guessing a phone tail).
 */
export const PUBLIC_LIMITS = {
  submitIpSoft: { windowSeconds: 3600, max: 3 },
  submitIp: { windowSeconds: 3600, max: 20 },
  submitPhone: { windowSeconds: 86_400, max: 5 },
  codePhoneMinute: { windowSeconds: 60, max: 1 },
  codePhone: { windowSeconds: 3600, max: 5 },
  codeIp: { windowSeconds: 3600, max: 20 },
  trackIp: { windowSeconds: 600, max: 30 },
  trackFailNumber: { windowSeconds: 3600, max: 5 },
  // 预约: a family may book a few shifts; a script booking a station full may not.
  bookIp: { windowSeconds: 3600, max: 10 },
  bookPhone: { windowSeconds: 86_400, max: 3 },
  // The form asks for a category and similar items while a person types (debounced): a long
  // opinion written slowly stays well inside; a script reading the boards through it does not.
  insightIp: { windowSeconds: 600, max: 120 },
} as const satisfies Record<string, RateRule>;

/** Start of the window that `at` falls in (windows aligned to the epoch). */
export function windowStart(at: Date, windowSeconds: number): Date {
  const ms = windowSeconds * 1000;
  return new Date(Math.floor(at.getTime() / ms) * ms);
}

/**
 * Proof-of-work difficulty (leading zero bits of SHA-256) for a caller with `recent` accepted
 * submissions in the soft window: none below the soft limit, then 16 bits (about 65,000 hashes,
 * a second or two on a cheap phone), one more bit for each further submission, at most 22.
 */
export function powDifficulty(recent: number, soft: number = PUBLIC_LIMITS.submitIpSoft.max): number {
  if (recent < soft) return 0;
  return Math.min(22, 16 + (recent - soft));
}

/** Leading zero bits of a hash. */
export function leadingZeroBits(hash: Uint8Array): number {
  let bits = 0;
  for (const b of hash) {
    if (b === 0) {
      bits += 8;
      continue;
    }
    bits += Math.clz32(b) - 24;
    break;
  }
  return bits;
}

/** A phone tail as typed: four digits (full-width accepted). */
export function phoneTail(s: string): string | null {
  const t = s.normalize('NFKC').replace(/\s/g, '');
  return /^\d{4}$/.test(t) ? t : null;
}

/** Crockford base32: no I, L, O, U, so a code read aloud or copied by hand survives. */
const B32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** An 8-character tracking code (shown as XXXX-XXXX) from the first 5 bytes of a keyed hash. */
export function trackingCodeFrom(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let n = 0;
  for (const b of bytes.slice(0, 5)) {
    acc = (acc << 8) | b;
    n += 8;
    while (n >= 5) {
      out += B32[(acc >> (n - 5)) & 31];
      n -= 5;
    }
    acc &= (1 << n) - 1;
  }
  return out;
}

/** A tracking code as typed (lower case, dashes, spaces, O for 0, I/L for 1), or null. */
export function normalizeTrackingCode(s: string): string | null {
  const t = s.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{8}$/.test(t) ? t : null;
}

export const formatTrackingCode = (c: string) => `${c.slice(0, 4)}-${c.slice(4)}`;

/** A case event as the tracking page gets it. */
export interface TimelineEvent {
  at: Date;
  action: string;
  payload: Record<string, unknown>;
}

export interface PublicTimelineItem {
  at: Date;
  /** Plain Chinese, no staff names. */
  text: string;
  /** Text written for the person: a reply or a feedback message. */
  detail?: string;
}

const REPLY_LABELS: Record<string, string> = {
  resolved: '已解决',
  will_resolve: '承诺解决',
  cannot_resolve: '暂不能解决',
  explained: '政策解释',
};

/**
 * The public view of a case's events: the steps the person can follow, in plain Chinese. Internal
 * events (notes, links, supervision, overdue marks, attachments) and who did what are left out;
 * a department's reply and the feedback message are shown because they are written for the person.
 */
export function publicTimeline(
  events: TimelineEvent[],
  departmentName: (id: string) => string | undefined = () => undefined,
): PublicTimelineItem[] {
  const out: PublicTimelineItem[] = [];
  for (const e of events) {
    const p = e.payload ?? {};
    switch (e.action) {
      case 'register':
        out.push({ at: e.at, text: '意见已登记' });
        break;
      case 'triage':
        out.push({ at: e.at, text: '已梳理分类' });
        break;
      case 'refer': {
        const lead = typeof p.leadDepartmentId === 'string' ? departmentName(p.leadDepartmentId) : undefined;
        out.push({ at: e.at, text: lead ? `已交办承办单位：${lead}` : '已交办承办单位' });
        break;
      }
      case 'accept':
        out.push({ at: e.at, text: '承办单位已签收，正在办理' });
        break;
      case 'return':
        out.push({ at: e.at, text: '正在重新确定承办单位' });
        break;
      case 'reply':
      case 'answer_on_site':
      case 'handle_locally': {
        const r = (p.reply ?? {}) as Record<string, string | undefined>;
        const parts = [r.content];
        if (r.measures) parts.push(`措施：${r.measures}`);
        if (r.committedDate) parts.push(`承诺办结日期：${r.committedDate}`);
        if (r.reasons) parts.push(`原因：${r.reasons}`);
        if (r.policyBasis) parts.push(`政策依据：${r.policyBasis}`);
        const kind = r.kind ? REPLY_LABELS[r.kind] : undefined;
        out.push({
          at: e.at,
          text: kind ? `已答复（${kind}）` : '已答复',
          detail: parts.filter(Boolean).join('\n'),
        });
        break;
      }
      case 'feed_back': {
        const f = (p.feedback ?? {}) as { content?: string };
        out.push({ at: e.at, text: '已向您反馈办理结果', detail: f.content });
        break;
      }
      case 'rate': {
        const s = p.satisfaction as Satisfaction | undefined;
        const label = s ? SATISFACTION_LABELS[s] : undefined;
        out.push({
          at: e.at,
          text: p.timedOut ? `逾期未评价，按“${label}”计` : `您的评价：${label ?? ''}`,
        });
        break;
      }
      case 'reopen':
        out.push({ at: e.at, text: '已重新交办，继续办理' });
        break;
      case 'revisit':
        out.push({ at: e.at, text: '已回访核实承诺事项' });
        break;
      case 'close':
        out.push({ at: e.at, text: '已办结' });
        break;
      case 'withdraw':
        out.push({ at: e.at, text: '已撤回' });
        break;
    }
  }
  return out;
}
