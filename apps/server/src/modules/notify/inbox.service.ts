import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { denyOutOfScope } from '../../core/scope.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import { toInboxItem } from './notify.presenter.ts';
import * as q from './notify.queries.ts';
import type { InboxPage, InboxQuery, MarkedAll, Unread } from './notify.schemas.ts';

/**
 * The in-app inbox (站内信): the `in_app` outbox rows addressed to the signed-in user. Nobody
 * reads another user's inbox, administrators included; the outbox view is for delivery, not
 * for reading people's messages.
 */

async function unreadCount(deps: Pick<Deps, 'db'>, actor: Actor): Promise<number> {
  return q.countUnread(deps.db, actor.id);
}

/** Newest first, cursor-paginated by id; with `unread`, only those not yet read. */
export async function listInbox(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  query: InboxQuery & { limit: number },
): Promise<InboxPage> {
  const after = decodeCursor(query.cursor, ['integer']);
  const rows = await q.selectInbox(deps.db, actor.id, {
    unread: query.unread,
    beforeId: after ? Number(after[0]) : undefined,
    limit: query.limit,
  });
  const { items, nextCursor } = page(rows, query.limit, (r) => [Number(r.id)]);
  return { items: items.map(toInboxItem), nextCursor, unread: await unreadCount(deps, actor) };
}

/**
 * Marks one message read (again: a no-op). Someone else's message answers 404 like a missing
 * one, and the attempt is audited.
 */
export async function markRead(deps: Deps, actor: Actor, id: number): Promise<Unread> {
  const row = await q.findNotificationOwner(deps.db, id);
  if (!row) throw new AppError('not_found');
  if (row.channel !== 'in_app' || row.recipient !== actor.id) {
    await denyOutOfScope(deps, actor, 'notification', String(id));
    throw new AppError('not_found');
  }
  if (!row.readAt) await q.setRead(deps.db, id, deps.now());
  return { unread: await unreadCount(deps, actor) };
}

/** Marks every unread message of the user read. */
export async function markAllRead(deps: Deps, actor: Actor): Promise<MarkedAll> {
  const marked = await q.setAllRead(deps.db, actor.id, deps.now());
  return { marked, unread: 0 };
}
