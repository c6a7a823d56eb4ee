/**
 * Masking and validation of personal data for public boards and lists (DESIGN.md, "Public boards
 * and privacy": names and phone numbers are masked, 张** and 138****1234).
 *
 * Invariants of every mask function: pure, idempotent (masking a masked value changes nothing),
 * never lengthens the sensitive part, and works on code points so it never splits a surrogate
 * pair (a name in CJK Extension B, an emoji in a nickname).
 */

import { isIsoDate } from './dates.ts';

/**
 * Separators inside a name that stay visible: the interpunct of transliterated names
 * (阿卜杜热西提·买买提) in its common look-alikes, the hyphen, and spaces of Latin names.
 */
const NAME_SEPARATORS = new Set(['·', '•', '‧', '・', '･', '.', '-', ' ']);

/**
 * Masks a personal name: the first code point stays, every other code point becomes `*`.
 * Separators stay so a transliterated name keeps its shape: 张三丰 → 张**,
 * 阿卜杜热西提·买买提 → 阿*****·***. Empty passes through.
 */
export function maskName(name: string): string {
  const cps = Array.from(name.trim());
  if (cps.length === 0) return '';
  return cps.map((c, i) => (i === 0 || NAME_SEPARATORS.has(c) ? c : '*')).join('');
}

/**
 * Normalises a mainland mobile number to its 11 digits, or null. Accepts spaces and hyphens as
 * separators, a `+86` or `0086` country code and full-width forms (by NFKC). Rejects anything
 * else, on purpose: a zero-width character, a Chinese or Arabic-Indic numeral means the text was
 * not typed as a phone number, and a wrong number is worse than none.
 */
export function normalizeMobile(s: string): string | null {
  if (typeof s !== 'string') return null;
  const t = s.normalize('NFKC').trim();
  if (!/^\+?[0-9 -]+$/.test(t)) return null;
  let digits = t.replace(/[ -]/g, '');
  if (digits.startsWith('+')) {
    if (!digits.startsWith('+86')) return null;
    digits = digits.slice(3);
  } else if (digits.startsWith('0086')) {
    digits = digits.slice(4);
  }
  // Mainland mobile numbers are 11 digits starting 13–19.
  return /^1[3-9][0-9]{9}$/.test(digits) ? digits : null;
}

/** Keeps the first 3 and last 4 of a run of digits (and earlier `*`), masking the middle. */
function maskMiddle(kept: string): string {
  if (kept.length < 8) return '*'.repeat(kept.length);
  return kept.slice(0, 3) + '*'.repeat(kept.length - 7) + kept.slice(-4);
}

/**
 * Masks a phone number to its first 3 and last 4 digits, whatever its formatting: a mobile is
 * normalised first (so `+86 138 0013 8000` → `138****8000`); any other number keeps its first 3
 * and last 4 digits; fewer than 8 digits are masked entirely.
 */
export function maskPhone(phone: string): string {
  const mobile = normalizeMobile(phone);
  if (mobile !== null) return maskMiddle(mobile);
  // Keep digits and existing stars only, which makes the function idempotent.
  return maskMiddle(phone.normalize('NFKC').replace(/[^0-9*]/g, ''));
}

/** Masks an ID number to its first 3 and last 4 characters: 430***********123X. */
export function maskIdNumber(id: string): string {
  return maskMiddle(
    id
      .normalize('NFKC')
      .toUpperCase()
      .replace(/[^0-9X*]/g, ''),
  );
}

/** Where the house-number part of an address starts: a digit, or a Chinese numeral and a unit. */
const HOUSE_NUMBER = /[0-9]|[零〇一二三四五六七八九十百千两]+(?:号|栋|幢|座|楼|层|单元|室|户|组)/u;
/** Village- and community-level names (村, 社区, 居委会, 嘎查). */
const COMMUNITY = /(?:社区|居委会|村委会|村|嘎查)/gu;
/** Road names: 路, 大道, 街 (not 街道, a sub-district), 巷, 胡同, 弄. */
const ROAD = /(?:大道|路|街(?!道)|巷|胡同|弄)/gu;

function endOfLastMatch(re: RegExp, s: string): number {
  let end = -1;
  for (const m of s.matchAll(re)) end = (m.index ?? 0) + m[0].length;
  return end;
}

/**
 * Masks an address down to the village/community, or else to the road name, dropping house,
 * building and room numbers:
 * `广东省深圳市南山区粤海街道科技园社区XX路1号3栋502` → `广东省深圳市南山区粤海街道科技园社区`.
 * Enough to show where an issue is, not enough to find the door. Rules, in order:
 * 1. cut at the house number (a digit, or a Chinese numeral followed by 号/栋/楼/室/组 …);
 * 2. if what is left names a village or community, keep up to the last such name;
 * 3. else, if a house number was cut, keep up to the last road name (drops the building name
 *    between road and number, which points to the door as well as a number does);
 * 4. else keep it: an address with no number and no community is already coarse (街道, 小区).
 */
export function maskAddress(address: string): string {
  const s = address.normalize('NFKC').trim();
  const houseAt = s.search(HOUSE_NUMBER);
  const head = houseAt === -1 ? s : s.slice(0, houseAt);
  const community = endOfLastMatch(COMMUNITY, head);
  if (community !== -1) return head.slice(0, community);
  if (houseAt !== -1) {
    const road = endOfLastMatch(ROAD, head);
    if (road !== -1) return head.slice(0, road);
  }
  return head.trim();
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * True for a valid 18-character resident ID number (GB 11643-1999): 17 digits and an ISO 7064
 * MOD 11-2 check character (0–9 or X, lower-case x accepted), a real birth date from 1900 on and
 * not after `today` (`YYYY-MM-DD`, passed in because the domain never reads the clock).
 */
export function isValidIdNumber(s: string, today: string): boolean {
  if (typeof s !== 'string' || !isIsoDate(today)) return false;
  const id = s.trim().toUpperCase();
  if (!/^[1-9][0-9]{16}[0-9X]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i];
  if (ID_CHECK[sum % 11] !== id[17]) return false;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return isIsoDate(birth) && birth >= '1900-01-01' && birth <= today;
}
