/**
 * Fair rotation with the county's requirement (issue 4: "rotating fairly so each assigned deputy
 * gets the shifts the county requires (e.g. at least one a quarter)").
 *
 * What a county expects, as decided here: every deputy on a rota rule gets at least
 * `requiredPerQuarter` shifts in each calendar quarter that the publication period covers in
 * full, counting the shifts they already have that quarter at any station (a deputy grouped into
 * two stations may meet the requirement at either). A quarter the period only touches (publishing
 * from today to year end) asks nothing: the rest of that quarter may already be covered elsewhere.
 *
 * The requirement is met first, per quarter, as a maximum flow (deputy → a free date → the date's
 * `perShift` seats), so if any assignment can satisfy everyone it is found; the remaining seats
 * then go round-robin to whoever has the fewest shifts. When the flow cannot cover somebody the
 * result names them in `shortfalls`, and the caller refuses to publish.
 */

import type { ShiftAssignment } from './rota.ts';

/** The calendar quarter of a date: `2026-Q3`. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** First and last day of a quarter key such as `2026-Q3`. */
export function quarterRange(quarter: string): { from: string; to: string } {
  const y = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  const first = (q - 1) * 3 + 1;
  const last = first + 2;
  const end = new Date(Date.UTC(y, last, 0)).getUTCDate();
  const mm = (m: number) => String(m).padStart(2, '0');
  return { from: `${y}-${mm(first)}-01`, to: `${y}-${mm(last)}-${mm(end)}` };
}

/** The quarters lying wholly inside [from, to], in order. */
export function fullQuartersIn(from: string, to: string): string[] {
  const out: string[] = [];
  for (let q = quarterOf(from); ; ) {
    const r = quarterRange(q);
    if (r.from > to) break;
    if (r.from >= from && r.to <= to) out.push(q);
    const y = Number(q.slice(0, 4));
    const n = Number(q.slice(6));
    q = n === 4 ? `${y + 1}-Q1` : `${y}-Q${n + 1}`;
  }
  return out;
}

export interface FairRotaInput {
  /** The rule's dates, ascending and unique. */
  dates: readonly string[];
  deputyIds: readonly string[];
  perShift: number;
  /** True when the deputy is already booked elsewhere at an overlapping time that day. */
  busy?: (deputyId: string, date: string) => boolean;
  requiredPerQuarter: number;
  /** The quarters the requirement applies to (see `fullQuartersIn`). */
  quarters: readonly string[];
  /** Shifts the deputy already has in the quarter (other rules, other stations). */
  already?: (deputyId: string, quarter: string) => number;
}

/** A deputy the rule cannot give the required shifts in a quarter. */
export interface Shortfall {
  deputyId: string;
  quarter: string;
  required: number;
  /** Shifts they would have that quarter: already booked plus what this rule gives them. */
  planned: number;
}

/**
 * Seats `required` units per deputy on dates of one quarter by augmenting paths. Returns the
 * seats taken (date index → deputy ids) and each deputy's unmet units.
 */
function seatRequirement(
  dateIdx: number[],
  ids: string[],
  need: number[],
  perShift: number,
  free: (deputy: number, dateIndex: number) => boolean,
): { seated: Map<number, Set<number>>; unmet: number[] } {
  // Residual graph in maps: deputy→date flow (0/1) and seats used per date.
  const onDate = new Map<number, Set<number>>(dateIdx.map((j) => [j, new Set<number>()]));
  const unmet = [...need];
  const tryAugment = (i: number, seen: Set<number>): boolean => {
    for (const j of dateIdx) {
      if (seen.has(j) || !free(i, j) || onDate.get(j)!.has(i)) continue;
      seen.add(j);
      const seats = onDate.get(j)!;
      if (seats.size < perShift) {
        seats.add(i);
        return true;
      }
      // Full: move one of its deputies to another date, freeing a seat here.
      for (const k of [...seats]) {
        if (tryAugment(k, seen)) {
          seats.delete(k);
          seats.add(i);
          return true;
        }
      }
    }
    return false;
  };
  for (let i = 0; i < ids.length; i++) {
    while (unmet[i]! > 0 && tryAugment(i, new Set())) unmet[i]!--;
  }
  return { seated: onDate, unmet };
}

/**
 * Plans the shifts of a rule: the county's requirement first (see the file comment), then the
 * remaining seats to the deputies with the fewest shifts, ties round-robin. Nobody is put twice
 * on a date or on a date where `busy` says they are booked elsewhere.
 */
export function planFairRota(input: FairRotaInput): { shifts: ShiftAssignment[]; shortfalls: Shortfall[] } {
  const { dates, perShift } = input;
  if (!Number.isInteger(perShift) || perShift < 1) {
    throw new RangeError(`perShift must be a positive integer, got ${perShift}`);
  }
  const ids = [...new Set(input.deputyIds)];
  const n = ids.length;
  const free = (i: number, j: number) => !input.busy?.(ids[i]!, dates[j]!);
  const seated: Set<number>[] = dates.map(() => new Set<number>());
  const shortfalls: Shortfall[] = [];

  const required = Math.max(0, input.requiredPerQuarter);
  for (const quarter of required > 0 ? input.quarters : []) {
    const dateIdx = dates.map((d, j) => ({ d, j })).filter(({ d }) => quarterOf(d) === quarter);
    const have = ids.map((id) => input.already?.(id, quarter) ?? 0);
    const need = have.map((h) => Math.max(0, required - h));
    const { seated: seats, unmet } = seatRequirement(
      dateIdx.map((x) => x.j),
      ids,
      need,
      perShift,
      free,
    );
    for (const [j, set] of seats) for (const i of set) seated[j]!.add(i);
    unmet.forEach((u, i) => {
      if (u > 0) shortfalls.push({ deputyId: ids[i]!, quarter, required, planned: have[i]! + need[i]! - u });
    });
  }

  const counts = ids.map(() => 0);
  for (const set of seated) for (const i of set) counts[i]!++;
  let cursor = 0;
  const ring = (i: number) => (i - cursor + n) % n;
  const shifts = dates.map((date, j) => {
    const chosen = seated[j]!;
    const extra = ids
      .map((_, i) => i)
      .filter((i) => !chosen.has(i) && free(i, j))
      .sort((a, b) => counts[a]! - counts[b]! || ring(a) - ring(b))
      .slice(0, Math.max(0, perShift - chosen.size));
    if (extra.length > 0) cursor = (Math.max(...extra.map(ring)) + cursor + 1) % n;
    for (const i of extra) {
      counts[i]!++;
      chosen.add(i);
    }
    return { date, deputyIds: [...chosen].sort((a, b) => a - b).map((i) => ids[i]!) };
  });
  return { shifts, shortfalls };
}
