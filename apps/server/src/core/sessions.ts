import { createHash } from 'node:crypto';
import { type Role, scopePrefix } from '@lianluo/domain';
import { recordAudit } from './audit.queries.ts';
import type { Actor, Deps } from './context.ts';
import { AppError } from './errors.ts';
import * as q from './sessions.queries.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface ClientInfo {
  ip: string;
  userAgent: string;
  requestId: string;
}

/** Resolves a session cookie to the caller, enforcing idle timeout and absolute lifetime. */
export async function authenticate(deps: Deps, token: string, client: ClientInfo): Promise<Actor> {
  const now = deps.now();
  const tokenHash = hashToken(token);
  const row = await q.findSession(deps.db, tokenHash);
  if (!row) throw new AppError('unauthenticated');
  const { session, user } = row;
  const idleMs = deps.settings.sessionIdleMinutes * 60_000;
  const maxMs = deps.settings.sessionMaxHours * 3_600_000;
  const idle = now.getTime() - session.lastSeenAt.getTime() > idleMs;
  const old = now.getTime() - session.createdAt.getTime() > maxMs;
  if (idle || old || user.disabled) {
    await q.deleteSession(deps.db, tokenHash);
    await recordAudit(deps.db, {
      at: now,
      event: 'session_expired',
      outcome: 'success',
      actor: { id: user.id, displayName: user.displayName, role: user.role, scope: user.regionCode },
      ip: client.ip,
      requestId: client.requestId,
      detail: { reason: user.disabled ? 'disabled' : idle ? 'idle' : 'lifetime' },
    });
    throw new AppError('session_expired');
  }
  // One write a minute at most: the idle clock does not need millisecond precision.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) await q.touchSession(deps.db, tokenHash, now);
  return toActor(user, client);
}

export function toActor(user: q.UserRow, client: { ip: string; requestId: string }): Actor {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role as Role,
    regionCode: user.regionCode,
    scope: scopePrefix(user.regionCode),
    stationId: user.stationId,
    departmentId: user.departmentId,
    deputyId: user.deputyId,
    ip: client.ip,
    requestId: client.requestId,
  };
}
