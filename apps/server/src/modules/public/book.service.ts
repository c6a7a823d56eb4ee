import { normalizeMobile, PUBLIC_LIMITS, shanghaiDate, shiftStarted } from '@lianluo/domain';
import type { Deps } from '../../core/context.ts';
import { rateBucket, rateHit, rateSpent } from '../../core/rate-limit.ts';
import { BookingRefused, book, hhmmShanghai } from '../appointments/appointments.service.ts';
import type { BookForm } from './public.schemas.ts';
import { loadStationPage } from './station.data.ts';

/** 预约代表 from the public page: the appointments service behind the public rate limits. */
type BookDeps = Omit<Deps, 'log'>;

/** The station of the booking form and its shifts that have not begun, or null for no station. */
export async function bookingPage(deps: Pick<Deps, 'db' | 'now'>, stationId: string) {
  const page = await loadStationPage(deps, stationId);
  if (!page) return null;
  // The page's shifts are shared for the day: one that has begun since is no longer offered.
  const now = deps.now();
  const open = page.shifts.filter((s) => !shiftStarted(s, shanghaiDate(now), hhmmShanghai(now)));
  return { st: page.st, today: page.today, shifts: open };
}

export type BookingPage = NonNullable<Awaited<ReturnType<typeof bookingPage>>>;

/**
 * Books through the appointments service, limited per IP and per phone (keyed hashes, no raw value
 * stored, counted across processes); only an accepted booking counts. A refusal is BookingRefused
 * (429 past a limit) with nothing stored.
 */
export async function bookVisit(
  deps: BookDeps,
  form: BookForm,
  ip: string,
): Promise<{ reference: string; id: string }> {
  const now = deps.now();
  const ipKey = rateBucket(deps.crypto, 'book-ip', ip);
  const phone = normalizeMobile(form.phone);
  const phoneKey = phone ? rateBucket(deps.crypto, 'book-phone', phone) : null;
  if (
    (await rateSpent(deps.db, ipKey, PUBLIC_LIMITS.bookIp, now)) ||
    (phoneKey && (await rateSpent(deps.db, phoneKey, PUBLIC_LIMITS.bookPhone, now)))
  ) {
    throw new BookingRefused('预约过于频繁，请稍后再试', 429);
  }
  const other = form.shift === 'other' || form.shift === '';
  const out = await book(deps, {
    stationId: form.station,
    shiftId: other ? null : form.shift,
    preferredDate: form.preferredDate,
    preferredTime: form.preferredTime,
    name: form.name,
    phone: form.phone,
    topic: form.topic,
  });
  await rateHit(deps.db, ipKey, PUBLIC_LIMITS.bookIp, now);
  if (phoneKey) await rateHit(deps.db, phoneKey, PUBLIC_LIMITS.bookPhone, now);
  return out;
}
