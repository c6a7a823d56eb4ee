import { resolve } from 'node:path';
import { DEFAULT_SETTINGS, type Settings } from './core/context.ts';

/** Where notifications go (workers.ts builds the providers); unset channels use `log`. */
export interface NotifyConfig {
  /** LIANLUO_NOTIFY_WEBHOOK_URL: SMS are POSTed to the county's gateway. */
  smsWebhookUrl?: string;
  /** WeChat official-account template messages; set when a WeChat (or the SMS) webhook is. */
  wechat?: {
    /** LIANLUO_WECHAT_WEBHOOK_URL, else the SMS webhook. */
    webhookUrl: string;
    /** LIANLUO_WECHAT_TEMPLATE_IDS: notice → template_id (e.g. {"case_referred":"…"}). */
    templateIds: Record<string, string>;
    /** LIANLUO_WECHAT_TEMPLATE_ID: the template of notices without their own. */
    defaultTemplateId?: string;
    /** LIANLUO_CONSOLE_URL: the console's address, which a notice links to. */
    consoleUrl?: string;
  };
  /** LIANLUO_SMTP_HOST / _PORT / _FROM: staff notices by e-mail. */
  smtp?: { host: string; port: number; from: string };
}

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  logLevel: string;
  settings: Settings;
  /**
   * LIANLUO_FIELD_KEY: the SM4/SM3 key for personal data at rest; unset, the key file in the data
   * folder is used (created on first start).
   */
  fieldKey?: Buffer;
  /** LIANLUO_TRUST_PROXY: proxy addresses trusted for the client's address and protocol. */
  trustProxy?: string;
  /** LIANLUO_OPEN311_RATE_PER_MINUTE: Open311 calls a minute per API key (or per IP); unset, 120. */
  open311RatePerMinute?: number;
  notify: NotifyConfig;
}

type Env = NodeJS.ProcessEnv;

const positiveInt = (env: Env, name: string): number | undefined => {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${v}`);
  return n;
};

function fieldKey(env: Env): Buffer | undefined {
  if (!env.LIANLUO_FIELD_KEY) return undefined;
  const k = Buffer.from(env.LIANLUO_FIELD_KEY, 'hex');
  if (k.length !== 32) throw new Error('LIANLUO_FIELD_KEY must be 64 hexadecimal characters');
  return k;
}

function templateIds(env: Env): Record<string, string> {
  if (!env.LIANLUO_WECHAT_TEMPLATE_IDS) return {};
  const refused = () =>
    new Error('LIANLUO_WECHAT_TEMPLATE_IDS must be a JSON object of notice → template_id');
  let ids: unknown;
  try {
    ids = JSON.parse(env.LIANLUO_WECHAT_TEMPLATE_IDS);
  } catch {
    throw refused();
  }
  if (
    typeof ids !== 'object' ||
    ids === null ||
    Array.isArray(ids) ||
    !Object.values(ids).every((v) => typeof v === 'string' && v !== '')
  ) {
    throw refused();
  }
  return ids as Record<string, string>;
}

/** Where notifications go, from LIANLUO_NOTIFY_*, LIANLUO_WECHAT_*, LIANLUO_SMTP_*. */
function notifyConfig(env: Env): NotifyConfig {
  const wechatUrl = env.LIANLUO_WECHAT_WEBHOOK_URL || env.LIANLUO_NOTIFY_WEBHOOK_URL;
  return {
    smsWebhookUrl: env.LIANLUO_NOTIFY_WEBHOOK_URL || undefined,
    wechat: wechatUrl
      ? {
          webhookUrl: wechatUrl,
          templateIds: templateIds(env),
          defaultTemplateId: env.LIANLUO_WECHAT_TEMPLATE_ID || undefined,
          consoleUrl: env.LIANLUO_CONSOLE_URL || undefined,
        }
      : undefined,
    smtp: env.LIANLUO_SMTP_HOST
      ? {
          host: env.LIANLUO_SMTP_HOST,
          port: positiveInt(env, 'LIANLUO_SMTP_PORT') ?? 25,
          from: env.LIANLUO_SMTP_FROM ?? 'lianluo@localhost',
        }
      : undefined,
  };
}

/** Reads the environment once, at start; nothing else in the server reads process.env. */
export function loadConfig(env: Env = process.env): Config {
  const int = (name: string, fallback: number) => positiveInt(env, name) ?? fallback;
  const outcome = (v: string | undefined): Settings['ratingTimeoutCountsAs'] => {
    if (v === undefined || v === '') return DEFAULT_SETTINGS.ratingTimeoutCountsAs;
    if (v === 'satisfied' || v === 'basically_satisfied') return v;
    throw new Error(`LIANLUO_RATING_TIMEOUT_COUNTS_AS must be satisfied or basically_satisfied, got ${v}`);
  };
  return {
    port: int('PORT', 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: resolve(env.LIANLUO_DATA_DIR ?? 'data'),
    logLevel: env.LOG_LEVEL ?? 'info',
    settings: {
      ...DEFAULT_SETTINGS,
      sessionIdleMinutes: int('LIANLUO_SESSION_IDLE_MINUTES', DEFAULT_SETTINGS.sessionIdleMinutes),
      secureCookies: env.LIANLUO_SECURE_COOKIES === '1',
      // Per deployment, not per county: it bounds what one request may make the server buffer
      // and store on its disk, which is the operator's to size (counties share both).
      maxAttachmentBytes: int('LIANLUO_MAX_ATTACHMENT_BYTES', DEFAULT_SETTINGS.maxAttachmentBytes),
      // The deployment's defaults; an administrator may set other values per county.
      ratingWaitDays: int('LIANLUO_RATING_WAIT_DAYS', DEFAULT_SETTINGS.ratingWaitDays),
      ratingTimeoutCountsAs: outcome(env.LIANLUO_RATING_TIMEOUT_COUNTS_AS),
    },
    fieldKey: fieldKey(env),
    // As Fastify reads it: a comma-separated list of addresses or CIDR ranges.
    trustProxy: env.LIANLUO_TRUST_PROXY || undefined,
    open311RatePerMinute: positiveInt(env, 'LIANLUO_OPEN311_RATE_PER_MINUTE'),
    notify: notifyConfig(env),
  };
}
