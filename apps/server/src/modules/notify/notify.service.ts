import {
  MAX_NOTIFICATION_ATTEMPTS,
  type MessageTemplate,
  renderMessage,
  retryDelayMs,
} from '@lianluo/domain';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notifications } from '../../db/schema/index.ts';
import { logProvider, type OutgoingMessage, type ProviderMap } from './providers.ts';

export interface Enqueue {
  regionCode: string;
  caseId?: string | null;
  channel: OutgoingMessage['channel'];
  recipient: string;
  template: MessageTemplate;
  vars: Record<string, string>;
}

/** Writes messages to the outbox in the caller's transaction: sent only if the change commits. */
export async function enqueue(db: Db, at: Date, items: Enqueue[]): Promise<void> {
  if (items.length === 0) return;
  await db.insert(notifications).values(
    items.map((m) => {
      const { subject, body } = renderMessage(m.template, m.vars);
      return {
        regionCode: m.regionCode,
        caseId: m.caseId ?? null,
        channel: m.channel,
        recipient: m.recipient,
        template: m.template,
        subject,
        body,
        // A template message sends the values themselves (keyword1 …), not the rendered text.
        vars: m.channel === 'wechat' ? m.vars : null,
        nextAttemptAt: at,
        createdAt: at,
      };
    }),
  );
}

type Row = {
  id: number;
  channel: OutgoingMessage['channel'];
  recipient: string;
  template: string;
  vars: Record<string, string> | null;
  case_id: string | null;
  subject: string;
  body: string;
  attempts: number;
};

/**
 * Sends due messages: claims a batch with FOR UPDATE SKIP LOCKED and a lease (so two dispatchers
 * never send the same row at once), sends each, records success or schedules a retry with
 * exponential backoff; after the last attempt the row is marked failed.
 */
export async function dispatchOnce(
  db: Db,
  providers: ProviderMap,
  now: Date,
  opts: { batch?: number; leaseMs?: number; decrypt?: (s: string) => string } = {},
): Promise<{ sent: number; failed: number; retried: number }> {
  const lease = new Date(now.getTime() + (opts.leaseMs ?? 60_000));
  const claimed = (await db.execute(sql`
    update ${notifications} set lease_until = ${lease}
    where id in (
      select id from ${notifications}
      where status = 'pending' and next_attempt_at <= ${now} and (lease_until is null or lease_until < ${now})
      order by next_attempt_at limit ${opts.batch ?? 50}
      for update skip locked)
    returning id, channel, recipient, template, vars, case_id, subject, body, attempts`)) as unknown as {
    rows: Row[];
  };
  const out = { sent: 0, failed: 0, retried: 0 };
  for (const m of claimed.rows) {
    const provider = providers[m.channel] ?? logProvider;
    const attempts = m.attempts + 1;
    try {
      const recipient =
        m.recipient.startsWith('v1.') && opts.decrypt ? opts.decrypt(m.recipient) : m.recipient;
      await provider.send({
        id: Number(m.id),
        channel: m.channel,
        recipient,
        subject: m.subject,
        body: m.body,
        template: m.template,
        // jsonb arrives parsed from node-postgres and PGlite alike; accept text just in case.
        vars: typeof m.vars === 'string' ? (JSON.parse(m.vars) as Record<string, string>) : (m.vars ?? {}),
        caseId: m.case_id,
      });
      await db
        .update(notifications)
        .set({
          status: 'sent',
          attempts,
          sentAt: now,
          provider: provider.name,
          leaseUntil: null,
          lastError: null,
        })
        .where(eq(notifications.id, Number(m.id)));
      out.sent++;
    } catch (err) {
      const failed = attempts >= MAX_NOTIFICATION_ATTEMPTS;
      await db
        .update(notifications)
        .set({
          status: failed ? 'failed' : 'pending',
          attempts,
          provider: provider.name,
          leaseUntil: null,
          lastError: String((err as Error).message ?? err).slice(0, 500),
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)),
        })
        .where(eq(notifications.id, Number(m.id)));
      if (failed) out.failed++;
      else out.retried++;
    }
  }
  return out;
}

export async function pendingCount(db: Db, ids?: number[]) {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.status, 'pending'), ids ? inArray(notifications.id, ids) : undefined));
  return r?.n ?? 0;
}
