import { and, eq } from 'drizzle-orm';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/client.ts';
import { receptions, rotaShifts, shiftDeputies } from '../../db/schema/index.ts';

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
  const shifts = await db
    .insert(rotaShifts)
    .values(
      planned.map((p) => ({
        regionCode: station.regionCode,
        stationId: station.id,
        date: p.date,
        startTime: times.start,
        endTime: times.end,
        status: 'published',
        ruleId: times.ruleId ?? null,
      })),
    )
    .returning({ id: rotaShifts.id, date: rotaShifts.date });
  const rows = shifts.flatMap((s, i) =>
    planned[i]!.deputyIds.map((deputyId) => ({
      shiftId: s.id,
      deputyId,
      regionCode: station.regionCode,
      date: s.date,
    })),
  );
  if (rows.length > 0) await db.insert(shiftDeputies).values(rows);
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
  const updated = await db
    .update(shiftDeputies)
    .set({ attendance: late ? 'late' : 'present', checkedInAt: at, checkInMethod: method })
    .where(and(eq(shiftDeputies.shiftId, shiftId), eq(shiftDeputies.deputyId, deputyId)))
    .returning({ shiftId: shiftDeputies.shiftId });
  if (updated.length === 0) throw new AppError('not_found', '该代表未排入此接待班次');
}

/** Marks a rostered deputy who did not come once the shift is over. */
export async function markAbsent(db: Db, shiftId: string, deputyId: string): Promise<void> {
  await db
    .update(shiftDeputies)
    .set({ attendance: 'absent' })
    .where(
      and(
        eq(shiftDeputies.shiftId, shiftId),
        eq(shiftDeputies.deputyId, deputyId),
        eq(shiftDeputies.attendance, 'pending'),
      ),
    );
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
  const [row] = await db.insert(receptions).values(input).returning({ id: receptions.id });
  return row!;
}
