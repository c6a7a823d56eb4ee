import { contactProblems } from '@lianluo/domain';
import { auditActor, recordAudit } from '../../core/audit.queries.ts';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { loadInScope } from '../../core/scope.ts';
import { toContact } from './notify.presenter.ts';
import * as q from './notify.queries.ts';
import type { Contact, ContactBody } from './notify.schemas.ts';

export type { Contact };

export async function getContact(deps: Pick<Deps, 'db'>, userId: string): Promise<Contact> {
  const row = await q.findContact(deps.db, userId);
  if (!row) throw new AppError('not_found');
  return toContact(row);
}

/**
 * Sets a user's contact details and channels (their own, or — for an administrator — an account
 * in their scope; another region's account answers 404 and is audited). Empty strings clear.
 */
export async function setContact(
  deps: Deps,
  actor: Actor,
  userId: string,
  input: ContactBody,
): Promise<Contact> {
  const next = {
    email: input.email?.trim() || null,
    wechatOpenid: input.wechatOpenid?.trim() || null,
    notifyChannels: [...new Set(input.notifyChannels)],
  };
  const problems = contactProblems(next);
  if (problems.length > 0) throw new AppError('validation', problems.join('；'), { problems });
  const before = await loadInScope(deps, actor, 'user', userId, () => q.findContact(deps.db, userId));
  const at = deps.now();
  await deps.db.transaction(async (tx) => {
    await q.updateContact(tx, userId, next);
    await recordAudit(tx, {
      at,
      event: 'contact_changed',
      outcome: 'success',
      actor: auditActor(actor),
      objectType: 'user',
      objectId: userId,
      ip: actor.ip,
      requestId: actor.requestId,
      // Which fields changed, not the addresses: the trail is no contact list.
      detail: {
        email: (before.email ?? null) !== next.email,
        wechatOpenid: (before.wechatOpenid ?? null) !== next.wechatOpenid,
        notifyChannels: next.notifyChannels,
      },
    });
  });
  return toContact(next);
}
