import { isLate, shanghaiDate } from '@lianluo/domain';
import QRCode from 'qrcode';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { stationInScope } from '../stations/stations.service.ts';
import { checkInToken, checkInTokenProblem } from './checkin-token.ts';
import { shiftInScope } from './rota.manage.ts';
import * as q from './rota.queries.ts';
import type { Attendance, CheckedIn, CheckInBody, CheckInCode, Ok } from './rota.schemas.ts';
import { checkIn } from './rota.service.ts';

type D = Omit<Deps, 'log'>;

// ---------------------------------------------------------------------------------------------
// Check-in (进站签到) and absence.

const hhmm = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);

/** Today's check-in code of a station (签到码) with the URL it opens and its QR code, for `origin`. */
export async function checkInCode(
  deps: D,
  actor: Actor,
  stationId: string,
  origin: string,
): Promise<CheckInCode> {
  await stationInScope(deps, actor, stationId);
  const date = shanghaiDate(deps.now());
  const token = checkInToken(deps.crypto, stationId, date);
  const url = `${origin}/checkin?station=${stationId}&token=${encodeURIComponent(token)}`;
  return { date, token, url, svg: await QRCode.toString(url, { type: 'svg', margin: 1 }) };
}

/** A deputy scans the station's daily code: it must be today's code of that station, and they must be rostered there today. */
export async function checkInWithToken(deps: D, actor: Actor, input: CheckInBody): Promise<CheckedIn> {
  if (!actor.deputyId) throw new AppError('unprocessable', '只有代表本人可以扫码签到');
  const now = deps.now();
  const today = shanghaiDate(now);
  const problem = checkInTokenProblem(deps.crypto, input.stationId, today, input.token);
  if (problem) throw new AppError('unprocessable', problem);
  const mine = await q.shiftOfDeputyOn(deps.db, actor.deputyId, input.stationId, today);
  if (!mine) throw new AppError('unprocessable', '您今天在该联络站没有接待安排');
  const late = isLate(mine.start, hhmm(now));
  await checkIn(deps.db, mine.shiftId, actor.deputyId, now, 'qr', late);
  return { shiftId: mine.shiftId, attendance: late ? 'late' : 'present' };
}

/** The liaison officer confirms a deputy is present (on the day of the shift). */
export async function confirmPresence(
  deps: D,
  actor: Actor,
  shiftId: string,
  deputyId: string,
): Promise<Attendance> {
  const shift = await shiftInScope(deps, actor, shiftId);
  const now = deps.now();
  if (shanghaiDate(now) !== shift.date)
    throw new AppError('unprocessable', `只能在接待当天（${shift.date}）确认到站`);
  const late = isLate(shift.startTime, hhmm(now));
  await checkIn(deps.db, shiftId, deputyId, now, 'officer', late);
  return { attendance: late ? 'late' : 'present' };
}

/** Records a no-show once the shift's day has come. */
export async function recordAbsence(deps: D, actor: Actor, shiftId: string, deputyId: string): Promise<Ok> {
  const shift = await shiftInScope(deps, actor, shiftId);
  if (shift.date > shanghaiDate(deps.now()))
    throw new AppError('unprocessable', '接待日尚未到，不能记为缺席');
  if (!(await q.setAbsentIfPending(deps.db, shiftId, deputyId))) {
    throw new AppError('unprocessable', '该代表不在此班次或已有签到记录');
  }
  return { ok: true };
}
