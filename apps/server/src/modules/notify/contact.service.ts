import { contactProblems, type StaffChannel } from '@lianluo/domain';
import { eq } from 'drizzle-orm';
import { auditActor, recordAudit } from '../../core/audit.queries.ts';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { loadInScope } from '../../core/scope.ts';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';

/** Where a staff member gets notices besides the in-app inbox. */
export interface Contact {
  email: string | null;
  wechatOpenid: string | null;
  notifyChannels: StaffChannel[];
}

const columns = {
  regionCode: users.regionCode,
  email: users.email,
  wechatOpenid: users.wechatOpenid,
  notifyChannels: users.notifyChannels,
};

function present(r: {
  email: string | null;
  wechatOpenid: string | null;
  notifyChannels: string[];
}): Contact {
  return {
    email: r.email,
    wechatOpenid: r.wechatOpenid,
    notifyChannels: r.notifyChannels as StaffChannel[],
  };
}

export async function getContact(deps: Pick<Deps, 'db'>, userId: string): Promise<Contact> {
  const [row] = await deps.db.select(columns).from(users).where(eq(users.id, userId));
  if (!row) throw new AppError('not_found');
  return present(row);
}

/**
 * Sets a user's contact details and channels (their own, or — for an administrator — an account
 * in their scope; another region's account answers 404 and is audited). Empty strings clear.
 */
export async function setContact(deps: Deps, actor: Actor, userId: string, input: Contact): Promise<Contact> {
  const next = {
    email: input.email?.trim() || null,
    wechatOpenid: input.wechatOpenid?.trim() || null,
    notifyChannels: [...new Set(input.notifyChannels)],
  };
  const problems = contactProblems(next);
  if (problems.length > 0) throw new AppError('validation', problems.join('；'), { problems });
  const before = await loadInScope(deps, actor, 'user', userId, async () => {
    const [row] = await deps.db.select(columns).from(users).where(eq(users.id, userId));
    return row;
  });
  const at = deps.now();
  await deps.db.transaction(async (tx) => {
    await tx.update(users).set(next).where(eq(users.id, userId));
    await recordAudit(tx as unknown as Db, {
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
  return present(next);
}
