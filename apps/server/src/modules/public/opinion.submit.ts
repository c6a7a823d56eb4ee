import {
  charCount,
  normalizeMobile,
  opinionTextProblem,
  opinionTitle,
  PUBLIC_LIMITS,
  powDifficulty,
  sanitizeText,
} from '@lianluo/domain';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { rateBucket, rateCount, rateHit, rateSpent } from '../../core/rate-limit.ts';
import type { Db } from '../../db/client.ts';
import { idempotent } from '../../http/idempotency.ts';
import { recordIntakeSuggestion } from '../analytics/analytics.queries.ts';
import { registerCase } from '../cases/registration.ts';
import { spendCode, verifyCode } from './opinion.codes.ts';
import { PublicError, refuseHidden, tooMany } from './opinion.errors.ts';
import { checkPow, softBucket, spendPow } from './opinion.pow.ts';
import * as q from './opinion.queries.ts';
import { readSuggestion } from './opinion.suggestion.ts';
import { isRecord } from './params.ts';
import { categoryExists } from './public.queries.ts';
import type { OpinionForm, Photo, Submitted } from './public.schemas.ts';
import { findDeputy, findStation } from './station.data.ts';

/**
 * Owner of the public pages' Idempotency-Keys. The public have no account, so keys share one
 * owner; they are client-generated random values (or issued with the form), and a replay must
 * also carry the very same body, so one person cannot pick up another's answer.
 */
const PUBLIC_IDEMPOTENCY_OWNER = '00000000-0000-4000-8000-00000000f00d';
const PUBLIC_ROUTE = 'publicOpinion';
/** The shape of an Idempotency-Key the form may carry. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{16,128}$/;

const num = (s: string | undefined, lo: number, hi: number) => {
  if (!s?.trim()) return null;
  const n = Number(s);
  return Number.isFinite(n) && n >= lo && n <= hi ? n : null;
};

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

const isSubmitted = (v: unknown): v is Submitted =>
  isRecord(v) && typeof v.caseId === 'string' && typeof v.number === 'string';

/** The answer stored under an Idempotency-Key, if that key was used (with this very body). */
export async function replayed(db: Db, key: string): Promise<Submitted | null> {
  const row = await q.idempotencyRow(db, PUBLIC_IDEMPOTENCY_OWNER, key);
  if (!row || row.route !== PUBLIC_ROUTE || !row.response) return null;
  return isSubmitted(row.response) ? row.response : null;
}

/**
 * Registers an opinion from the public form as a case: checks the text, the phone's one-time code,
 * the rate limits and (past the soft limit) a proof of work, then creates the case through the case
 * service with its photos, all in one transaction under the Idempotency-Key — a resend with the
 * same key and body returns the first answer and creates nothing.
 */
export async function submitOpinion(
  deps: Omit<Deps, 'log'>,
  input: { form: OpinionForm; photos: Photo[]; key: string; ip: string },
  at: Date,
): Promise<Submitted> {
  const { form, photos, key, ip } = input;
  const db = deps.db;
  if (!IDEMPOTENCY_KEY.test(key)) throw new PublicError('页面已过期，请刷新后重新提交', 400);
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
  if (v.category && !(await categoryExists(db, v.category))) {
    throw new PublicError('请选择列表中的类别', 400, 'category');
  }
  const body = requestBody(form, photos);
  // A resend of an accepted opinion answers at once: no limits, no code, no second case.
  if (await q.idempotencyRow(db, PUBLIC_IDEMPOTENCY_OWNER, key)) {
    return submitUnderKey(db, key, body, at, async () => {
      throw new PublicError('页面已过期，请刷新后重新提交', 409);
    });
  }

  const ipKey = rateBucket(deps.crypto, 'submit-ip', ip);
  const ipSoft = softBucket(deps, ip);
  const recent = await rateCount(db, ipSoft, PUBLIC_LIMITS.submitIpSoft, at);
  if (await rateSpent(db, ipKey, PUBLIC_LIMITS.submitIp, at)) throw tooMany('提交');
  const phoneKey = v.phone ? rateBucket(deps.crypto, 'submit-phone', v.phone) : null;
  if (phoneKey && (await rateSpent(db, phoneKey, PUBLIC_LIMITS.submitPhone, at))) {
    throw new PublicError('这个手机号码今天反映的意见已较多，请明天再提交，或到联络站当面反映', 429, 'phone');
  }
  const bits = powDifficulty(recent);
  const powSpent = bits > 0 ? checkPow(deps, form.powChallenge ?? '', form.powNonce ?? '', bits, at) : null;
  const codeId = v.phone ? await verifyCode(deps, v.phone, form.code ?? '', at) : null;

  return submitUnderKey(db, key, body, at, async (tx) => {
    if (powSpent) await spendPow(tx, powSpent, at);
    if (codeId) await spendCode(tx, codeId, at);
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
      await q.insertAttachment(tx, {
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
      idempotent(tx, key, PUBLIC_IDEMPOTENCY_OWNER, PUBLIC_ROUTE, body, at, () => work(tx)),
    );
  } catch (err) {
    if (err instanceof AppError && err.status === 422) {
      throw new PublicError('这份草稿已经提交过，内容却不同。若要反映新的问题，请刷新页面后重新填写。', 422);
    }
    throw err;
  }
}
