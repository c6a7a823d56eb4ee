import {
  addDays,
  countyCode,
  expandRule,
  fullQuartersIn,
  planFairRota,
  quarterOf,
  quarterRange,
  rotaRuleProblems,
  shanghaiDate,
  shiftsOverlap,
  shiftTimeProblems,
} from '@lianluo/domain';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { loadInScope, narrowScope } from '../../core/scope.ts';
import type { Db } from '../../db/client.ts';
import { workbook } from '../../http/xlsx.ts';
import { deputyNames } from '../deputies/deputies.queries.ts';
import { findStationRow } from '../stations/stations.queries.ts';
import { stationInScope } from '../stations/stations.service.ts';
import { enqueueReminders } from './reminders.ts';
import { presentRule, presentShiftDetail, presentShifts, rotaSheet } from './rota.presenter.ts';
import * as q from './rota.queries.ts';
import type {
  Created,
  Ok,
  PublishBody,
  Published,
  ReceptionBody,
  RotaExportQuery,
  RuleInput,
  Shift,
  ShiftsQuery,
  SwapBody,
} from './rota.schemas.ts';
import { publishShifts, recordReception } from './rota.service.ts';

export type { RuleInput };

type D = Omit<Deps, 'log'>;

/** One shift by id, in the caller's scope (404 and audited outside it). */
export async function shiftInScope(deps: D, actor: Actor, id: string) {
  return loadInScope(deps, actor, 'shift', id, () => q.findShift(deps.db, id));
}

/** A deputy may only be rostered at stations in the county of their constituency. */
async function deputiesFor(db: Db, stationRegion: string, ids: string[]) {
  const rows = ids.length ? await deputyNames(db, ids) : [];
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

// ---------------------------------------------------------------------------------------------
// Rules (排班规则) and publishing them.

export async function createRule(
  deps: D,
  actor: Actor,
  stationId: string,
  input: RuleInput,
): Promise<Created> {
  const st = await stationInScope(deps, actor, stationId);
  const { rule } = input;
  const problems = [
    ...rotaRuleProblems(rule),
    ...shiftTimeProblems({ date: '2026-01-01', start: input.startTime, end: input.endTime }),
  ];
  if (problems.length) throw new AppError('unprocessable', problems.join('；'));
  if (input.deputyIds.length === 0) throw new AppError('unprocessable', '请选择参加轮值的代表');
  await deputiesFor(deps.db, st.regionCode, input.deputyIds);
  return q.insertRule(deps.db, {
    regionCode: st.regionCode,
    stationId,
    rule,
    startTime: input.startTime,
    endTime: input.endTime,
    perShift: input.perShift,
    deputyIds: [...new Set(input.deputyIds)],
    createdBy: actor.id,
  });
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
  period: PublishBody,
): Promise<Published> {
  const rule = await loadInScope(deps, actor, 'rota_rule', ruleId, () => q.findRule(deps.db, ruleId));
  if (period.from > period.to) throw new AppError('unprocessable', '开始日期晚于结束日期');
  const cal = await deps.calendar();
  const dates = expandRule(rule.rule, period.from, period.to, cal);
  if (dates.length === 0) {
    throw new AppError('unprocessable', `该排班规则在 ${period.from} 至 ${period.to} 之间没有接待日`);
  }
  const ids = rule.deputyIds;
  const st = (await findStationRow(deps.db, rule.stationId))!;
  const people = await deputiesFor(deps.db, st.regionCode, ids);
  return deps.db.transaction(async (tx) => {
    if (await q.ruleHasShiftsIn(tx, ruleId, period.from, period.to)) {
      throw new AppError('conflict', '该规则在此期间已发布过排班');
    }
    // Bookings over the whole quarters touched: the requirement counts shifts held elsewhere.
    const booked = await q.bookings(
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
  return { items: (await q.rulesOfStation(deps.db, stationId)).map(presentRule) };
}

// ---------------------------------------------------------------------------------------------
// Shifts (接待日): reading them, adding and swapping deputies.

type ShiftFilter = q.ShiftFilter;

async function listShifts(db: Db, f: ShiftFilter): Promise<Shift[]> {
  const shifts = await q.selectShifts(db, f);
  const people = shifts.length
    ? await q.deputiesOnShifts(
        db,
        shifts.map((s) => s.id),
      )
    : [];
  return presentShifts(shifts, people);
}

/** The shifts a request asks for, in the caller's scope (or `region` in it). */
export async function findShifts(deps: D, actor: Actor, query: ShiftsQuery): Promise<{ items: Shift[] }> {
  const scope = await narrowScope(deps, actor, query.region);
  const items = await listShifts(deps.db, {
    scope,
    stationId: query.station,
    deputyId: query.deputy,
    from: query.from,
    to: query.to,
  });
  return { items };
}

export async function getShift(deps: D, actor: Actor, id: string) {
  const s = await shiftInScope(deps, actor, id);
  const [row] = await listShifts(deps.db, {
    scope: actor.scope,
    stationId: s.stationId,
    from: s.date,
    to: s.date,
  }).then((r) => r.filter((x) => x.id === id));
  const swaps = await q.swapsOfShift(deps.db, id);
  const recs = await q.receptionsOfShift(deps.db, id);
  // A visitor may raise several opinions: the cases registered from the row, and the one linked.
  const linked = recs.length
    ? await q.casesOfReceptions(
        deps.db,
        recs.map((r) => r.id),
        recs.flatMap((r) => (r.caseId ? [r.caseId] : [])),
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
    (mentioned.length ? await deputyNames(deps.db, mentioned) : []).map((d) => [d.id, d.name]),
  );
  const bookings = await q.appointmentsOfShift(deps.db, id);
  return presentShiftDetail(row!, swaps, recs, linked, names, bookings);
}

async function assertFree(
  db: Db,
  deputyId: string,
  shift: { id: string; date: string; startTime: string; endTime: string },
) {
  const clash = (await q.bookings(db, [deputyId], shift.date, shift.date)).find(
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
export async function addDeputy(deps: D, actor: Actor, shiftId: string, deputyId: string): Promise<Ok> {
  const shift = await shiftInScope(deps, actor, shiftId);
  await deputiesFor(deps.db, shift.regionCode, [deputyId]);
  await assertFree(deps.db, deputyId, shift);
  await q.addShiftDeputy(deps.db, { shiftId, deputyId, regionCode: shift.regionCode, date: shift.date });
  return { ok: true };
}

/** Swap or substitute (换班/替班): `to` takes `from`'s place on the shift, for a stated reason. */
export async function swapDeputy(deps: D, actor: Actor, shiftId: string, input: SwapBody): Promise<Ok> {
  const shift = await shiftInScope(deps, actor, shiftId);
  if (!input.reason.trim()) throw new AppError('validation', '请填写换班原因');
  await deputiesFor(deps.db, shift.regionCode, [input.toDeputyId]);
  await assertFree(deps.db, input.toDeputyId, shift);
  return deps.db.transaction(async (tx) => {
    if (!(await q.removePendingShiftDeputy(tx, shiftId, input.fromDeputyId))) {
      throw new AppError('unprocessable', '原代表不在该班次或已签到');
    }
    await q.insertShiftDeputies(tx, [
      { shiftId, deputyId: input.toDeputyId, regionCode: shift.regionCode, date: shift.date },
    ]);
    await q.insertSwap(tx, {
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

/** The station's rota for the wall (xlsx), from today for about three months unless asked otherwise. */
export async function exportStationRota(
  deps: D,
  actor: Actor,
  stationId: string,
  query: RotaExportQuery,
): Promise<{ bytes: Buffer; fileName: string }> {
  const st = await stationInScope(deps, actor, stationId);
  const from = query.from ?? shanghaiDate(deps.now());
  const to = query.to ?? addDays(from, 92);
  const shifts = await listShifts(deps.db, { scope: actor.scope, stationId, from, to });
  return { bytes: await workbook([rotaSheet(st, from, to, shifts)]), fileName: `${st.name}排班表.xlsx` };
}

// ---------------------------------------------------------------------------------------------
// The visitor register (接待选民登记簿) and reminders.

/** A case the caller may see, in the county of the shift: what a visitor-register row links to. */
async function linkableCase(deps: D, actor: Actor, caseId: string, regionCode: string) {
  const c = await loadInScope(deps, actor, 'case', caseId, () => q.findCase(deps.db, caseId));
  if (countyCode(c.regionCode) !== countyCode(regionCode))
    throw new AppError('unprocessable', `意见 ${c.number} 不在该联络站所在县`);
  return c;
}

/** One row of the visitor register (接待选民登记簿): who came, what they raised, which deputy. */
export async function addReception(
  deps: D,
  actor: Actor,
  shiftId: string,
  input: ReceptionBody,
): Promise<Created> {
  const shift = await shiftInScope(deps, actor, shiftId);
  if (input.deputyId && !(await q.isOnShift(deps.db, shiftId, input.deputyId))) {
    throw new AppError('unprocessable', '接待代表不在该班次');
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
export async function linkReceptionCase(
  deps: D,
  actor: Actor,
  receptionId: string,
  caseId: string | null,
): Promise<Ok> {
  const rec = await loadInScope(deps, actor, 'reception', receptionId, () =>
    q.findReception(deps.db, receptionId),
  );
  if (caseId) await linkableCase(deps, actor, caseId, rec.regionCode);
  await q.setReceptionCase(deps.db, receptionId, caseId);
  return { ok: true };
}

/** Queues tomorrow's reminders in the caller's scope now (the worker does it daily by itself). */
export async function queueReminders(deps: D, actor: Actor): Promise<{ queued: number }> {
  return { queued: await enqueueReminders(deps.db, actor.scope, deps.now()) };
}

export { enqueueReminders };
