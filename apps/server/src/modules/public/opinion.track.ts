import { timingSafeEqual } from 'node:crypto';
import {
  COMMENT_MAX_CHARS,
  charCount,
  formatTrackingCode,
  normalizeTrackingCode,
  opinionTextProblem,
  PUBLIC_LIMITS,
  phoneTail,
  publicTimeline,
  SATISFACTIONS,
  type Satisfaction,
  sanitizeText,
  trackingCodeFrom,
} from '@lianluo/domain';
import type { Deps } from '../../core/context.ts';
import { rateBucket, rateHit, rateSpent } from '../../core/rate-limit.ts';
import { listEvents } from '../cases/cases.queries.ts';
import { transitionCase } from '../cases/transitions/index.ts';
import { PublicError, refuseHidden, tooMany } from './opinion.errors.ts';
import * as q from './opinion.queries.ts';
import { isRecord } from './params.ts';
import { findStation } from './station.data.ts';

/**
 * Tracking an opinion (/p/track): found by its number and a secret (the phone's last 4 digits, or
 * an anonymous opinion's tracking code), shown without staff names or internal notes, and rated
 * by the person through the case's real rate transition.
 */
type TrackDeps = Omit<Deps, 'log'>;

/** The anonymous person's tracking code: derived from the case by keyed hash, so never stored. */
function trackingCode(deps: Pick<Deps, 'crypto'>, caseId: string): string {
  return trackingCodeFrom(Buffer.from(deps.crypto.blindIndex(`track:${caseId}`), 'base64url'));
}

export const shownTrackingCode = (deps: Pick<Deps, 'crypto'>, caseId: string) =>
  formatTrackingCode(trackingCode(deps, caseId));

const NOT_FOUND = () => new PublicError('没有找到：请核对查询编号和手机号后4位（匿名反映请填查询码）', 404);

/**
 * Finds a case by its number and the phone's last 4 digits (or, for an anonymous opinion, its
 * tracking code). A wrong secret answers exactly like an unknown number; lookups are limited per
 * IP, and failed ones per number, so a phone tail cannot be guessed.
 */
export async function findTracked(
  deps: TrackDeps,
  input: { number: string; secret: string; ip: string },
  at: Date,
): Promise<string> {
  const db = deps.db;
  const number = (input.number ?? '').normalize('NFKC').trim().toUpperCase().slice(0, 40);
  const ipKey = rateBucket(deps.crypto, 'track-ip', input.ip);
  const failKey = rateBucket(deps.crypto, 'track-fail', number);
  if (
    (await rateHit(db, ipKey, PUBLIC_LIMITS.trackIp, at)) > PUBLIC_LIMITS.trackIp.max ||
    (await rateSpent(db, failKey, PUBLIC_LIMITS.trackFailNumber, at))
  ) {
    throw tooMany('查询');
  }
  const row = number ? await q.caseByNumber(db, number) : undefined;
  const secret = input.secret ?? '';
  let ok = false;
  if (row) {
    const tail = phoneTail(secret);
    if (tail && row.phoneMasked && !row.anonymous) ok = row.phoneMasked.slice(-4) === tail;
    const code = normalizeTrackingCode(secret);
    if (code && row.anonymous) ok = code === trackingCode(deps, row.id);
  }
  if (!row || !ok) {
    await rateHit(db, failKey, PUBLIC_LIMITS.trackFailNumber, at);
    throw NOT_FOUND();
  }
  return row.id;
}

/** A signed, short-lived token naming the case found, for the tracking page's cookie. */
export function trackToken(deps: Pick<Deps, 'crypto'>, caseId: string, at: Date): string {
  const body = `${caseId}.${at.getTime() + 30 * 60_000}`;
  return `${body}.${deps.crypto.blindIndex(`track-token:${body}`)}`;
}

export function readTrackToken(
  deps: Pick<Deps, 'crypto'>,
  token: string | undefined,
  at: Date,
): string | null {
  if (!token) return null;
  const [id, exp, sig] = token.split('.');
  if (!id || !exp || !sig) return null;
  const want = Buffer.from(deps.crypto.blindIndex(`track-token:${id}.${exp}`));
  const got = Buffer.from(sig);
  if (got.length !== want.length || !timingSafeEqual(got, want)) return null;
  return Number(exp) > at.getTime() ? id : null;
}

const payloadOf = (payload: unknown): Record<string, unknown> => (isRecord(payload) ? payload : {});

/** What the tracking page shows: no staff names, no internal notes, the phone masked. */
export async function trackView(deps: Pick<Deps, 'db'>, caseId: string) {
  const db = deps.db;
  const c = await q.caseById(db, caseId);
  if (!c) throw NOT_FOUND();
  const events = await listEvents(db, caseId);
  const deptIds = events
    .map((e) => payloadOf(e.payload).leadDepartmentId)
    .filter((x): x is string => typeof x === 'string');
  const names = new Map((await q.departmentNames(db, deptIds)).map((d) => [d.id, d.name]));
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
      events.map((e) => ({ at: e.at, action: e.action, payload: payloadOf(e.payload) })),
      (id) => names.get(id),
    ),
  };
}

export type TrackView = Awaited<ReturnType<typeof trackView>>;

const isSatisfaction = (s: unknown): s is Satisfaction => SATISFACTIONS.some((x) => x === s);

/** The person's rating, through the case's real rate transition. */
export async function rateTracked(
  deps: TrackDeps,
  caseId: string,
  input: { satisfaction?: string; comment?: string },
  at: Date,
): Promise<void> {
  const satisfaction = input.satisfaction;
  if (!isSatisfaction(satisfaction)) {
    throw new PublicError('请选择：满意、基本满意或不满意', 400, 'satisfaction');
  }
  const comment = sanitizeText(input.comment ?? '');
  if (charCount(comment) > COMMENT_MAX_CHARS) {
    throw new PublicError(`评价意见最多 ${COMMENT_MAX_CHARS} 字`, 400, 'comment');
  }
  if (opinionTextProblem(comment || '-')) throw new PublicError('评价意见中不能含有网页代码', 400, 'comment');
  refuseHidden([['comment', '评价意见', input.comment ?? '', comment]]);
  if ((await q.caseStatus(deps.db, caseId)) !== 'fed_back')
    throw new PublicError('这件意见现在不能评价（已评价过，或尚未反馈）', 409);
  await deps.db.transaction(async (tx) => {
    await transitionCase(
      deps,
      tx,
      caseId,
      'rate',
      { satisfaction, note: comment ? `群众评价意见：${comment}` : undefined },
      { id: null, name: '群众（网上评价）' },
      at,
    );
  });
}
