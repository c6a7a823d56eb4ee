import { randomBytes } from 'node:crypto';
import { checkPasswordPolicy } from '@lianluo/domain';
import { auditActor, recordAudit } from '../../core/audit.queries.ts';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import * as sessions from '../../core/sessions.queries.ts';
import { type ClientInfo, hashToken, toActor } from '../../core/sessions.ts';
import { presentMe } from './auth.presenter.ts';
import * as q from './auth.queries.ts';
import type { ChangePasswordBody, LoginBody, Me } from './auth.schemas.ts';
import { dummyHash, hashPassword, verifyPassword } from './passwords.ts';

/**
 * Signs a user in. Failures are counted per account; the fifth locks it for the configured time.
 * Unknown users and wrong passwords get the same answer and take the same time.
 */
export async function login(
  deps: Deps,
  { username, password }: LoginBody,
  client: ClientInfo,
): Promise<{ token: string; user: Me }> {
  const now = deps.now();
  const { maxFailedLogins, lockMinutes } = deps.settings;
  const name = username.normalize('NFKC').trim().toLowerCase();
  const user = await q.findUserByUsername(deps.db, name);
  const base = { at: now, ip: client.ip, requestId: client.requestId };
  if (!user || user.disabled) {
    await verifyPassword(await dummyHash(), password);
    await recordAudit(deps.db, {
      ...base,
      event: 'login_failed',
      outcome: 'failure',
      detail: { username: name.slice(0, 64), reason: user ? 'disabled' : 'unknown_user' },
    });
    throw new AppError('bad_credentials');
  }
  const actor = { id: user.id, displayName: user.displayName, role: user.role, scope: user.regionCode };
  if (user.lockedUntil && user.lockedUntil > now) {
    await recordAudit(deps.db, {
      ...base,
      actor,
      event: 'login_failed',
      outcome: 'denied',
      detail: { reason: 'locked' },
    });
    throw lockedError(user.lockedUntil, now);
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    // A lock that has run out starts a fresh count.
    const expired = user.lockedUntil && user.lockedUntil <= now;
    if (expired) await q.resetFailedLogins(deps.db, user.id);
    const failures = await q.recordFailedLogin(deps.db, user.id, null);
    await recordAudit(deps.db, {
      ...base,
      actor,
      event: 'login_failed',
      outcome: 'failure',
      detail: { reason: 'bad_password', failures },
    });
    if (failures >= maxFailedLogins) {
      const until = new Date(now.getTime() + lockMinutes * 60_000);
      await q.lockUser(deps.db, user.id, until);
      await recordAudit(deps.db, {
        ...base,
        actor,
        event: 'account_locked',
        outcome: 'success',
        detail: { until },
      });
    }
    throw new AppError('bad_credentials');
  }
  await q.resetFailedLogins(deps.db, user.id);
  const token = randomBytes(32).toString('base64url');
  await sessions.insertSession(deps.db, { tokenHash: hashToken(token), userId: user.id, at: now, ...client });
  await recordAudit(deps.db, { ...base, actor, event: 'login', outcome: 'success' });
  return { token, user: await me(deps, toActor(user, client)) };
}

function lockedError(until: Date, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError('account_locked', undefined, {}, { 'retry-after': String(seconds) });
}

export async function logout(deps: Deps, token: string, actor: Actor): Promise<void> {
  await sessions.deleteSession(deps.db, hashToken(token));
  await recordAudit(deps.db, {
    at: deps.now(),
    event: 'logout',
    outcome: 'success',
    actor: auditActor(actor),
    ip: actor.ip,
    requestId: actor.requestId,
  });
}

export async function me(deps: Deps, actor: Actor): Promise<Me> {
  return presentMe(actor, await q.regionName(deps.db, actor.regionCode));
}

/**
 * Changes the caller's own password: the current one must be right, the new one must meet the
 * policy (≥ 10 characters, three character classes, not common, not the user's own name), and
 * every other session of the user ends.
 */
export async function changePassword(
  deps: Deps,
  actor: Actor,
  token: string,
  { currentPassword: current, newPassword: next }: ChangePasswordBody,
): Promise<void> {
  const user = await q.findUserById(deps.db, actor.id);
  if (!user || !(await verifyPassword(user.passwordHash, current))) {
    await recordAudit(deps.db, {
      at: deps.now(),
      event: 'password_change_failed',
      outcome: 'failure',
      actor: auditActor(actor),
      ip: actor.ip,
      requestId: actor.requestId,
    });
    throw new AppError('validation', '当前密码不正确');
  }
  const problems = checkPasswordPolicy(next, [user.username, user.displayName.replace(/（.*）/, '')]);
  if (problems.length > 0) throw new AppError('validation', problems.join('；'), { problems });
  await deps.db.transaction(async (tx) => {
    await q.setPassword(tx, user.id, await hashPassword(next));
    await sessions.deleteOtherSessions(tx, user.id, hashToken(token));
    await recordAudit(tx, {
      at: deps.now(),
      event: 'password_changed',
      outcome: 'success',
      actor: auditActor(actor),
      ip: actor.ip,
      requestId: actor.requestId,
    });
  });
}
