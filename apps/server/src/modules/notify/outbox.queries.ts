import { and, eq, sql } from 'drizzle-orm';
import type { Lease } from '../../core/jobs.ts';
import type { Db } from '../../db/client.ts';
import { notifications } from '../../db/schema/index.ts';
import type { OutgoingMessage } from './providers.ts';

export interface ClaimedMessage {
  id: number;
  channel: OutgoingMessage['channel'];
  recipient: string;
  template: string;
  /** jsonb arrives parsed from node-postgres and PGlite alike; text is accepted just in case. */
  vars: Record<string, string> | string | null;
  caseId: string | null;
  subject: string;
  body: string;
  attempts: number;
  /** The claim's lease: the fencing token (a later claim always leases until later). */
  leaseUntil: Date;
}

/**
 * Claims due pending messages no other dispatcher is claiming (FOR UPDATE SKIP LOCKED) and no
 * live lease holds, leasing them until `lease.until`.
 */
export async function claimMessages(db: Db, lease: Lease): Promise<ClaimedMessage[]> {
  const res = await db.execute<{
    id: number | string;
    channel: OutgoingMessage['channel'];
    recipient: string;
    template: string;
    vars: Record<string, string> | string | null;
    case_id: string | null;
    subject: string;
    body: string;
    attempts: number;
  }>(sql`
    update ${notifications} set lease_until = ${lease.until}
    where id in (
      select id from ${notifications}
      where status = 'pending' and next_attempt_at <= ${lease.now} and (lease_until is null or lease_until < ${lease.now})
      order by next_attempt_at limit ${lease.batch}
      for update skip locked)
    returning id, channel, recipient, template, vars, case_id, subject, body, attempts`);
  return res.rows.map((m) => ({
    id: Number(m.id),
    channel: m.channel,
    recipient: m.recipient,
    template: m.template,
    vars: m.vars,
    caseId: m.case_id,
    subject: m.subject,
    body: m.body,
    attempts: m.attempts,
    leaseUntil: lease.until,
  }));
}

/** Our lease still holds the message: no other dispatcher has claimed it since. */
const ours = (m: ClaimedMessage) =>
  and(
    eq(notifications.id, m.id),
    eq(notifications.status, 'pending'),
    eq(notifications.leaseUntil, m.leaseUntil),
  );

/** The fencing check before sending. */
export async function holdMessage(db: Db, m: ClaimedMessage): Promise<boolean> {
  const [row] = await db.select({ id: notifications.id }).from(notifications).where(ours(m));
  return row !== undefined;
}

/** Records a sent message, under our lease. */
export async function markMessageSent(
  db: Db,
  m: ClaimedMessage,
  sent: { attempts: number; at: Date; provider: string },
): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({
      status: 'sent',
      attempts: sent.attempts,
      sentAt: sent.at,
      provider: sent.provider,
      leaseUntil: null,
      lastError: null,
    })
    .where(ours(m))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

/** Records a failed attempt, under our lease: pending again from `retryAt`, or failed for good. */
export async function markMessageFailed(
  db: Db,
  m: ClaimedMessage,
  failure: { attempts: number; giveUp: boolean; retryAt: Date; provider: string; error: string },
): Promise<boolean> {
  const rows = await db
    .update(notifications)
    .set({
      status: failure.giveUp ? 'failed' : 'pending',
      attempts: failure.attempts,
      provider: failure.provider,
      leaseUntil: null,
      lastError: failure.error,
      nextAttemptAt: failure.retryAt,
    })
    .where(ours(m))
    .returning({ id: notifications.id });
  return rows.length > 0;
}

export async function insertMessages(db: Db, rows: (typeof notifications.$inferInsert)[]): Promise<void> {
  await db.insert(notifications).values(rows);
}
