import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  COMMENT_MAX_CHARS,
  charCount,
  formatTrackingCode,
  hiddenCharacters,
  hiddenCharactersMessage,
  leadingZeroBits,
  maskPhone,
  normalizeMobile,
  normalizeTrackingCode,
  opinionTextProblem,
  opinionTitle,
  PUBLIC_LIMITS,
  phoneTail,
  powDifficulty,
  publicTimeline,
  type RateRule,
  SATISFACTIONS,
  type Satisfaction,
  sanitizeText,
  scopePrefix,
  trackingCodeFrom,
  VERIFY_CODE_TTL_MS,
  VERIFY_MAX_ATTEMPTS,
  windowStart,
} from '@lianluo/domain';
import { and, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/client.ts';
import {
  attachments,
  cases,
  categories,
  departments,
  deputies,
  deputyStations,
  idempotencyKeys,
  publicPhoneCodes,
  publicPowSpent,
  publicRateHits,
  stations,
} from '../../db/schema/index.ts';
import { idempotent } from '../../http/idempotency.ts';
import { recordIntakeSuggestion } from '../analytics/analytics.queries.ts';
import { listEvents } from '../cases/cases.queries.ts';
import { registerCase, transitionCase } from '../cases/cases.service.ts';
import { enqueue } from '../notify/notify.service.ts';

type PublicDeps = Omit<Deps, 'log'>;

/**
 * Owner of the public pages' Idempotency-Keys. The public have no account, so keys share one
 * owner; they are client-generated random values (or issued with the form), and a replay must
 * also carry the very same body, so one person cannot pick up another's answer.
 */
export const PUBLIC_IDEMPOTENCY_OWNER = '00000000-0000-4000-8000-00000000f00d';
const PUBLIC_ROUTE = 'publicOpinion';

/** A refusal on a public page: a Chinese message, the status, and the field it concerns. */
export class PublicError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly field?: string,
    /** A fresh proof-of-work challenge the page must solve before resending. */
    readonly pow?: { challenge: string; bits: number },
    /** Texts of the form as they would be stored, for the person to check and send again. */
    readonly cleaned?: Partial<Record<'content' | 'name' | 'address' | 'comment', string>>,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------- rate limits

const bucket = (deps: PublicDeps, rule: string, value: string) => `${rule}:${deps.crypto.blindIndex(value)}`;

/** Hits so far in the current window. */
export async function rateCount(db: Db, key: string, rule: RateRule, at: Date): Promise<number> {
  const [row] = await db
    .select({ count: publicRateHits.count })
    .from(publicRateHits)
    .where(
      and(
        eq(publicRateHits.bucket, key),
        eq(publicRateHits.windowStart, windowStart(at, rule.windowSeconds)),
      ),
    );
  return row?.count ?? 0;
}

/** Counts one hit (one atomic upsert, so concurrent processes agree) and returns the new count. */
export async function rateHit(db: Db, key: string, rule: RateRule, at: Date): Promise<number> {
  const start = windowStart(at, rule.windowSeconds);
  const [row] = await db
    .insert(publicRateHits)
    .values({ bucket: key, windowStart: start, count: 1 })
    .onConflictDoUpdate({
      target: [publicRateHits.bucket, publicRateHits.windowStart],
      set: { count: sql`${publicRateHits.count} + 1` },
    })
    .returning({ count: publicRateHits.count });
  // Old windows are dead weight: sweep them now and then rather than with a timer.
  if (Math.random() < 0.02) {
    await db
      .delete(publicRateHits)
      .where(lt(publicRateHits.windowStart, new Date(at.getTime() - 2 * 86_400_000)));
  }
  return row!.count;
}

const TOO_MANY = (what: string) => new PublicError(`${what}过于频繁，请稍后再试`, 429);

// ---------------------------------------------------------------- proof of work

/**
 * A challenge the server signs (keyed SM3 of the field key), so it needs no storage until spent:
 * `expiry.bits.random.signature`. The page finds a nonce such that SHA-256(challenge ":" nonce)
 * starts with `bits` zero bits.
 */
export function issueChallenge(deps: PublicDeps, bits: number, at: Date): string {
  const body = `${at.getTime() + 10 * 60_000}.${bits}.${randomBytes(12).toString('base64url')}`;
  return `${body}.${deps.crypto.blindIndex(`pow:${body}`)}`;
}

/** Checks a solution; returns the hash to spend, or throws with a fresh challenge. */
function checkPow(deps: PublicDeps, challenge: string, nonce: string, required: number, at: Date): string {
  const retry = (msg: string) =>
    new PublicError(msg, 429, 'pow', { challenge: issueChallenge(deps, required, at), bits: required });
  if (!challenge || !nonce) {
    throw retry('提交较频繁，需要先完成一次自动验证。请开启浏览器的 JavaScript 后重新提交，或一小时后再试。');
  }
  const parts = challenge.split('.');
  const [exp, bits] = parts;
  const body = parts.slice(0, 3).join('.');
  const sig = Buffer.from(parts[3] ?? '');
  const want = Buffer.from(deps.crypto.blindIndex(`pow:${body}`));
  if (parts.length !== 4 || sig.length !== want.length || !timingSafeEqual(sig, want))
    throw retry('验证无效，请重新提交');
  if (Number(exp) < at.getTime()) throw retry('验证已过期，请重新提交');
  if (Number(bits) < required) throw retry('验证难度不足，请重新提交');
  const hash = createHash('sha256')
    .update(`${challenge}:${nonce.slice(0, 40)}`)
    .digest();
  if (leadingZeroBits(hash) < Number(bits)) throw retry('验证未通过，请重新提交');
  return createHash('sha256').update(challenge).digest('base64url');
}

// ---------------------------------------------------------------- one-time codes

const codeHash = (deps: PublicDeps, id: string, code: string) => deps.crypto.blindIndex(`code:${id}:${code}`);

/**
 * Sends a 6-digit code to a phone through the outbox (SMS). Limited per phone (one a minute, five
 * an hour) and per IP. Only a keyed hash of the code is kept on the code row.
 */
export async function requestCode(
  deps: PublicDeps,
  input: { phone: string; stationId: string; ip: string },
  at: Date,
): Promise<{ masked: string }> {
  const phone = normalizeMobile(input.phone ?? '');
  if (!phone) throw new PublicError('请填写正确的11位手机号码', 400, 'phone');
  const station = await findStation(deps.db, input.stationId);
  if (!station) throw new PublicError('请先选择联络站', 400, 'station');
  const db = deps.db;
  const ipKey = bucket(deps, 'code-ip', input.ip);
  const phoneMin = bucket(deps, 'code-phone-min', phone);
  const phoneHour = bucket(deps, 'code-phone', phone);
  if (
    (await rateCount(db, phoneMin, PUBLIC_LIMITS.codePhoneMinute, at)) >= PUBLIC_LIMITS.codePhoneMinute.max
  ) {
    throw new PublicError('验证码已发送，请一分钟后再重新获取', 429, 'phone');
  }
  if (
    (await rateCount(db, phoneHour, PUBLIC_LIMITS.codePhone, at)) >= PUBLIC_LIMITS.codePhone.max ||
    (await rateCount(db, ipKey, PUBLIC_LIMITS.codeIp, at)) >= PUBLIC_LIMITS.codeIp.max
  ) {
    throw TOO_MANY('获取验证码');
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await rateHit(t, phoneMin, PUBLIC_LIMITS.codePhoneMinute, at);
    await rateHit(t, phoneHour, PUBLIC_LIMITS.codePhone, at);
    await rateHit(t, ipKey, PUBLIC_LIMITS.codeIp, at);
    const id = randomUUID();
    await t.insert(publicPhoneCodes).values({
      id,
      phoneIndex: deps.crypto.blindIndex(phone),
      regionCode: station.regionCode,
      codeHash: codeHash(deps, id, code),
      createdAt: at,
      expiresAt: new Date(at.getTime() + VERIFY_CODE_TTL_MS),
    });
    await enqueue(t, at, [
      {
        regionCode: station.regionCode,
        channel: 'sms',
        recipient: deps.crypto.encrypt(phone),
        template: 'verify_code',
        vars: { code, minutes: String(VERIFY_CODE_TTL_MS / 60_000) },
      },
    ]);
  });
  return { masked: maskPhone(phone) };
}

/**
 * Checks a code against the newest live code of the phone. A wrong code counts one try (committed
 * even though the submission fails); the fifth wrong try locks the code.
 */
async function verifyCode(deps: PublicDeps, phone: string, code: string, at: Date): Promise<string> {
  const db = deps.db;
  const [row] = await db
    .select()
    .from(publicPhoneCodes)
    .where(
      and(
        eq(publicPhoneCodes.phoneIndex, deps.crypto.blindIndex(phone)),
        isNull(publicPhoneCodes.usedAt),
        gt(publicPhoneCodes.expiresAt, at),
      ),
    )
    .orderBy(desc(publicPhoneCodes.createdAt))
    .limit(1);
  if (!row) throw new PublicError('验证码已过期或尚未获取，请先获取验证码', 400, 'code');
  if (row.attempts >= VERIFY_MAX_ATTEMPTS) {
    throw new PublicError('验证码输错次数过多，已失效，请重新获取验证码', 400, 'code');
  }
  const typed = (code ?? '').normalize('NFKC').replace(/\s/g, '');
  const want = Buffer.from(row.codeHash);
  const got = Buffer.from(/^\d{6}$/.test(typed) ? codeHash(deps, row.id, typed) : '');
  if (got.length === want.length && timingSafeEqual(got, want)) return row.id;
  const [u] = await db
    .update(publicPhoneCodes)
    .set({ attempts: sql`${publicPhoneCodes.attempts} + 1` })
    .where(eq(publicPhoneCodes.id, row.id))
    .returning({ attempts: publicPhoneCodes.attempts });
  const left = VERIFY_MAX_ATTEMPTS - (u?.attempts ?? VERIFY_MAX_ATTEMPTS);
  if (left <= 0) throw new PublicError('验证码输错次数过多，已失效，请重新获取验证码', 400, 'code');
  throw new PublicError(`验证码不正确，还可以再试 ${left} 次`, 400, 'code');
}

// ---------------------------------------------------------------- stations

export async function findStation(db: Db, id: string | undefined) {
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [s] = await db
    .select({ id: stations.id, name: stations.name, regionCode: stations.regionCode })
    .from(stations)
    .where(eq(stations.id, id));
  return s ?? null;
}

/** A deputy and the stations the deputy is grouped into (for ?deputy=). */
export async function findDeputy(db: Db, id: string | undefined) {
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [d] = await db
    .select({ id: deputies.id, name: deputies.name })
    .from(deputies)
    .where(eq(deputies.id, id));
  if (!d) return null;
  const sts = await db
    .select({ id: stations.id, name: stations.name, regionCode: stations.regionCode })
    .from(deputyStations)
    .innerJoin(stations, eq(stations.id, deputyStations.stationId))
    .where(eq(deputyStations.deputyId, id))
    .orderBy(stations.name);
  return { ...d, stations: sts };
}

export async function listCategories(db: Db) {
  return db.select().from(categories).orderBy(categories.key);
}

// ---------------------------------------------------------------- submission

/** The form as typed (strings only; files separately). */
export interface OpinionForm {
  station?: string;
  deputy?: string;
  content?: string;
  category?: string;
  address?: string;
  latitude?: string;
  longitude?: string;
  name?: string;
  phone?: string;
  code?: string;
  anonymous?: string;
  consent?: string;
  powChallenge?: string;
  powNonce?: string;
  /** The category suggestion the page showed (signed; see signSuggestion), set by its script. */
  suggestion?: string;
  /** 'qr' when the page was opened from a station's or deputy's code, 'web' when picked on the site. */
  via?: string;
}

/** A photo of the form, already decoded and re-encoded as a JPEG without metadata. */
export interface Photo {
  bytes: Buffer;
  /** SHA-256 (hex) of the file as the browser sent it: what the Idempotency-Key binds. */
  sent: string;
}

export interface Submitted {
  caseId: string;
  number: string;
  anonymous: boolean;
}

const num = (s: string | undefined, lo: number, hi: number) => {
  if (!s?.trim()) return null;
  const n = Number(s);
  return Number.isFinite(n) && n >= lo && n <= hi ? n : null;
};

/**
 * Text with characters its writer could not see (zero-width, bidi controls) or Latin words spelled
 * with Cyrillic or Greek look-alikes is not stored: what is kept must be what the person saw. The
 * form comes back with every such text cleaned (the last check, so nothing else is then wrong), and
 * sending that back is accepted. Nothing is stored before this, the Idempotency-Key included, so
 * the page may resend under the same key.
 */
function refuseHidden(
  texts: (readonly ['content' | 'name' | 'address' | 'comment', string, string, string])[],
) {
  const labels: string[] = [];
  const found = { invisible: false, confusable: false };
  const cleaned: Partial<Record<'content' | 'name' | 'address' | 'comment', string>> = {};
  let field: string | undefined;
  for (const [key, label, raw, clean] of texts) {
    const h = hiddenCharacters(raw);
    if (!h.invisible && !h.confusable) continue;
    found.invisible ||= h.invisible;
    found.confusable ||= h.confusable;
    labels.push(label);
    cleaned[key] = clean;
    field ??= key;
  }
  if (field) {
    throw new PublicError(hiddenCharactersMessage(labels, found), 400, field, undefined, cleaned);
  }
}

/** Checks the form without touching the database; throws the first problem. */
function validate(form: OpinionForm) {
  const content = sanitizeText(form.content ?? '');
  const textProblem = opinionTextProblem(content);
  if (textProblem) throw new PublicError(textProblem, 400, 'content');
  const anonymous = form.anonymous === '1' || form.anonymous === 'on';
  const name = sanitizeText(form.name ?? '');
  let phone: string | null = null;
  if (!anonymous) {
    if (!name) throw new PublicError('请填写姓名，或选择匿名反映', 400, 'name');
    if (charCount(name) > 30) throw new PublicError('姓名过长（最多30字）', 400, 'name');
    phone = normalizeMobile(form.phone ?? '');
    if (!phone) throw new PublicError('请填写正确的11位手机号码，或选择匿名反映', 400, 'phone');
  }
  const address = sanitizeText(form.address ?? '');
  if (charCount(address) > 200) throw new PublicError('地址过长（最多200字）', 400, 'address');
  if (/[<>]/.test(address)) throw new PublicError('地址中不能含有 < > 等符号', 400, 'address');
  const category = form.category?.trim() || null;
  if (category && !/^[a-z_]{1,40}$/.test(category))
    throw new PublicError('请选择列表中的类别', 400, 'category');
  refuseHidden([
    ['content', '内容', form.content ?? '', content],
    ...(anonymous ? [] : [['name', '姓名', form.name ?? '', name] as const]),
    ['address', '地址', form.address ?? '', address],
  ]);
  return {
    content,
    anonymous,
    name: anonymous ? null : name,
    phone,
    address: address || null,
    category,
    latitude: num(form.latitude, -90, 90),
    longitude: num(form.longitude, -180, 180),
    consent: form.consent === '1' || form.consent === 'on',
  };
}

/** What the Idempotency-Key binds: the opinion itself, not the code or the proof of work. */
function requestBody(form: OpinionForm, photos: Photo[]) {
  return {
    station: form.station ?? '',
    deputy: form.deputy ?? '',
    content: sanitizeText(form.content ?? ''),
    category: form.category ?? '',
    address: form.address ?? '',
    latitude: form.latitude ?? '',
    longitude: form.longitude ?? '',
    name: form.name ?? '',
    phone: form.phone ?? '',
    anonymous: form.anonymous ?? '',
    consent: form.consent ?? '',
    photos: photos.map((p) => p.sent),
  };
}

/** The answer stored under an Idempotency-Key, if that key was used (with this very body). */
export async function replayed(db: Db, key: string): Promise<Submitted | null> {
  const [row] = await db
    .select({ response: idempotencyKeys.response, route: idempotencyKeys.route })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.actorId, PUBLIC_IDEMPOTENCY_OWNER), eq(idempotencyKeys.key, key)));
  if (!row || row.route !== PUBLIC_ROUTE || !row.response) return null;
  return row.response as Submitted;
}

/**
 * Registers an opinion from the public form as a case: checks the text, the phone's one-time code,
 * the rate limits and (past the soft limit) a proof of work, then creates the case through the case
 * service with its photos, all in one transaction under the Idempotency-Key — a resend with the
 * same key and body returns the first answer and creates nothing.
 */
export async function submitOpinion(
  deps: PublicDeps,
  input: { form: OpinionForm; photos: Photo[]; key: string; ip: string },
  at: Date,
): Promise<Submitted> {
  const { form, photos, key, ip } = input;
  const db = deps.db;
  if (!/^[A-Za-z0-9_.:-]{16,128}$/.test(key)) throw new PublicError('页面已过期，请刷新后重新提交', 400);
  const v = validate(form);
  const station = await findStation(db, form.station);
  if (!station) throw new PublicError('请选择要反映到的联络站', 400, 'station');
  let deputyIds: string[] = [];
  if (form.deputy) {
    const d = await findDeputy(db, form.deputy);
    if (!d?.stations.some((s) => s.id === station.id))
      throw new PublicError('代表不在此联络站', 400, 'station');
    deputyIds = [d.id];
  }
  if (v.category) {
    const [c] = await db.select().from(categories).where(eq(categories.key, v.category));
    if (!c) throw new PublicError('请选择列表中的类别', 400, 'category');
  }
  const body = requestBody(form, photos);
  // A resend of an accepted opinion answers at once: no limits, no code, no second case.
  const prior = await db
    .select({ hash: idempotencyKeys.requestHash })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.actorId, PUBLIC_IDEMPOTENCY_OWNER), eq(idempotencyKeys.key, key)));
  if (prior.length > 0) {
    return submitUnderKey(db, key, body, at, async () => {
      throw new PublicError('页面已过期，请刷新后重新提交', 409);
    });
  }

  const ipKey = bucket(deps, 'submit-ip', ip);
  const ipSoft = bucket(deps, 'submit-ip-soft', ip);
  const recent = await rateCount(db, ipSoft, PUBLIC_LIMITS.submitIpSoft, at);
  if ((await rateCount(db, ipKey, PUBLIC_LIMITS.submitIp, at)) >= PUBLIC_LIMITS.submitIp.max)
    throw TOO_MANY('提交');
  const phoneKey = v.phone ? bucket(deps, 'submit-phone', v.phone) : null;
  if (
    phoneKey &&
    (await rateCount(db, phoneKey, PUBLIC_LIMITS.submitPhone, at)) >= PUBLIC_LIMITS.submitPhone.max
  ) {
    throw new PublicError('这个手机号码今天反映的意见已较多，请明天再提交，或到联络站当面反映', 429, 'phone');
  }
  const bits = powDifficulty(recent);
  const powSpent = bits > 0 ? checkPow(deps, form.powChallenge ?? '', form.powNonce ?? '', bits, at) : null;
  const codeId = v.phone ? await verifyCode(deps, v.phone, form.code ?? '', at) : null;

  return submitUnderKey(db, key, body, at, async (tx) => {
    if (powSpent) {
      const spent = await tx
        .insert(publicPowSpent)
        .values({ challengeHash: powSpent, spentAt: at })
        .onConflictDoNothing()
        .returning();
      if (spent.length === 0) throw new PublicError('验证已使用过，请重新提交', 429, 'pow');
    }
    if (codeId) {
      const used = await tx
        .update(publicPhoneCodes)
        .set({ usedAt: at })
        .where(and(eq(publicPhoneCodes.id, codeId), isNull(publicPhoneCodes.usedAt)))
        .returning({ id: publicPhoneCodes.id });
      if (used.length === 0) throw new PublicError('验证码已使用，请重新获取', 400, 'code');
    }
    const row = await registerCase(
      deps,
      tx,
      {
        regionCode: station.regionCode,
        stationId: station.id,
        // From a station's or deputy's QR code, or picked on the site.
        channel: form.via === 'web' ? 'web' : 'qr',
        categoryKey: v.category,
        title: opinionTitle(v.content),
        content: v.content,
        personName: v.name,
        personPhone: v.phone,
        address: v.address,
        latitude: v.latitude,
        longitude: v.longitude,
        anonymous: v.anonymous,
        consentPublish: v.consent,
        deputyIds,
      },
      { id: null, name: '群众（网上反映）' },
      at,
    );
    // The suggestion the page showed, with the person's choice: accepted or changed at once when
    // they chose a category, else decided by staff at triage (as for the console's intake form).
    const shown = readSuggestion(deps, form.suggestion);
    if (shown) {
      try {
        await recordIntakeSuggestion(tx, row, shown, at);
      } catch (err) {
        // An unknown model or category (checked before any write): the opinion goes in without it.
        if (!(err instanceof AppError)) throw err;
      }
    }
    for (const [i, p] of photos.entries()) {
      const stored = await deps.storage.put(p.bytes);
      await tx.insert(attachments).values({
        caseId: row.id,
        regionCode: row.regionCode,
        fileName: `照片${i + 1}.jpg`,
        mime: 'image/jpeg',
        size: p.bytes.length,
        sha256: stored.sha256,
        storageKey: stored.key,
        createdAt: at,
      });
    }
    await rateHit(tx, ipKey, PUBLIC_LIMITS.submitIp, at);
    await rateHit(tx, ipSoft, PUBLIC_LIMITS.submitIpSoft, at);
    if (phoneKey) await rateHit(tx, phoneKey, PUBLIC_LIMITS.submitPhone, at);
    return { caseId: row.id, number: row.number, anonymous: v.anonymous };
  });
}

async function submitUnderKey(
  db: Db,
  key: string,
  body: unknown,
  at: Date,
  work: (tx: Db) => Promise<Submitted>,
): Promise<Submitted> {
  try {
    return await db.transaction(async (tx) =>
      idempotent(tx as unknown as Db, key, PUBLIC_IDEMPOTENCY_OWNER, PUBLIC_ROUTE, body, at, () =>
        work(tx as unknown as Db),
      ),
    );
  } catch (err) {
    if (err instanceof AppError && err.status === 422) {
      throw new PublicError('这份草稿已经提交过，内容却不同。若要反映新的问题，请刷新页面后重新填写。', 422);
    }
    throw err;
  }
}

/** The anonymous person's tracking code: derived from the case by keyed hash, so never stored. */
export function trackingCode(deps: PublicDeps, caseId: string): string {
  return trackingCodeFrom(Buffer.from(deps.crypto.blindIndex(`track:${caseId}`), 'base64url'));
}

export const shownTrackingCode = (deps: PublicDeps, caseId: string) =>
  formatTrackingCode(trackingCode(deps, caseId));

// ---------------------------------------------------------------- category suggestion

/** The classifier's first choice as the form showed it, to be recorded with the case. */
export interface ShownSuggestion {
  modelVersion: string;
  categoryKey: string;
  score: number;
}

const signature = (deps: PublicDeps, body: string) => deps.crypto.blindIndex(`suggestion:${body}`);

/**
 * `version|category|score|signature`: the suggestion travels through the form in a hidden field,
 * signed (keyed SM3) so a forged one cannot skew the classifier's acceptance rate.
 */
export function signSuggestion(deps: PublicDeps, s: ShownSuggestion): string {
  const body = `${s.modelVersion}|${s.categoryKey}|${s.score}`;
  return `${body}|${signature(deps, body)}`;
}

/** The suggestion a form carried back, or null when absent, malformed or not signed by us. */
export function readSuggestion(deps: PublicDeps, token: string | undefined): ShownSuggestion | null {
  if (!token || token.length > 300) return null;
  const parts = token.split('|');
  if (parts.length !== 4) return null;
  const [modelVersion, categoryKey, score] = parts as [string, string, string, string];
  const got = Buffer.from(parts[3]!);
  const want = Buffer.from(signature(deps, `${modelVersion}|${categoryKey}|${score}`));
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  const n = Number(score);
  if (!modelVersion || !/^[a-z_]{1,40}$/.test(categoryKey) || !(n >= 0 && n <= 1)) return null;
  return { modelVersion, categoryKey, score: n };
}

// ---------------------------------------------------------------- tracking

const NOT_FOUND = () => new PublicError('没有找到：请核对查询编号和手机号后4位（匿名反映请填查询码）', 404);

/**
 * Finds a case by its number and the phone's last 4 digits (or, for an anonymous opinion, its
 * tracking code). A wrong secret answers exactly like an unknown number; lookups are limited per
 * IP, and failed ones per number, so a phone tail cannot be guessed.
 */
export async function findTracked(
  deps: PublicDeps,
  input: { number: string; secret: string; ip: string },
  at: Date,
): Promise<string> {
  const db = deps.db;
  const number = (input.number ?? '').normalize('NFKC').trim().toUpperCase().slice(0, 40);
  const ipKey = bucket(deps, 'track-ip', input.ip);
  const failKey = bucket(deps, 'track-fail', number);
  if (
    (await rateHit(db, ipKey, PUBLIC_LIMITS.trackIp, at)) > PUBLIC_LIMITS.trackIp.max ||
    (await rateCount(db, failKey, PUBLIC_LIMITS.trackFailNumber, at)) >= PUBLIC_LIMITS.trackFailNumber.max
  ) {
    throw TOO_MANY('查询');
  }
  const [row] = number
    ? await db
        .select({ id: cases.id, anonymous: cases.anonymous, phoneMasked: cases.personPhoneMasked })
        .from(cases)
        .where(eq(cases.number, number))
    : [];
  const secret = input.secret ?? '';
  let ok = false;
  if (row) {
    const tail = phoneTail(secret);
    if (tail && row.phoneMasked && !row.anonymous) ok = row.phoneMasked.slice(-4) === tail;
    const code = normalizeTrackingCode(secret);
    if (code && row.anonymous) ok = code === trackingCode(deps, row.id);
  }
  if (!ok) {
    await rateHit(db, failKey, PUBLIC_LIMITS.trackFailNumber, at);
    throw NOT_FOUND();
  }
  return row!.id;
}

/** A signed, short-lived token naming the case found, for the tracking page's cookie. */
export function trackToken(deps: PublicDeps, caseId: string, at: Date): string {
  const body = `${caseId}.${at.getTime() + 30 * 60_000}`;
  return `${body}.${deps.crypto.blindIndex(`track-token:${body}`)}`;
}

export function readTrackToken(deps: PublicDeps, token: string | undefined, at: Date): string | null {
  if (!token) return null;
  const [id, exp, sig] = token.split('.');
  if (!id || !exp || !sig) return null;
  const want = Buffer.from(deps.crypto.blindIndex(`track-token:${id}.${exp}`));
  const got = Buffer.from(sig);
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  return Number(exp) > at.getTime() ? id : null;
}

/** What the tracking page shows: no staff names, no internal notes, the phone masked. */
export async function trackView(deps: PublicDeps, caseId: string) {
  const db = deps.db;
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) throw NOT_FOUND();
  const events = await listEvents(db, caseId);
  const deptIds = events
    .map((e) => (e.payload as Record<string, unknown>)?.leadDepartmentId)
    .filter((x): x is string => typeof x === 'string');
  const depts = deptIds.length
    ? await db
        .select({ id: departments.id, name: departments.name })
        .from(departments)
        .where(inArray(departments.id, deptIds))
    : [];
  const names = new Map(depts.map((d) => [d.id, d.name]));
  const station = c.stationId ? await findStation(db, c.stationId) : null;
  return {
    number: c.number,
    status: c.status,
    content: c.content,
    registeredAt: c.registeredAt,
    stationName: station?.name ?? null,
    phoneMasked: c.anonymous ? null : c.personPhoneMasked,
    canRate: c.status === 'fed_back',
    timeline: publicTimeline(
      events.map((e) => ({
        at: e.at,
        action: e.action,
        payload: (e.payload ?? {}) as Record<string, unknown>,
      })),
      (id) => names.get(id),
    ),
  };
}

/** The person's rating, through the case's real rate transition. */
export async function rateTracked(
  deps: PublicDeps,
  caseId: string,
  input: { satisfaction?: string; comment?: string },
  at: Date,
): Promise<void> {
  if (!SATISFACTIONS.includes(input.satisfaction as Satisfaction)) {
    throw new PublicError('请选择：满意、基本满意或不满意', 400, 'satisfaction');
  }
  const comment = sanitizeText(input.comment ?? '');
  if (charCount(comment) > COMMENT_MAX_CHARS) {
    throw new PublicError(`评价意见最多 ${COMMENT_MAX_CHARS} 字`, 400, 'comment');
  }
  if (opinionTextProblem(comment || '-')) throw new PublicError('评价意见中不能含有网页代码', 400, 'comment');
  refuseHidden([['comment', '评价意见', input.comment ?? '', comment]]);
  const [c] = await deps.db.select({ status: cases.status }).from(cases).where(eq(cases.id, caseId));
  if (c?.status !== 'fed_back') throw new PublicError('这件意见现在不能评价（已评价过，或尚未反馈）', 409);
  await deps.db.transaction(async (tx) => {
    await transitionCase(
      deps,
      tx as unknown as Db,
      caseId,
      'rate',
      {
        satisfaction: input.satisfaction as Satisfaction,
        note: comment ? `群众评价意见：${comment}` : undefined,
      },
      { id: null, name: '群众（网上评价）' },
      at,
    );
  });
}

/** Regions (towns) that have stations, for the town → station picker. */
export async function stationsByTown(db: Db) {
  const rows = await db
    .select({ id: stations.id, name: stations.name, regionCode: stations.regionCode })
    .from(stations)
    .orderBy(stations.regionCode, stations.name);
  return rows.map((r) => ({ ...r, town: scopePrefix(r.regionCode).slice(0, 9).padEnd(12, '0') }));
}
