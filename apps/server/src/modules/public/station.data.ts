import { scopePrefix, shanghaiDate } from '@lianluo/domain';
import type { Deps } from '../../core/context.ts';
import type { Db } from '../../db/client.ts';
import { upcomingShifts } from '../appointments/appointments.service.ts';
import { cached } from './cache.ts';
import * as q from './public.queries.ts';

/** Station lookups of the public pages: by id from a QR code or a form, by deputy, by town. */

const maybeId = /^[0-9a-f-]{36}$/i;

/** The station a page or form names (id, name, region), or null for an unknown or malformed id. */
export async function findStation(db: Db, id: string | undefined) {
  if (!id || !maybeId.test(id)) return null;
  return (await q.stationRef(db, id)) ?? null;
}

/** A deputy and the stations the deputy is grouped into (for ?deputy=). */
export async function findDeputy(db: Db, id: string | undefined) {
  if (!id || !maybeId.test(id)) return null;
  const d = await q.deputyRef(db, id);
  if (!d) return null;
  return { ...d, stations: await q.deputyStationRefs(db, id) };
}

/** Every station with the town (9-digit prefix) it lies in, for the town → station picker. */
export async function stationsByTown(db: Db) {
  const rows = await q.stationRefs(db);
  return rows.map((r) => ({ ...r, town: scopePrefix(r.regionCode).slice(0, 9).padEnd(12, '0') }));
}

/** Names of the regions by code; a code without a region is missing from the map. */
export async function regionNameMap(db: Db, codes: string[]): Promise<Map<string, string>> {
  return new Map((await q.regionNames(db, codes)).map((r) => [r.code, r.name]));
}

/** Everything the station page shows, read once per station and day and kept briefly (cache.ts). */
export async function loadStationPage(deps: Pick<Deps, 'db' | 'now'>, id: string) {
  const today = shanghaiDate(deps.now());
  return cached(`station:${id}:${today}`, async () => {
    const st = await q.stationById(deps.db, id);
    if (!st) return null;
    const where = { stationId: id };
    const [people, shifts, board, counts] = await Promise.all([
      q.stationDeputies(deps.db, id),
      upcomingShifts(deps.db, st, today),
      q.boardItems(deps.db, where, { limit: 5 }),
      q.monthlyCounts(deps.db, where, today),
    ]);
    return { st, people, shifts, board, counts, today };
  });
}
