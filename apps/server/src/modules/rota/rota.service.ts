import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/client.ts';
import * as q from './rota.queries.ts';

// The writes every way into the rota shares: publishing a rule, the seed, tests.

export interface PlannedShift {
  date: string;
  deputyIds: string[];
}

/**
 * Publishes reception shifts for one station: one row per shift and one per rostered deputy.
 * The (shift, deputy) key makes a double entry impossible rather than merely unlikely.
 */
export async function publishShifts(
  db: Db,
  station: { id: string; regionCode: string },
  planned: PlannedShift[],
  times: { start: string; end: string; ruleId?: string } = { start: '09:00', end: '11:30' },
): Promise<{ id: string; date: string; deputyIds: string[] }[]> {
  if (planned.length === 0) return [];
  const shifts = await q.insertShifts(
    db,
    station,
    planned.map((p) => p.date),
    { start: times.start, end: times.end, ruleId: times.ruleId ?? null },
  );
  const rows = shifts.flatMap((s, i) =>
    planned[i]!.deputyIds.map((deputyId) => ({
      shiftId: s.id,
      deputyId,
      regionCode: station.regionCode,
      date: s.date,
    })),
  );
  if (rows.length > 0) await q.insertShiftDeputies(db, rows);
  return shifts.map((s, i) => ({ ...s, deputyIds: planned[i]!.deputyIds }));
}

/**
 * Records a deputy's arrival at a shift (进站签到). Arriving after the shift's start counts as late
 * but still attended; a deputy not rostered on the shift cannot check in to it.
 */
export async function checkIn(
  db: Db,
  shiftId: string,
  deputyId: string,
  at: Date,
  method: 'qr' | 'officer',
  late = false,
): Promise<void> {
  const on = await q.setCheckedIn(db, shiftId, deputyId, {
    attendance: late ? 'late' : 'present',
    checkedInAt: at,
    checkInMethod: method,
  });
  if (!on) throw new AppError('not_found', '该代表未排入此接待班次');
}

/** Marks a rostered deputy who did not come once the shift is over. */
export async function markAbsent(db: Db, shiftId: string, deputyId: string): Promise<void> {
  await q.setAbsentIfPending(db, shiftId, deputyId);
}

export interface ReceptionInput {
  regionCode: string;
  stationId: string;
  shiftId?: string | null;
  deputyId?: string | null;
  receivedAt: Date;
  visitorName: string;
  visitorPhoneCipher?: string | null;
  summary: string;
  recordedBy?: string | null;
  caseId?: string | null;
}

/** One line of the visitor register (接待选民登记簿). */
export async function recordReception(db: Db, input: ReceptionInput): Promise<{ id: string }> {
  return q.insertReception(db, input);
}
