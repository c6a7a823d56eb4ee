import {
  MAX_NOTIFICATION_ATTEMPTS,
  type MessageTemplate,
  renderMessage,
  retryDelayMs,
} from '@lianluo/domain';
import { type JobQueue, type RetryPolicy, runJobBatch } from '../../core/jobs.ts';
import type { Db } from '../../db/client.ts';
import {
  type ClaimedMessage,
  claimMessages,
  holdMessage,
  insertMessages,
  markMessageFailed,
  markMessageSent,
} from './outbox.queries.ts';

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
  await insertMessages(
    db,
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

const LEASE_MS = 60_000;
const BATCH = 50;
const RETRY: RetryPolicy = { maxAttempts: MAX_NOTIFICATION_ATTEMPTS, delayMs: retryDelayMs };

/**
 * Sends due messages: claims a batch with FOR UPDATE SKIP LOCKED and a lease (so two dispatchers
 * never send the same row at once), sends each, records success or schedules a retry with
 * exponential backoff; after the last attempt the row is marked failed. A message whose lease ran
 * out before it was sent is left to the dispatcher that claimed it since.
 */
export async function dispatchOnce(
  db: Db,
  providers: ProviderMap,
  now: Date,
  opts: { batch?: number; leaseMs?: number; decrypt?: (s: string) => string } = {},
): Promise<{ sent: number; failed: number; retried: number }> {
  const providerOf = (m: ClaimedMessage) => providers[m.channel] ?? logProvider;
  const outbox: JobQueue<ClaimedMessage, string, Db> = {
    claim: (lease) => claimMessages(db, lease),
    unit: (fn) => fn(db),
    hold: holdMessage,
    work: async (_db, m) => {
      const provider = providerOf(m);
      const recipient =
        m.recipient.startsWith('v1.') && opts.decrypt ? opts.decrypt(m.recipient) : m.recipient;
      await provider.send({
        id: m.id,
        channel: m.channel,
        recipient,
        subject: m.subject,
        body: m.body,
        template: m.template,
        vars: typeof m.vars === 'string' ? (JSON.parse(m.vars) as Record<string, string>) : (m.vars ?? {}),
        caseId: m.caseId,
      });
      return provider.name;
    },
    complete: (tx, m, provider) => markMessageSent(tx, m, { attempts: m.attempts + 1, at: now, provider }),
    retry: {
      policy: RETRY,
      attempts: (m) => m.attempts,
      fail: (m, f) =>
        markMessageFailed(db, m, {
          attempts: f.attempts,
          giveUp: f.giveUp,
          retryAt: f.retryAt,
          provider: providerOf(m).name,
          error: f.message.slice(0, 500),
        }),
    },
  };
  const r = await runJobBatch(outbox, {
    worker: 'outbox',
    now,
    batch: opts.batch ?? BATCH,
    leaseMs: opts.leaseMs ?? LEASE_MS,
  });
  return { sent: r.done, failed: r.failed, retried: r.retried };
}
