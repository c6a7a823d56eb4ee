import { createHash, randomBytes } from 'node:crypto';
import { scopePrefix } from '@lianluo/domain';
import { auditActor, recordAudit } from '../../core/audit.queries.ts';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { loadInScope, narrowScope } from '../../core/scope.ts';
import type { Db } from '../../db/client.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import * as q from './open311.queries.ts';
import type { IssueKeyBody, KeyListQuery } from './open311.schemas.ts';

/** Every key starts with this, so a leaked one is recognisable in logs and secret scanners. */
const KEY_PREFIX = 'll311_';
/** Characters of the key kept in clear for the console's list. */
const SHOWN = KEY_PREFIX.length + 6;

/** The stored form of a key: SHA-256 suffices, a 192-bit random key cannot be guessed back. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export type KeyRow = q.KeyRow;

/** A key as the console shows it: who issued it (when known) and the name of its region. */
export type KeyView = KeyRow & { createdByName: string | null; regionName: string };

/** The rows with the names of their regions (the code where a region has no name). */
async function withRegionNames(db: Db, rows: (KeyRow & { createdByName: string | null })[]) {
  const names = new Map(
    (await q.regionNames(db, [...new Set(rows.map((r) => r.regionCode))])).map((r) => [r.code, r.name]),
  );
  return rows.map((r): KeyView => ({ ...r, regionName: names.get(r.regionCode) ?? r.regionCode }));
}

/**
 * Issues a key for a region within the caller's scope. The key is returned this once; only its
 * hash is stored, so a lost key is revoked and replaced, never recovered.
 */
export async function issueKey(
  deps: Deps,
  actor: Actor,
  input: IssueKeyBody,
): Promise<{ key: KeyView; secret: string }> {
  const name = input.name.trim();
  if (!name) throw new AppError('validation', '请填写使用方名称');
  const regionCode = input.regionCode ?? actor.regionCode;
  await narrowScope(deps, actor, regionCode);
  if (!(await q.regionExists(deps.db, regionCode)))
    throw new AppError('validation', `区划不存在：${regionCode}`);
  const key = KEY_PREFIX + randomBytes(24).toString('base64url');
  const at = deps.now();
  const row = await deps.db.transaction(async (tx) => {
    const inserted = await q.insertKey(tx, {
      regionCode,
      name,
      keyPrefix: key.slice(0, SHOWN),
      keyHash: hashKey(key),
      createdAt: at,
      createdBy: actor.id,
    });
    await recordAudit(tx, {
      at,
      event: 'open311_key_issued',
      outcome: 'success',
      actor: auditActor(actor),
      objectType: 'open311_key',
      objectId: inserted.id,
      ip: actor.ip,
      requestId: actor.requestId,
      detail: { name, regionCode },
    });
    return inserted;
  });
  const [view] = await withRegionNames(deps.db, [{ ...row, createdByName: actor.displayName }]);
  return { key: view!, secret: key };
}

/** A page of the keys of the caller's scope, newest first (keyset on created_at, id). */
export async function listKeys(deps: Deps, actor: Actor, query: KeyListQuery) {
  // Ajv has filled in the schema's default (20); the type cannot know it.
  const limit = query.limit ?? 20;
  const cursor = decodeCursor(query.cursor, ['timestamp', 'uuid']);
  const after: [string, string] | null = cursor ? [String(cursor[0]), String(cursor[1])] : null;
  if (after && Number.isNaN(Date.parse(after[0]))) throw new AppError('bad_cursor');
  const rows = await q.keysOfScope(deps.db, actor.scope, after, limit);
  const p = page(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
  return { items: await withRegionNames(deps.db, p.items), nextCursor: p.nextCursor };
}

/** Revokes a key of the caller's scope (404, audited, for another region's key). Idempotent. */
export async function revokeKey(deps: Deps, actor: Actor, id: string): Promise<KeyView> {
  const row = await loadInScope(deps, actor, 'open311_key', id, () => q.keyById(deps.db, id));
  const at = deps.now();
  const revoked = row.revokedAt
    ? row
    : await deps.db.transaction(async (tx) => {
        const updated = await q.markKeyRevoked(tx, id, at, actor.id);
        await recordAudit(tx, {
          at,
          event: 'open311_key_revoked',
          outcome: 'success',
          actor: auditActor(actor),
          objectType: 'open311_key',
          objectId: id,
          ip: actor.ip,
          requestId: actor.requestId,
          detail: { name: row.name, regionCode: row.regionCode },
        });
        return updated;
      });
  // The revoking answer does not name who issued the key.
  const [view] = await withRegionNames(deps.db, [{ ...revoked, createdByName: null }]);
  return view!;
}

/** Why a presented key was refused, in the spec's words and ours. */
export type KeyProblem = 'missing' | 'invalid';

/**
 * The live key row for a presented key, or why not. A revoked key answers exactly like an unknown
 * one. Marks the key used (at most once a minute, to spare a write per call).
 */
export async function authenticateKey(
  db: Db,
  presented: unknown,
  at: Date,
): Promise<{ ok: true; key: KeyRow; scope: string } | { ok: false; problem: KeyProblem }> {
  if (presented === undefined || presented === null || presented === '')
    return { ok: false, problem: 'missing' };
  if (typeof presented !== 'string' || !presented.startsWith(KEY_PREFIX) || presented.length > 100) {
    return { ok: false, problem: 'invalid' };
  }
  const row = await q.keyByHash(db, hashKey(presented));
  if (!row || row.revokedAt) return { ok: false, problem: 'invalid' };
  if (!row.lastUsedAt || at.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await q.markKeyUsed(db, row.id, at);
    row.lastUsedAt = at;
  }
  return { ok: true, key: row, scope: scopePrefix(row.regionCode) };
}
