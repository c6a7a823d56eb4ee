import {
  countyCode,
  expandRule,
  fullQuartersIn,
  isLate,
  planFairRota,
  quarterOf,
  quarterRange,
  type RotaRule,
  rotaRuleProblems,
  shanghaiDate,
  shiftsOverlap,
  shiftTimeProblems,
} from '@lianluo/domain';
import { and, asc, eq, gte, inArray, lte, ne, or } from 'drizzle-orm';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { loadInScope } from '../../core/scope.ts';
import type { Db } from '../../db/client.ts';
import {
  appointments,
  cases,
  deputies,
  receptions,
  rotaRules,
  rotaShifts,
  shiftDeputies,
  shiftSwaps,
  stations,
} from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';
import { checkInTokenProblem } from './checkin-token.ts';
import { checkIn, publishShifts, recordReception } from './rota.service.ts';

type D = Omit<Deps, 'log'>;

async function stationInScope(deps: D, actor: Actor, id: string) {
  return loadInScope(deps as Deps, actor, 'station', id, () =>
    deps.db.query.stations.findFirst({ where: eq(stations.id, id) }),
  );
}

async function shiftInScope(deps: D, actor: Actor, id: string) {
  return loadInScope(deps as Deps, actor, 'shift', id, () =>
    deps.db.query.rotaShifts.findFirst({ where: eq(rotaShifts.id, id) }),
  );
}

/** A deputy may only be rostered at stations in the county of their constituency. */
async function deputiesFor(db: Db, stationRegion: string, ids: string[]) {
  const rows = ids.length
    ? await db
        .select({ id: deputies.id, name: deputies.name, regionCode: deputies.regionCode })
        .from(deputies)
        .where(inArray(deputies.id, ids))
    : [];
  for (const id of ids) {
    const d = rows.find((r) => r.id === id);
    if (!d) throw new AppError('unprocessable', `代表 ${id} 不存在`);
    if (countyCode(d.regionCode) !== countyCode(stationRegion)) {
      throw new AppError('unprocessable', `代表${d.name}的选区不在该联络站所在县，不能排入该站`, {
        errors: [{ deputyId: id, message: '选区所在县以外的联络站' }],
      });
    }
  }
  return rows;
}

/** Existing (not cancelled) bookings of these deputies in [from, to], with times. */
async function bookings(db: Db, deputyIds: string[], from: string, to: string) {
  if (deputyIds.length === 0) return [];
  return db
    .select({
      deputyId: shiftDeputies.deputyId,
      shiftId: rotaShifts.id,
      date: rotaShifts.date,
      start: rotaShifts.startTime,
      end: rotaShifts.endTime,
      stationName: stations.name,
    })
    .from(shiftDeputies)
    .innerJoin(rotaShifts, eq(rotaShifts.id, shiftDeputies.shiftId))
    .innerJoin(stations, eq(stations.id, rotaShifts.stationId))
    .where(
      and(
        inArray(shiftDeputies.deputyId, deputyIds),
        gte(rotaShifts.date, from),
        lte(rotaShifts.date, to),
        ne(rotaShifts.status, 'cancelled'),
      ),
    );
}

export interface RuleInput {
  rule: RotaRule;
  startTime: string;
  endTime: string;
  perShift: number;
  deputyIds: string[];
}

export async function createRule(deps: D, actor: Actor, stationId: string, input: RuleInput) {
  const st = await stationInScope(deps, actor, stationId);
  const problems = [
    ...rotaRuleProblems(input.rule),
    ...shiftTimeProblems({ date: '2026-01-01', start: input.startTime, end: input.endTime }),
  ];
  if (problems.length) throw new AppError('unprocessable', problems.join('；'));
  if (input.deputyIds.length === 0) throw new AppError('unprocessable', '请选择参加轮值的代表');
  await deputiesFor(deps.db, st.regionCode, input.deputyIds);
  const [row] = await deps.db
    .insert(rotaRules)
    .values({
      regionCode: st.regionCode,
      stationId,
      rule: input.rule,
      startTime: input.startTime,
      endTime: input.endTime,
      perShift: input.perShift,
      deputyIds: [...new Set(input.deputyIds)],
      createdBy: actor.id,
    })
    .returning({ id: rotaRules.id });
  return row!;
}

/**
 * Shifts each deputy on a rule must have per calendar quarter (the county's requirement, counted
 * over all their stations). Attendance figures use the same number.
 */
export const REQUIRED_PER_QUARTER = 1;

/**
 * Expands a rule over [from, to], assigns deputies fairly (never double-booked across stations)
 * and publishes the shifts. Refused with nothing written: a rule that yields no date, a period
 * already published for the rule, and a rule that cannot give every deputy REQUIRED_PER_QUARTER
 * shifts in each quarter the period covers in full (the refusal names them and says why).
 */
export async function publishRule(
  deps: D,
  actor: Actor,
  ruleId: string,
  period: { from: string; to: string },
) {
  const rule = await loadInScope(deps as Deps, actor, 'rota_rule', ruleId, () =>
    deps.db.query.rotaRules.findFirst({ where: eq(rotaRules.id, ruleId) }),
  );
  if (period.from > period.to) throw new AppError('unprocessable', '开始日期晚于结束日期');
  const cal = await deps.calendar();
  const dates = expandRule(rule.rule as RotaRule, period.from, period.to, cal);
  if (dates.length === 0) {
    throw new AppError('unprocessable', `该排班规则在 ${period.from} 至 ${period.to} 之间没有接待日`);
  }
  const ids = rule.deputyIds as string[];
  const st = (await deps.db.query.stations.findFirst({ where: eq(stations.id, rule.stationId) }))!;
  const people = await deputiesFor(deps.db, st.regionCode, ids);
  return deps.db.transaction(async (tx) => {
    const already = await tx
      .select({ id: rotaShifts.id })
      .from(rotaShifts)
      .where(
        and(
          eq(rotaShifts.ruleId, ruleId),
          gte(rotaShifts.date, period.from),
          lte(rotaShifts.date, period.to),
        ),
      )
      .limit(1);
    if (already.length) throw new AppError('conflict', '该规则在此期间已发布过排班');
    // Bookings over the whole quarters touched: the requirement counts shifts held elsewhere.
    const booked = await bookings(
      tx,
      ids,
      quarterRange(quarterOf(period.from)).from,
      quarterRange(quarterOf(period.to)).to,
    );
    const busy = (deputyId: string, date: string) =>
      booked.some(
        (b) =>
          b.deputyId === deputyId &&
          shiftsOverlap(
            { date: b.date, start: b.start, end: b.end },
            { date, start: rule.startTime, end: rule.endTime },
          ),
      );
    const quarters = fullQuartersIn(period.from, period.to);
    const { shifts: planned, shortfalls } = planFairRota({
      dates,
      deputyIds: ids,
      perShift: rule.perShift,
      busy,
      requiredPerQuarter: REQUIRED_PER_QUARTER,
      quarters,
      already: (deputyId, quarter) =>
        new Set(
          booked
            .filter((b) => b.deputyId === deputyId && quarterOf(b.date) === quarter)
            .map((b) => b.shiftId),
        ).size,
    });
    if (shortfalls.length) {
      const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? id;
      const names = [...new Set(shortfalls.map((f) => nameOf(f.deputyId)))];
      throw new AppError(
        'unprocessable',
        `按此规则无法保证每名代表每季度至少 ${REQUIRED_PER_QUARTER} 次接待：${names.join('、')}。请增加每班人数、接待日，或调整参加轮值的代表`,
        {
          errors: shortfalls.map((f) => ({
            deputyId: f.deputyId,
            name: nameOf(f.deputyId),
            quarter: f.quarter,
            message: `${f.quarter.replace('-Q', '年第')}季度只能排到 ${f.planned} 次，要求 ${f.required} 次${
              dates.some((d) => quarterOf(d) === f.quarter) ? '' : '（该季度规则没有接待日）'
            }`,
          })),
        },
      );
    }
    const published = await publishShifts(tx, st, planned, {
      start: rule.startTime,
      end: rule.endTime,
      ruleId,
    });
    const warnings = planned
      .filter((p) => p.deputyIds.length < rule.perShift)
      .map((p) => `${p.date} 只排到 ${p.deputyIds.length} 名代表`);
    if (quarters.length === 0) {
      warnings.push('统计期未覆盖完整季度：本次未按“每季度至少接待一次”校验，请结合其他排班确认');
    }
    return { shifts: published.length, dates: published.map((p) => p.date), warnings };
  });
}

export async function listRules(deps: D, actor: Actor, stationId: string) {
  await stationInScope(deps, actor, stationId);
  return deps.db
    .select()
    .from(rotaRules)
    .where(eq(rotaRules.stationId, stationId))
    .orderBy(asc(rotaRules.createdAt));
}

export interface ShiftFilter {
  scope: string;
  stationId?: string;
  deputyId?: string;
  from?: string;
  to?: string;
}

export async function listShifts(db: Db, f: ShiftFilter) {
  const shifts = await db
    .select({
      id: rotaShifts.id,
      date: rotaShifts.date,
      startTime: rotaShifts.startTime,
      endTime: rotaShifts.endTime,
      status: rotaShifts.status,
      stationId: rotaShifts.stationId,
      stationName: stations.name,
      regionCode: rotaShifts.regionCode,
    })
    .from(rotaShifts)
    .innerJoin(stations, eq(stations.id, rotaShifts.stationId))
    .where(
      and(
        scopeWhere(rotaShifts.regionCode, f.scope),
        f.stationId ? eq(rotaShifts.stationId, f.stationId) : undefined,
        f.from ? gte(rotaShifts.date, f.from) : undefined,
        f.to ? lte(rotaShifts.date, f.to) : undefined,
        f.deputyId
          ? inArray(
              rotaShifts.id,
              db
                .select({ id: shiftDeputies.shiftId })
                .from(shiftDeputies)
                .where(eq(shiftDeputies.deputyId, f.deputyId)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(rotaShifts.date), asc(stations.name))
    .limit(500);
  const people = shifts.length
    ? await db
        .select({
          shiftId: shiftDeputies.shiftId,
          deputyId: shiftDeputies.deputyId,
          name: deputies.name,
          attendance: shiftDeputies.attendance,
          checkedInAt: shiftDeputies.checkedInAt,
          method: shiftDeputies.checkInMethod,
        })
        .from(shiftDeputies)
        .innerJoin(deputies, eq(deputies.id, shiftDeputies.deputyId))
        .where(
          inArray(
            shiftDeputies.shiftId,
            shifts.map((s) => s.id),
          ),
        )
    : [];
  return shifts.map((s) => ({
    ...s,
    deputies: people
      .filter((p) => p.shiftId === s.id)
      .map((p) => ({
        id: p.deputyId,
        name: p.name,
        attendance: p.attendance,
        checkedInAt: p.checkedInAt ? p.checkedInAt.toISOString() : null,
        method: p.method,
      })),
  }));
}

export async function getShift(deps: D, actor: Actor, id: string) {
  const s = await shiftInScope(deps, actor, id);
  const [row] = await listShifts(deps.db, {
    scope: actor.scope,
    stationId: s.stationId,
    from: s.date,
    to: s.date,
  }).then((r) => r.filter((x) => x.id === id));
  const swaps = await deps.db
    .select()
    .from(shiftSwaps)
    .where(eq(shiftSwaps.shiftId, id))
    .orderBy(asc(shiftSwaps.at));
  const recs = await deps.db
    .select({
      id: receptions.id,
      visitorName: receptions.visitorName,
      summary: receptions.summary,
      deputyId: receptions.deputyId,
      receivedAt: receptions.receivedAt,
      caseId: receptions.caseId,
    })
    .from(receptions)
    .where(eq(receptions.shiftId, id))
    .orderBy(asc(receptions.receivedAt));
  // A visitor may raise several opinions: the cases registered from the row, and the one linked.
  const linked = recs.length
    ? await deps.db
        .select({ id: cases.id, number: cases.number, title: cases.title, receptionId: cases.receptionId })
        .from(cases)
        .where(
          or(
            inArray(
              cases.receptionId,
              recs.map((r) => r.id),
            ),
            inArray(
              cases.id,
              recs
                .flatMap((r) => (r.caseId ? [r.caseId] : []))
                .concat(['00000000-0000-0000-0000-000000000000']),
            ),
          ),
        )
    : [];
  // Names of everyone mentioned (a swapped-out deputy is no longer on the shift).
  const mentioned = [
    ...new Set([
      ...swaps.flatMap((w) => [w.fromDeputyId, w.toDeputyId]),
      ...recs.flatMap((r) => (r.deputyId ? [r.deputyId] : [])),
    ]),
  ];
  const names = new Map(
    (mentioned.length
      ? await deps.db
          .select({ id: deputies.id, name: deputies.name })
          .from(deputies)
          .where(inArray(deputies.id, mentioned))
      : []
    ).map((d) => [d.id, d.name]),
  );
  return {
    ...row!,
    swaps: swaps.map((w) => ({
      fromDeputyId: w.fromDeputyId,
      fromName: names.get(w.fromDeputyId) ?? '',
      toDeputyId: w.toDeputyId,
      toName: names.get(w.toDeputyId) ?? '',
      reason: w.reason,
      at: w.at.toISOString(),
    })),
    receptions: recs.map((r) => ({
      ...r,
      cases: linked
        .filter((c) => c.receptionId === r.id || c.id === r.caseId)
        .map((c) => ({ id: c.id, number: c.number, title: c.title })),
      deputyName: r.deputyId ? (names.get(r.deputyId) ?? '') : null,
      receivedAt: r.receivedAt.toISOString(),
    })),
    // People who booked this shift on the station's public page (预约), expected at the desk.
    bookings: (
      await deps.db
        .select({
          id: appointments.id,
          reference: appointments.reference,
          visitorName: appointments.visitorName,
          phone: appointments.phoneMasked,
          topic: appointments.topic,
          status: appointments.status,
          createdAt: appointments.createdAt,
        })
        .from(appointments)
        .where(eq(appointments.shiftId, id))
        .orderBy(asc(appointments.createdAt))
    ).map((b) => ({ ...b, createdAt: b.createdAt.toISOString() })),
  };
}

async function assertFree(
  db: Db,
  deputyId: string,
  shift: { id: string; date: string; startTime: string; endTime: string },
) {
  const clash = (await bookings(db, [deputyId], shift.date, shift.date)).find(
    (b) =>
      b.shiftId !== shift.id &&
      shiftsOverlap(
        { date: b.date, start: b.start, end: b.end },
        { date: shift.date, start: shift.startTime, end: shift.endTime },
      ),
  );
  if (clash) {
    throw new AppError(
      'conflict',
      `该代表 ${clash.date} ${clash.start}–${clash.end} 已排在${clash.stationName}，时间重叠`,
    );
  }
}

/** Adds a named deputy to a shift (a substitute or an extra), refusing an overlap elsewhere. */
export async function addDeputy(deps: D, actor: Actor, shiftId: string, deputyId: string) {
  const shift = await shiftInScope(deps, actor, shiftId);
  await deputiesFor(deps.db, shift.regionCode, [deputyId]);
  await assertFree(deps.db, deputyId, shift);
  await deps.db
    .insert(shiftDeputies)
    .values({ shiftId, deputyId, regionCode: shift.regionCode, date: shift.date })
    .onConflictDoNothing();
  return { ok: true };
}

/** Swap or substitute (换班/替班): `to` takes `from`'s place on the shift, for a stated reason. */
export async function swapDeputy(
  deps: D,
  actor: Actor,
  shiftId: string,
  input: { fromDeputyId: string; toDeputyId: string; reason: string },
) {
  const shift = await shiftInScope(deps, actor, shiftId);
  if (!input.reason.trim()) throw new AppError('validation', '请填写换班原因');
  await deputiesFor(deps.db, shift.regionCode, [input.toDeputyId]);
  await assertFree(deps.db, input.toDeputyId, shift);
  return deps.db.transaction(async (tx) => {
    const removed = await tx
      .delete(shiftDeputies)
      .where(
        and(
          eq(shiftDeputies.shiftId, shiftId),
          eq(shiftDeputies.deputyId, input.fromDeputyId),
          eq(shiftDeputies.attendance, 'pending'),
        ),
      )
      .returning({ id: shiftDeputies.deputyId });
    if (removed.length === 0) throw new AppError('unprocessable', '原代表不在该班次或已签到');
    await tx
      .insert(shiftDeputies)
      .values({ shiftId, deputyId: input.toDeputyId, regionCode: shift.regionCode, date: shift.date });
    await tx.insert(shiftSwaps).values({
      shiftId,
      regionCode: shift.regionCode,
      fromDeputyId: input.fromDeputyId,
      toDeputyId: input.toDeputyId,
      reason: input.reason.trim(),
      by: actor.id,
      at: deps.now(),
    });
    return { ok: true };
  });
}

const hhmm = (d: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(d);

/** A deputy scans the station's daily code: it must be today's code of that station, and they must be rostered there today. */
export async function checkInWithToken(deps: D, actor: Actor, input: { stationId: string; token: string }) {
  if (!actor.deputyId) throw new AppError('unprocessable', '只有代表本人可以扫码签到');
  const now = deps.now();
  const today = shanghaiDate(now);
  const problem = checkInTokenProblem(deps.crypto, input.stationId, today, input.token);
  if (problem) throw new AppError('unprocessable', problem);
  const [mine] = await deps.db
    .select({ shiftId: rotaShifts.id, start: rotaShifts.startTime })
    .from(shiftDeputies)
    .innerJoin(rotaShifts, eq(rotaShifts.id, shiftDeputies.shiftId))
    .where(
      and(
        eq(shiftDeputies.deputyId, actor.deputyId),
        eq(rotaShifts.stationId, input.stationId),
        eq(rotaShifts.date, today),
        ne(rotaShifts.status, 'cancelled'),
      ),
    );
  if (!mine) throw new AppError('unprocessable', '您今天在该联络站没有接待安排');
  const late = isLate(mine.start, hhmm(now));
  await checkIn(deps.db, mine.shiftId, actor.deputyId, now, 'qr', late);
  return { shiftId: mine.shiftId, attendance: late ? 'late' : 'present' };
}

/** The liaison officer confirms a deputy is present (on the day of the shift). */
export async function confirmPresence(deps: D, actor: Actor, shiftId: string, deputyId: string) {
  const shift = await shiftInScope(deps, actor, shiftId);
  const now = deps.now();
  if (shanghaiDate(now) !== shift.date)
    throw new AppError('unprocessable', `只能在接待当天（${shift.date}）确认到站`);
  const late = isLate(shift.startTime, hhmm(now));
  await checkIn(deps.db, shiftId, deputyId, now, 'officer', late);
  return { attendance: late ? 'late' : 'present' };
}

/** Records a no-show once the shift's day has come. */
export async function recordAbsence(deps: D, actor: Actor, shiftId: string, deputyId: string) {
  const shift = await shiftInScope(deps, actor, shiftId);
  if (shift.date > shanghaiDate(deps.now()))
    throw new AppError('unprocessable', '接待日尚未到，不能记为缺席');
  const updated = await deps.db
    .update(shiftDeputies)
    .set({ attendance: 'absent' })
    .where(
      and(
        eq(shiftDeputies.shiftId, shiftId),
        eq(shiftDeputies.deputyId, deputyId),
        eq(shiftDeputies.attendance, 'pending'),
      ),
    )
    .returning({ id: shiftDeputies.deputyId });
  if (!updated.length) throw new AppError('unprocessable', '该代表不在此班次或已有签到记录');
  return { ok: true };
}

/** A case the caller may see, in the county of the shift: what a visitor-register row links to. */
async function linkableCase(deps: D, actor: Actor, caseId: string, regionCode: string) {
  const c = await loadInScope(deps as Deps, actor, 'case', caseId, () =>
    deps.db.query.cases.findFirst({ where: eq(cases.id, caseId) }),
  );
  if (countyCode(c.regionCode) !== countyCode(regionCode))
    throw new AppError('unprocessable', `意见 ${c.number} 不在该联络站所在县`);
  return c;
}

/** One row of the visitor register (接待选民登记簿): who came, what they raised, which deputy. */
export async function addReception(
  deps: D,
  actor: Actor,
  shiftId: string,
  input: { visitorName: string; visitorPhone?: string; summary: string; deputyId?: string; caseId?: string },
) {
  const shift = await shiftInScope(deps, actor, shiftId);
  if (input.deputyId) {
    const on = await deps.db
      .select()
      .from(shiftDeputies)
      .where(and(eq(shiftDeputies.shiftId, shiftId), eq(shiftDeputies.deputyId, input.deputyId)));
    if (!on.length) throw new AppError('unprocessable', '接待代表不在该班次');
  }
  if (input.caseId) await linkableCase(deps, actor, input.caseId, shift.regionCode);
  return recordReception(deps.db, {
    regionCode: shift.regionCode,
    stationId: shift.stationId,
    shiftId,
    deputyId: input.deputyId ?? null,
    receivedAt: deps.now(),
    visitorName: input.visitorName,
    visitorPhoneCipher: input.visitorPhone ? deps.crypto.encrypt(input.visitorPhone) : null,
    summary: input.summary,
    recordedBy: actor.id,
    caseId: input.caseId ?? null,
  });
}

/** Links a visitor-register row to the case its opinion became (or unlinks it with null). */
export async function linkReceptionCase(deps: D, actor: Actor, receptionId: string, caseId: string | null) {
  const rec = await loadInScope(deps as Deps, actor, 'reception', receptionId, () =>
    deps.db.query.receptions.findFirst({ where: eq(receptions.id, receptionId) }),
  );
  if (caseId) await linkableCase(deps, actor, caseId, rec.regionCode);
  await deps.db.update(receptions).set({ caseId }).where(eq(receptions.id, receptionId));
  return { ok: true };
}

export { enqueueReminders } from './reminders.ts';
