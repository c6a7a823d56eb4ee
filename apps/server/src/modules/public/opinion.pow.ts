import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { leadingZeroBits, PUBLIC_LIMITS, powDifficulty } from '@lianluo/domain';
import type { Deps } from '../../core/context.ts';
import { rateBucket, rateCount } from '../../core/rate-limit.ts';
import type { Db } from '../../db/client.ts';
import { PublicError } from './opinion.errors.ts';
import * as q from './opinion.queries.ts';

/**
 * Proof of work, past the soft limit of submissions from one address (PUBLIC_LIMITS.submitIpSoft):
 * the page must find a nonce for a challenge the server signed, once per challenge.
 */
type PowDeps = Pick<Deps, 'crypto'>;

/**
 * A challenge the server signs (keyed SM3 of the field key), so it needs no storage until spent:
 * `expiry.bits.random.signature`. The page finds a nonce such that SHA-256(challenge ":" nonce)
 * starts with `bits` zero bits.
 */
function issueChallenge(deps: PowDeps, bits: number, at: Date): string {
  const body = `${at.getTime() + 10 * 60_000}.${bits}.${randomBytes(12).toString('base64url')}`;
  return `${body}.${deps.crypto.blindIndex(`pow:${body}`)}`;
}

/** The counter of accepted submissions from one address that sets the difficulty. */
export const softBucket = (deps: PowDeps, ip: string) => rateBucket(deps.crypto, 'submit-ip-soft', ip);

/** Accepted submissions from an address in the soft window (what the difficulty is read from). */
async function recentSubmissions(deps: Pick<Deps, 'crypto' | 'db'>, ip: string, at: Date) {
  return rateCount(deps.db, softBucket(deps, ip), PUBLIC_LIMITS.submitIpSoft, at);
}

/** The challenge the form carries for an address, when it must solve one. */
export async function challengeFor(deps: Pick<Deps, 'crypto' | 'db'>, ip: string, at: Date) {
  const bits = powDifficulty(await recentSubmissions(deps, ip, at));
  return bits > 0 ? { challenge: issueChallenge(deps, bits, at), bits } : undefined;
}

/** Checks a solution; returns the hash to spend, or throws with a fresh challenge. */
export function checkPow(
  deps: PowDeps,
  challenge: string,
  nonce: string,
  required: number,
  at: Date,
): string {
  const retry = (msg: string) =>
    new PublicError(msg, 429, 'pow', { challenge: issueChallenge(deps, required, at), bits: required });
  if (!challenge || !nonce) {
    throw retry('提交较频繁，需要先完成一次自动验证。请开启浏览器的 JavaScript 后重新提交，或一小时后再试。');
  }
  const parts = challenge.split('.');
  const [exp, bits] = parts;
  const body = parts.slice(0, 3).join('.');
  const sig = Buffer.from(parts[3] ?? '');
  const want = Buffer.from(deps.crypto.blindIndex(`pow:${body}`));
  if (parts.length !== 4 || sig.length !== want.length || !timingSafeEqual(sig, want))
    throw retry('验证无效，请重新提交');
  if (Number(exp) < at.getTime()) throw retry('验证已过期，请重新提交');
  if (Number(bits) < required) throw retry('验证难度不足，请重新提交');
  const hash = createHash('sha256')
    .update(`${challenge}:${nonce.slice(0, 40)}`)
    .digest();
  if (leadingZeroBits(hash) < Number(bits)) throw retry('验证未通过，请重新提交');
  return createHash('sha256').update(challenge).digest('base64url');
}

/** Spends a checked solution in the submission's transaction: a challenge counts once. */
export async function spendPow(tx: Db, hash: string, at: Date): Promise<void> {
  if (!(await q.markPowSpent(tx, hash, at))) throw new PublicError('验证已使用过，请重新提交', 429, 'pow');
}
