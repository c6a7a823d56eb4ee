import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  maskPhone,
  normalizeMobile,
  PUBLIC_LIMITS,
  VERIFY_CODE_TTL_MS,
  VERIFY_MAX_ATTEMPTS,
} from '@lianluo/domain';
import type { Deps } from '../../core/context.ts';
import { rateBucket, rateHit, rateSpent } from '../../core/rate-limit.ts';
import type { Db } from '../../db/client.ts';
import { enqueue } from '../notify/notify.service.ts';
import { PublicError, tooMany } from './opinion.errors.ts';
import * as q from './opinion.queries.ts';
import { findStation } from './station.data.ts';

/**
 * One-time codes that prove a phone: 6 digits by SMS through the outbox, only a keyed hash kept,
 * valid 10 minutes, used once, locked after five wrong tries.
 */
type CodeDeps = Omit<Deps, 'log'>;

const codeHash = (deps: Pick<Deps, 'crypto'>, id: string, code: string) =>
  deps.crypto.blindIndex(`code:${id}:${code}`);

/**
 * Sends a 6-digit code to a phone through the outbox (SMS). Limited per phone (one a minute, five
 * an hour) and per IP. Only a keyed hash of the code is kept on the code row.
 */
export async function requestCode(
  deps: CodeDeps,
  input: { phone: string; stationId: string; ip: string },
  at: Date,
): Promise<{ masked: string }> {
  const phone = normalizeMobile(input.phone ?? '');
  if (!phone) throw new PublicError('请填写正确的11位手机号码', 400, 'phone');
  const station = await findStation(deps.db, input.stationId);
  if (!station) throw new PublicError('请先选择联络站', 400, 'station');
  const db = deps.db;
  const ipKey = rateBucket(deps.crypto, 'code-ip', input.ip);
  const phoneMin = rateBucket(deps.crypto, 'code-phone-min', phone);
  const phoneHour = rateBucket(deps.crypto, 'code-phone', phone);
  if (await rateSpent(db, phoneMin, PUBLIC_LIMITS.codePhoneMinute, at)) {
    throw new PublicError('验证码已发送，请一分钟后再重新获取', 429, 'phone');
  }
  if (
    (await rateSpent(db, phoneHour, PUBLIC_LIMITS.codePhone, at)) ||
    (await rateSpent(db, ipKey, PUBLIC_LIMITS.codeIp, at))
  ) {
    throw tooMany('获取验证码');
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await db.transaction(async (tx) => {
    await rateHit(tx, phoneMin, PUBLIC_LIMITS.codePhoneMinute, at);
    await rateHit(tx, phoneHour, PUBLIC_LIMITS.codePhone, at);
    await rateHit(tx, ipKey, PUBLIC_LIMITS.codeIp, at);
    const id = randomUUID();
    await q.insertPhoneCode(tx, {
      id,
      phoneIndex: deps.crypto.blindIndex(phone),
      regionCode: station.regionCode,
      codeHash: codeHash(deps, id, code),
      createdAt: at,
      expiresAt: new Date(at.getTime() + VERIFY_CODE_TTL_MS),
    });
    await enqueue(tx, at, [
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

const LOCKED = () => new PublicError('验证码输错次数过多，已失效，请重新获取验证码', 400, 'code');

/**
 * Checks a code against the newest live code of the phone; returns the code row's id to spend. A
 * wrong code counts one try (committed even though the submission fails); the fifth wrong try
 * locks the code.
 */
export async function verifyCode(
  deps: Pick<Deps, 'crypto' | 'db'>,
  phone: string,
  code: string,
  at: Date,
): Promise<string> {
  const row = await q.newestLiveCode(deps.db, deps.crypto.blindIndex(phone), at);
  if (!row) throw new PublicError('验证码已过期或尚未获取，请先获取验证码', 400, 'code');
  if (row.attempts >= VERIFY_MAX_ATTEMPTS) throw LOCKED();
  const typed = (code ?? '').normalize('NFKC').replace(/\s/g, '');
  const want = Buffer.from(row.codeHash);
  const got = Buffer.from(/^\d{6}$/.test(typed) ? codeHash(deps, row.id, typed) : '');
  if (got.length === want.length && timingSafeEqual(got, want)) return row.id;
  const attempts = await q.countWrongTry(deps.db, row.id);
  const left = VERIFY_MAX_ATTEMPTS - (attempts ?? VERIFY_MAX_ATTEMPTS);
  if (left <= 0) throw LOCKED();
  throw new PublicError(`验证码不正确，还可以再试 ${left} 次`, 400, 'code');
}

/** Spends a checked code in the submission's transaction: a code counts once. */
export async function spendCode(tx: Db, codeId: string, at: Date): Promise<void> {
  if (!(await q.markCodeUsed(tx, codeId, at))) throw new PublicError('验证码已使用，请重新获取', 400, 'code');
}
