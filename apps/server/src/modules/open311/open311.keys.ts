import { createHash, randomBytes } from 'node:crypto';
import { scopePrefix } from '@lianluo/domain';
import { and, desc, eq, lt, or } from 'drizzle-orm';
import { auditActor, recordAudit } from '../../core/audit.queries.ts';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { loadInScope, narrowScope } from '../../core/scope.ts';
import type { Db } from '../../db/client.ts';
import { open311Keys, regions, users } from '../../db/schema/index.ts';
import { scoped } from '../../db/scope.ts';

/** Every key starts with this, so a leaked one is recognisable in logs and secret scanners. */
export const KEY_PREFIX = 'll311_';
/** Characters of the key kept in clear for the console's list. */
const SHOWN = KEY_PREFIX.length + 6;

/** The stored form of a key: SHA-256 suffices, a 192-bit random key cannot be guessed back. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export type KeyRow = typeof open311Keys.$inferSelect;

/**
 * Issues a key for a region within the caller's scope. The key is returned this once; only its
 * hash is stored, so a lost key is revoked and replaced, never recovered.
 */
export async function issueKey(
  deps: Deps,
  actor: Actor,
  input: { name: string; regionCode?: string },
): Promise<{ row: KeyRow; key: string }> {
  const name = input.name.trim();
  if (!name) throw new AppError('validation', '请填写使用方名称');
  const regionCode = input.regionCode ?? actor.regionCode;
  await narrowScope(deps, actor, regionCode);
  const [region] = await deps.db
    .select({ code: regions.code })
    .from(regions)
    .where(eq(regions.code, regionCode));
  if (!region) throw new AppError('validation', `区划不存在：${regionCode}`);
  const key = KEY_PREFIX + randomBytes(24).toString('base64url');
  const at = deps.now();
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(open311Keys)
      .values({
        regionCode,
        name,
        keyPrefix: key.slice(0, SHOWN),
        keyHash: hashKey(key),
        createdAt: at,
        createdBy: actor.id,
      })
      .returning();
    await recordAudit(tx as unknown as Db, {
      at,
      event: 'open311_key_issued',
      outcome: 'success',
      actor: auditActor(actor),
      objectType: 'open311_key',
      objectId: row!.id,
      ip: actor.ip,
      requestId: actor.requestId,
      detail: { name, regionCode },
    });
    return { row: row!, key };
  });
}

/** Keys of a region prefix, newest first (keyset on created_at, id). */
export async function listKeys(
  db: Db,
  scope: string,
  after: [string, string] | null,
  limit: number,
): Promise<(KeyRow & { createdByName: string | null })[]> {
  const rows = await db
    .select({ key: open311Keys, createdByName: users.displayName })
    .from(open311Keys)
    .leftJoin(users, eq(users.id, open311Keys.createdBy))
    .where(
      scoped(
        open311Keys.regionCode,
        scope,
        after
          ? or(
              lt(open311Keys.createdAt, new Date(after[0])),
              and(eq(open311Keys.createdAt, new Date(after[0])), lt(open311Keys.id, after[1])),
            )
          : undefined,
      ),
    )
    .orderBy(desc(open311Keys.createdAt), desc(open311Keys.id))
    .limit(limit + 1);
  return rows.map((r) => ({ ...r.key, createdByName: r.createdByName }));
}

/** Revokes a key of the caller's scope (404, audited, for another region's key). Idempotent. */
export async function revokeKey(deps: Deps, actor: Actor, id: string): Promise<KeyRow> {
  const row = await loadInScope(deps, actor, 'open311_key', id, async () => {
    const [r] = await deps.db.select().from(open311Keys).where(eq(open311Keys.id, id));
    return r;
  });
  if (row.revokedAt) return row;
  const at = deps.now();
  return deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(open311Keys)
      .set({ revokedAt: at, revokedBy: actor.id })
      .where(eq(open311Keys.id, id))
      .returning();
    await recordAudit(tx as unknown as Db, {
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
    return updated!;
  });
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
  const [row] = await db
    .select()
    .from(open311Keys)
    .where(eq(open311Keys.keyHash, hashKey(presented)));
  if (!row || row.revokedAt) return { ok: false, problem: 'invalid' };
  if (!row.lastUsedAt || at.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(open311Keys).set({ lastUsedAt: at }).where(eq(open311Keys.id, row.id));
    row.lastUsedAt = at;
  }
  return { ok: true, key: row, scope: scopePrefix(row.regionCode) };
}
