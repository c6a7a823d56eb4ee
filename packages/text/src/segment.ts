/**
 * Tokenisation: ICU word segmentation (Intl.Segmenter) and character n-grams.
 *
 * Intl.Segmenter costs about 0.5 ms for a 400-character message (≈ 2,300 messages/s), so the hot
 * paths — the classifier's predict, the similarity index, hotspot clustering — use character
 * n-grams and Han bigrams (`terms`, in index-terms.ts), which need no dictionary and are 20–30×
 * faster; ICU words are used where people read them (word boundaries of hotspot labels).
 */
import { normalize } from './normalize.ts';

/**
 * Stop-words for citizens' messages to the government: function words, pronouns, politeness and
 * petition boilerplate ("尊敬的领导", "希望", "反映", "请问"), vague quantities and time words, and
 * the anonymised-city tokens of the public data ("a市"). Matched after `normalize` on whole tokens.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  // function words, particles, pronouns
  (
    '的 地 得 了 着 过 吗 呢 吧 啊 呀 哦 嘛 啦 么 之 其 此 该 每 各 某 本 所 者 ' +
    '和 与 及 或 并 并且 而 而且 但 但是 可是 然而 因为 所以 因此 如果 虽然 即使 由于 于是 以及 还是 或者 ' +
    '在 是 有 为 被 把 将 对 于 从 向 到 给 让 由 以 按 按照 根据 关于 对于 通过 经过 就 才 都 也 又 还 再 更 很 太 最 ' +
    '不 没 没有 无 非 未 已 已经 曾 曾经 正在 一直 一些 一个 一下 一样 一点 一般 一定 一起 一次 ' +
    '我 我们 你 你们 您 他 他们 她 她们 它 它们 自己 大家 咱们 本人 人家 ' +
    '这 那 这个 那个 这些 那些 这里 那里 这样 那样 这么 那么 这种 那种 哪 哪里 哪些 ' +
    '什么 怎么 怎样 怎么样 如何 为什么 为何 是否 能否 可否 多少 几 ' +
    '能 会 要 可 可以 应 应该 应当 需要 必须 想 想要 希望 能够 得到 进行 作为 成为 造成 存在 导致 ' +
    '上 下 中 里 内 外 前 后 时 时候 现在 目前 今天 今年 去年 明年 日前 近日 近期 最近 以来 之后 以后 之前 以前 期间 ' +
    '年 月 日 号 天 个 些 多 少 等 等等 左右 其他 其它 另外 此外 同时 相关 有关 情况 方面 问题 事情 工作 ' +
    // petition boilerplate
    '尊敬 领导 您好 你好 谢谢 感谢 非常 请问 请 麻烦 恳请 望 盼 特此 反映 反应 投诉 咨询 建议 市民 网友 群众 ' +
    '政府 部门 有关部门 相关部门 解决 处理 答复 回复 留言 关注 重视 尽快 及时 希望 真的 确实 严重 ' +
    // anonymised place tokens of the public data set ("A市", "A1区")
    'a 市 区 县 省'
  )
    .split(/\s+/)
    .filter(Boolean),
);

let segmenter: Intl.Segmenter | undefined;
function wordSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  return segmenter;
}

/** ICU word boundaries of a text: out[i] = 1 when a word starts or ends at code unit i. */
export function wordBoundaries(text: string): Uint8Array {
  const out = new Uint8Array(text.length + 1);
  for (const s of wordSegmenter().segment(text)) {
    out[s.index] = 1;
    out[s.index + s.segment.length] = 1;
  }
  return out;
}

/** Numbers (dates, amounts, the anonymised phone numbers "0731-0000") carry no topic. */
const NUMERIC_RE = /^[\d.,:%-]+$/;

/** Words of already-normalised text, without stop-words and numbers. */
export function segmentNormalized(norm: string): string[] {
  const out: string[] = [];
  if (!norm) return out;
  for (const s of wordSegmenter().segment(norm)) {
    if (!s.isWordLike) continue;
    const w = s.segment;
    if (STOP_WORDS.has(w) || NUMERIC_RE.test(w)) continue;
    out.push(w);
  }
  return out;
}

/**
 * Word tokens: `normalize`, then ICU word segmentation (`Intl.Segmenter('zh')`, word-like segments
 * only), minus `STOP_WORDS` and pure numbers. Latin words come out lower-cased.
 */
export function segment(text: string): string[] {
  return segmentNormalized(normalize(text));
}

/** Letters, digits and marks: n-grams never cross punctuation, spaces or symbols (emoji). */
const RUN_RE = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * Character n-grams of length `min`…`max` (code points, so CJK Extension B counts as one character)
 * inside runs of letters/digits of the normalised text. N-grams do not cross punctuation or spaces.
 */
export function charNgrams(text: string, min = 1, max = 2): string[] {
  const lo = Math.max(1, Math.floor(min));
  const hi = Math.max(lo, Math.floor(max));
  const out: string[] = [];
  for (const m of normalize(text).matchAll(RUN_RE)) {
    const cps = Array.from(m[0]);
    for (let i = 0; i < cps.length; i++) {
      let g = '';
      for (let n = 1; n <= hi && i + n <= cps.length; n++) {
        g += cps[i + n - 1];
        if (n >= lo) out.push(g);
      }
    }
  }
  return out;
}
