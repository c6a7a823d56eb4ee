import { createHash } from 'node:crypto';
import { AppError } from '../core/errors.ts';
import * as q from '../core/idempotency.queries.ts';
import type { Db } from '../db/client.ts';

const KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** Canonical JSON (sorted keys) so the same body in another key order is the same request. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** Checks the key's shape and hashes the request it stands for. */
export function requestHashOf(key: string, route: string, body: unknown): string {
  if (!KEY.test(key))
    throw new AppError('validation', 'Idempotency-Key 格式不正确（8–128 位字母、数字或 _.:-）');
  return createHash('sha256').update(route).update('\n').update(canonical(body)).digest('hex');
}

/** The answer stored under a key already used; 422 when it was used for another request. */
export async function storedAnswer<T>(db: Db, actorId: string, key: string, requestHash: string): Promise<T> {
  const prev = await q.findKey(db, actorId, key);
  if (!prev || prev.requestHash !== requestHash) {
    throw new AppError('unprocessable', '同一 Idempotency-Key 已用于不同的请求内容');
  }
  return prev.response as T;
}

/**
 * Runs `fn` at most once per (caller, Idempotency-Key) (REL-02). Inside the caller's
 * transaction: the key row is inserted first, so a concurrent resend waits on it and then finds
 * the stored response; the same key with a different body or route is refused with 422.
 */
export async function idempotent<T>(
  tx: Db,
  key: string | undefined,
  actorId: string,
  route: string,
  body: unknown,
  at: Date,
  fn: () => Promise<T>,
): Promise<T> {
  if (key === undefined) return fn();
  const requestHash = requestHashOf(key, route, body);
  if (!(await q.claimKey(tx, { actorId, key, route, requestHash, createdAt: at })))
    return storedAnswer<T>(tx, actorId, key, requestHash);
  const result = await fn();
  await q.storeAnswer(tx, actorId, key, result as object);
  return result;
}
