import { isRegionCode, scopePrefix } from '@lianluo/domain';
import { auditActor, recordAudit } from './audit.queries.ts';
import type { Actor, Deps } from './context.ts';
import { AppError } from './errors.ts';

/** What a scope check needs: the database for the audit row and the clock that stamps it. */
type ScopeDeps = Pick<Deps, 'db' | 'now'>;

/**
 * Narrows the caller's scope to `region` (a county officer looking at one town). A region outside
 * the caller's scope answers 404 like a missing one, and the attempt is audited.
 */
export async function narrowScope(
  deps: ScopeDeps,
  actor: Actor,
  region: string | undefined,
): Promise<string> {
  if (!region) return actor.scope;
  if (!isRegionCode(region)) throw new AppError('bad_region', `区划代码应为12位数字：${region.slice(0, 20)}`);
  const prefix = scopePrefix(region);
  if (!prefix.startsWith(actor.scope)) {
    await denyOutOfScope(deps, actor, 'region', region);
    throw new AppError('not_found');
  }
  return prefix;
}

/** Records a request for a row outside the caller's scope; the caller then answers 404. */
export async function denyOutOfScope(deps: ScopeDeps, actor: Actor, objectType: string, objectId: string) {
  await recordAudit(deps.db, {
    at: deps.now(),
    event: 'scope_denied',
    outcome: 'denied',
    actor: auditActor(actor),
    objectType,
    objectId,
    ip: actor.ip,
    requestId: actor.requestId,
  });
}

/**
 * Loads one row by id and checks it against the caller's scope: missing and out-of-scope rows
 * both answer 404 with the same body; only the second is audited (someone tried a real id).
 */
export async function loadInScope<T extends { regionCode: string }>(
  deps: ScopeDeps,
  actor: Actor,
  objectType: string,
  id: string,
  load: () => Promise<T | undefined>,
): Promise<T> {
  const row = await load();
  if (!row) throw new AppError('not_found');
  if (!row.regionCode.startsWith(actor.scope)) {
    await denyOutOfScope(deps, actor, objectType, id);
    throw new AppError('not_found');
  }
  return row;
}
