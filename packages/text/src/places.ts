/**
 * Place names in citizens' messages, by pattern: a short name followed by a place suffix
 * (X村, X小区, X路, X镇, X街道, X花园, X学校 …). Heuristic and dictionary-free, so it finds the
 * estate and village names no dictionary knows; it will sometimes keep a leading verb or miss a name
 * without a suffix (五矿万境). Good enough to show "where" on a hotspot card, not a gazetteer.
 */
import { stripHtml, toSimplified } from './normalize.ts';

/** Longest suffixes first, so 街道 wins over 街 and 幼儿园 over 园. */
const SUFFIXES = [
  '村委会',
  '幼儿园',
  '工业园',
  '产业园',
  '小区',
  '社区',
  '街道',
  '大道',
  '公寓',
  '花园',
  '家园',
  '新城',
  '广场',
  '大厦',
  '市场',
  '医院',
  '学校',
  '中学',
  '小学',
  '公园',
  '村',
  '镇',
  '乡',
  '路',
  '街',
  '巷',
  '苑',
  '园',
];

/** Characters that never belong to a name: they end the backward walk from a suffix. */
const BREAKERS = new Set(
  Array.from(
    '的了在于是和与及或对向从到把被给让请我你他她它们这那该此其有个为也都就还又很不没无吗呢吧啊' +
      '市区县省州' +
      '，。、；：？！“”‘’（）《》【】…—·,.;:?!"\'()[]<> \n\t',
  ),
);

/** Words that often precede a name without being part of it (stripped, longest first). */
const LEADING_NOISE = (
  '反映 投诉 举报 关于 位于 地处 希望 要求 建议 咨询 请问 附近 周边 门口 整个 所在 原来 新建 修建 住在 ' +
  '改变 导致 严重影响 影响 靠近 经过 进入 左拐进入 右拐进入 占用 却占用 本人系 调整 配套 相关 大部分 全权由 ' +
  '前往 通往 途经 沿着 位置 旁边 对面 隔壁 包括 比如 例如 特别是 尤其是 ' +
  '原 住 到 系 近 却 经 靠 往 沿 去 由 来 回 即 如 像'
)
  .split(' ')
  .sort((a, b) => b.length - a.length);

/** Names that are ordinary words: "周边小区" or "一期小区" are not places. */
const GENERIC = new Set(
  (
    '周边 附近 周围 导致 安置 配套 一期 二期 三期 四期 相关 整个 所有 其他 其它 很多 许多 部分 大部分 公交线 快速 十字 必经之 ' +
    '人行马 某某 本 该 此 每个 各个 多个 两个 城乡 农村 城市 老旧 新建 高档 普通 附属 各 全 所在 本地 当地 外地 我们 你们 ' +
    '最近 未经 违建 违规 紧邻 毗邻 整栋 整体 全体 其中 同一 这些 那些'
  ).split(' '),
);

/** After a village, town, road or sub-district suffix a new name starts (春华镇金鼎村 → 春华镇, 金鼎村). */
const CHAIN_STOPS = new Set(Array.from('镇村乡路街道巷'));

/** Suffix words that are not places when followed by these (村民, 路口 is still a road). */
const NOT_PLACE_AFTER: Record<string, string> = {
  村: '民委里干级组务',
  园: '区林艺丁',
  街: '道头',
  乡: '村镇下亲',
};

const MAX_NAME = 6;

function isNameChar(c: string): boolean {
  if (BREAKERS.has(c)) return false;
  return /[\p{Script=Han}A-Za-z0-9]/u.test(c);
}

/**
 * Place names found in a text, in order of first appearance, without duplicates; Latin letters keep
 * their case.
 */
export function extractPlaces(text: string): string[] {
  if (typeof text !== 'string' || !text) return [];
  const s = Array.from(toSimplified(stripHtml(text).normalize('NFKC')));
  const out: string[] = [];
  const seen = new Set<string>();
  let lastStart = -1;
  for (let i = 0; i < s.length; i++) {
    let suffix = '';
    for (const suf of SUFFIXES) {
      if (s[i] !== suf[0]) continue;
      if (s.slice(i, i + suf.length).join('') === suf) {
        suffix = suf;
        break;
      }
    }
    if (!suffix) continue;
    const next = s[i + suffix.length] ?? '';
    if (NOT_PLACE_AFTER[suffix]?.includes(next)) continue;
    let j = i;
    while (j > 0 && i - j < MAX_NAME && isNameChar(s[j - 1]) && !CHAIN_STOPS.has(s[j - 1])) j--;
    let name = s.slice(j, i).join('');
    // Everything up to a noise word inside the name goes too (村民反映村委会 → 村委会, dropped below).
    for (const noise of LEADING_NOISE) {
      if (noise.length < 2) continue;
      const at = name.lastIndexOf(noise);
      if (at >= 0) name = name.slice(at + noise.length);
    }
    for (let stripped = true; stripped; ) {
      stripped = false;
      for (const noise of LEADING_NOISE) {
        if (name.startsWith(noise) && name.length > noise.length) {
          name = name.slice(noise.length);
          stripped = true;
          break;
        }
      }
    }
    if (GENERIC.has(name) || LEADING_NOISE.includes(name)) {
      i += suffix.length - 1;
      continue;
    }
    const hanCount = Array.from(name).filter((c) => /\p{Script=Han}/u.test(c)).length;
    // At least two characters of name, or a letter/digit code (A5 区 style anonymised names).
    if (name.length >= 2 && (hanCount >= 2 || /[A-Za-z0-9]/.test(name))) {
      const place = name + suffix;
      const start = i - name.length;
      if (start === lastStart && out.length > 0 && place.startsWith(out[out.length - 1])) {
        // 丽发新城 then 丽发新城小区 from the same start: keep the longer.
        const shorter = out.pop() as string;
        if (!out.includes(shorter)) seen.delete(shorter);
      }
      if (!seen.has(place)) {
        seen.add(place);
        out.push(place);
      }
      lastStart = start;
    }
    i += suffix.length - 1;
  }
  return out;
}
