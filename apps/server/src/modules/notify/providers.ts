import nodemailer from 'nodemailer';

/** One message as a provider sends it. */
export interface OutgoingMessage {
  id: number;
  channel: 'sms' | 'wechat' | 'email' | 'in_app';
  recipient: string;
  subject: string;
  body: string;
}

/** A channel's sender (SMS gateway, WeChat template message, e-mail, in-app). Throws to retry. */
export interface NotificationProvider {
  readonly name: string;
  send(message: OutgoingMessage): Promise<void>;
}

/** Default: the outbox row itself is the record (demo and tests); nothing leaves the machine. */
export const logProvider: NotificationProvider = { name: 'log', send: async () => {} };

/** POSTs the message as JSON to a configured URL (an SMS or WeChat gateway of the county). */
export function webhookProvider(url: string, timeoutMs = 5000): NotificationProvider {
  return {
    name: 'webhook',
    async send(m) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `notification-${m.id}` },
        body: JSON.stringify(m),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`webhook answered ${res.status}`);
    },
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
