import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { denyOutOfScope } from '../../core/scope.ts';
import { cases, notifications } from '../../db/schema/index.ts';
import { decodeCursor, page } from '../../http/pagination.ts';

/**
 * The in-app inbox (站内信): the `in_app` outbox rows addressed to the signed-in user. Nobody
 * reads another user's inbox, administrators included; the outbox view is for delivery, not
 * for reading people's messages.
 */
const mine = (actor: Actor) =>
  and(eq(notifications.channel, 'in_app'), eq(notifications.recipient, actor.id));

export interface InboxItem {
  id: number;
  caseId: string | null;
  caseNumber: string | null;
  template: string;
  subject: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export async function unreadCount(deps: Pick<Deps, 'db'>, actor: Actor): Promise<number> {
  const [r] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(mine(actor), isNull(notifications.readAt)));
  return r?.n ?? 0;
}

/** Newest first, cursor-paginated by id; with `unread`, only those not yet read. */
export async function listInbox(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  query: { unread?: boolean; cursor?: string; limit: number },
): Promise<{ items: InboxItem[]; nextCursor: string | null; unread: number }> {
  const after = decodeCursor(query.cursor, ['number']);
  const rows = await deps.db
    .select({
      id: notifications.id,
      caseId: notifications.caseId,
      caseNumber: cases.number,
      template: notifications.template,
      subject: notifications.subject,
      body: notifications.body,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .leftJoin(cases, eq(cases.id, notifications.caseId))
    .where(
      and(
        mine(actor),
        query.unread ? isNull(notifications.readAt) : undefined,
        after ? lt(notifications.id, after[0] as number) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(query.limit + 1);
  const { items, nextCursor } = page(rows, query.limit, (r) => [Number(r.id)]);
  return {
    items: items.map((r) => ({
      ...r,
      id: Number(r.id),
      createdAt: r.createdAt.toISOString(),
      readAt: r.readAt?.toISOString() ?? null,
    })),
    nextCursor,
    unread: await unreadCount(deps, actor),
  };
}

/**
 * Marks one message read (again: a no-op). Someone else's message answers 404 like a missing
 * one, and the attempt is audited.
 */
export async function markRead(deps: Deps, actor: Actor, id: number): Promise<{ unread: number }> {
  const [row] = await deps.db
    .select({
      recipient: notifications.recipient,
      channel: notifications.channel,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(eq(notifications.id, id));
  if (!row) throw new AppError('not_found');
  if (row.channel !== 'in_app' || row.recipient !== actor.id) {
    await denyOutOfScope(deps, actor, 'notification', String(id));
    throw new AppError('not_found');
  }
  if (!row.readAt) {
    await deps.db
      .update(notifications)
      .set({ readAt: deps.now() })
      .where(and(eq(notifications.id, id), isNull(notifications.readAt)));
  }
  return { unread: await unreadCount(deps, actor) };
}

/** Marks every unread message of the user read. */
export async function markAllRead(deps: Deps, actor: Actor): Promise<{ marked: number; unread: number }> {
  const done = await deps.db
    .update(notifications)
    .set({ readAt: deps.now() })
    .where(and(mine(actor), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { marked: done.length, unread: 0 };
}
