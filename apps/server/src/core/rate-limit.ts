import { type RateRule, windowStart } from '@lianluo/domain';
import type { FieldCrypto } from '../crypto/fields.ts';
import type { Db } from '../db/client.ts';
import * as q from './rate-limit.queries.ts';

/**
 * Fixed-window rate limits counted in the database (`public_rate_hits`), not in memory: processes
 * behind a load balancer share nothing but the database, and a limit must hold across them and
 * across restarts. The limits themselves are `PUBLIC_LIMITS` in @lianluo/domain (and Open311's
 * per-minute rule); a bucket names what is counted and a keyed hash of whom.
 */

/** `name:blindIndex(value)`: an IP or a phone is counted by keyed hash, never stored raw. */
export const rateBucket = (crypto: Pick<FieldCrypto, 'blindIndex'>, name: string, value: string) =>
  `${name}:${crypto.blindIndex(value)}`;

/** Hits so far in the current window. */
export async function rateCount(db: Db, key: string, rule: RateRule, at: Date): Promise<number> {
  return q.hitsInWindow(db, key, windowStart(at, rule.windowSeconds));
}

/** Counts one hit (one atomic upsert, so concurrent processes agree) and returns the new count. */
export async function rateHit(db: Db, key: string, rule: RateRule, at: Date): Promise<number> {
  const count = await q.addHit(db, key, windowStart(at, rule.windowSeconds));
  // Old windows are dead weight: sweep them now and then rather than with a timer.
  if (Math.random() < 0.02) await q.deleteWindowsBefore(db, new Date(at.getTime() - 2 * 86_400_000));
  return count;
}

/** Whether the bucket has used up its window already (the hit that would pass `max` is refused). */
export async function rateSpent(db: Db, key: string, rule: RateRule, at: Date): Promise<boolean> {
  return (await rateCount(db, key, rule, at)) >= rule.max;
}

/** Seconds until the current window ends (at least 1): the `Retry-After` of a refusal. */
export function retryAfterSeconds(rule: RateRule, at: Date): number {
  const end = windowStart(at, rule.windowSeconds).getTime() + rule.windowSeconds * 1000;
  return Math.max(1, Math.ceil((end - at.getTime()) / 1000));
}
