import type { Db } from '../../db/client.ts';
import { notificationOutbox } from '../../db/schema/index.ts';

export interface OutboxMessage {
  regionCode: string;
  channel: 'sms' | 'wechat' | 'inapp';
  /** A user id, deputy id or phone blind index: the dispatcher resolves it. */
  recipient: string;
  template: string;
  payload: Record<string, unknown>;
  /** Same key, same message: a second enqueue is a no-op. */
  dedupeKey: string;
}

/**
 * Queues notifications in the caller's transaction; the dispatcher (notify module, another
 * branch) sends them. Returns how many were new.
 */
export async function enqueue(db: Db, messages: OutboxMessage[], at: Date): Promise<number> {
  if (messages.length === 0) return 0;
  const rows = await db
    .insert(notificationOutbox)
    .values(messages.map((m) => ({ ...m, status: 'pending', nextAttemptAt: at, createdAt: at })))
    .onConflictDoNothing({ target: notificationOutbox.dedupeKey })
    .returning({ id: notificationOutbox.id });
  return rows.length;
}
