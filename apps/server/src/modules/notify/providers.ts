import { wechatTemplateData } from '@lianluo/domain';
import nodemailer from 'nodemailer';

/** One message as a provider sends it. */
export interface OutgoingMessage {
  id: number;
  channel: 'sms' | 'wechat' | 'email' | 'in_app';
  recipient: string;
  subject: string;
  body: string;
  /** The message template and its values (a WeChat template message sends the values). */
  template?: string;
  vars?: Record<string, string>;
  caseId?: string | null;
}

/** A channel's sender (SMS gateway, WeChat template message, e-mail, in-app). Throws to retry. */
export interface NotificationProvider {
  readonly name: string;
  send(message: OutgoingMessage): Promise<void>;
}

/** Default: the outbox row itself is the record (demo and tests); nothing leaves the machine. */
export const logProvider: NotificationProvider = { name: 'log', send: async () => {} };

/** What a webhook POSTs for a message: by default the message itself. */
export type WebhookFormat = (m: OutgoingMessage) => unknown;

/**
 * POSTs each message as JSON to a configured URL (the county's SMS gateway, or the relay that adds
 * the official account's access_token and forwards a WeChat template message). A non-2xx answer
 * or a timeout throws, so the dispatcher retries.
 */
export function webhookProvider(
  url: string,
  opts: { timeoutMs?: number; format?: WebhookFormat } | number = {},
): NotificationProvider {
  const { timeoutMs = 5000, format = (m: OutgoingMessage) => m } =
    typeof opts === 'number' ? { timeoutMs: opts } : opts;
  return {
    name: 'webhook',
    async send(m) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `notification-${m.id}` },
        body: JSON.stringify(format(m)),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    },
  };
}

export interface WechatConfig {
  /** template_id of the official account's template for each notice (case_referred …). */
  templateIds: Record<string, string>;
  /** template_id for notices without one of their own; without it such a notice fails. */
  defaultTemplateId?: string;
  /** The console's address: a notice about a case links to its page. */
  consoleUrl?: string;
}

/**
 * Shapes a message as the official account's template message (公众号模板消息), the body of
 * WeChat's `message/template/send`: touser (the openid), template_id, an optional url, and data
 * {first, keyword1 …, remark} with Chinese values.
 */
export function wechatTemplateFormat(cfg: WechatConfig): WebhookFormat {
  return (m) => {
    const templateId = (m.template && cfg.templateIds[m.template]) || cfg.defaultTemplateId;
    // Thrown inside send: the row records why and is retried, then marked failed.
    if (!templateId) throw new Error(`no WeChat template_id configured for ${m.template ?? 'this notice'}`);
    return {
      touser: m.recipient,
      template_id: templateId,
      ...(cfg.consoleUrl && m.caseId
        ? { url: `${cfg.consoleUrl.replace(/\/+$/, '')}/cases/${m.caseId}` }
        : {}),
      data: wechatTemplateData(m.template ?? '', m.vars ?? {}, { subject: m.subject, body: m.body }),
    };
  };
}

/** Sends e-mail through an SMTP server. */
export function smtpProvider(opts: {
  host: string;
  port: number;
  from: string;
  secure?: boolean;
  auth?: { user: string; pass: string };
}): NotificationProvider {
  const transport = nodemailer.createTransport({
    host: opts.host,
    port: opts.port,
    secure: opts.secure ?? false,
    auth: opts.auth,
    ignoreTLS: !opts.secure,
    connectionTimeout: 5000,
  });
  return {
    name: 'smtp',
    async send(m) {
      await transport.sendMail({ from: opts.from, to: m.recipient, subject: m.subject, text: m.body });
    },
  };
}

/** Providers by channel; a channel without one uses the log provider. */
export type ProviderMap = Partial<Record<OutgoingMessage['channel'], NotificationProvider>>;
