/**
 * Password policy for staff accounts. Returns every problem at once, in Chinese, so the form can
 * show them together; an empty list means the password is acceptable.
 *
 * Length counts code points, not UTF-16 units, so a Chinese passphrase or an emoji counts as the
 * user sees it. Long passphrases (≥ {@link PASSPHRASE_MIN_LENGTH}) skip the character-class rule:
 * their strength is their length, and a sentence of Chinese characters has only one "class".
 */

import { COMMON_PASSWORDS } from './password-blocklist.ts';

/** Minimum length in code points. */
export const PASSWORD_MIN_LENGTH = 10;
/** Maximum length in code points; bounds the cost of hashing what a client sends. */
export const PASSWORD_MAX_LENGTH = 256;
/** From this length on a password is a passphrase and needs no mix of character classes. */
export const PASSPHRASE_MIN_LENGTH = 20;
/** Fewer distinct code points than this is a repetition (aaaaaaaaaa, Aa1Aa1Aa1A). */
const MIN_DISTINCT = 5;

const normalize = (s: string) => s.normalize('NFKC').toLowerCase();
const BLOCKED = new Set(COMMON_PASSWORDS.map(normalize));

/** The character classes present: upper, lower, digit, other (punctuation, CJK, emoji …). */
function classCount(cps: string[]): number {
  let upper = false;
  let lower = false;
  let digit = false;
  let other = false;
  for (const c of cps) {
    if (/\p{Lu}/u.test(c)) upper = true;
    else if (/\p{Ll}/u.test(c)) lower = true;
    else if (/\p{Nd}/u.test(c)) digit = true;
    else other = true;
  }
  return Number(upper) + Number(lower) + Number(digit) + Number(other);
}

/**
 * The context words worth checking: each word and its parts split at `@ . _ - +` and spaces (an
 * e-mail gives its local part and domain). Short ASCII parts are skipped, or `com` would ban half
 * the dictionary; a CJK name of two characters is already specific.
 */
function contextCandidates(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const w of words) {
    if (typeof w !== 'string') continue;
    const n = normalize(w).trim();
    for (const part of [n, ...n.split(/[\s@._+-]+/)]) {
      const len = Array.from(part).length;
      const ascii = Array.from(part).every((c) => c.charCodeAt(0) < 0x80);
      if (len >= (ascii ? 4 : 2)) out.add(part);
    }
  }
  return [...out];
}

/**
 * Problems with a password, in Chinese; empty when acceptable.
 * @param contextWords user name, real name, e-mail, phone, organisation … (case-insensitive).
 */
export function checkPasswordPolicy(password: string, contextWords: readonly string[] = []): string[] {
  const problems: string[] = [];
  const cps = Array.from(password);
  if (cps.length < PASSWORD_MIN_LENGTH) {
    problems.push(`密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符（当前 ${cps.length} 个）`);
  }
  if (cps.length > PASSWORD_MAX_LENGTH) problems.push(`密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`);
  if (cps.length < PASSPHRASE_MIN_LENGTH && classCount(cps) < 3) {
    problems.push(
      `密码需包含大写字母、小写字母、数字、其他字符（含汉字、符号）中的至少三类，或使用不少于 ${PASSPHRASE_MIN_LENGTH} 个字的短句`,
    );
  }
  if (new Set(cps).size < MIN_DISTINCT) problems.push('密码中重复字符过多');
  const normalized = normalize(password);
  if (BLOCKED.has(normalized)) problems.push('该密码过于常见，容易被猜中，请换一个');
  if (contextCandidates(contextWords).some((w) => normalized.includes(w))) {
    problems.push('密码不能包含用户名、姓名、手机号等个人信息');
  }
  return problems;
}
