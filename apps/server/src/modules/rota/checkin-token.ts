import { timingSafeEqual } from 'node:crypto';
import type { FieldCrypto } from '../../crypto/fields.ts';

/**
 * The station's daily check-in code (签到码): an HMAC (keyed SM3) over the station and the date,
 * so a code is valid only at that station on that day. Printed as a QR by the liaison officer.
 */
export function checkInToken(crypto: FieldCrypto, stationId: string, date: string): string {
  return `${date}.${crypto.blindIndex(`checkin|${stationId}|${date}`).slice(0, 24)}`;
}

/** Why a code is refused, or null when it is today's code of this station. */
export function checkInTokenProblem(
  crypto: FieldCrypto,
  stationId: string,
  today: string,
  token: string,
): string | null {
  const [date, mac] = token.split('.');
  if (!date || !mac || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return '签到码格式不正确';
  const expected = Buffer.from(checkInToken(crypto, stationId, date));
  const got = Buffer.from(token);
  if (expected.length !== got.length || !timingSafeEqual(expected, got)) return '签到码不属于该联络站';
  if (date !== today) return `签到码是 ${date} 的，只在当天有效`;
  return null;
}
