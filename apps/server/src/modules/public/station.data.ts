import { shanghaiDate } from '@lianluo/domain';
import { eq } from 'drizzle-orm';
import type { Deps } from '../../core/context.ts';
import { stations } from '../../db/schema/index.ts';
import { upcomingShifts } from '../appointments/appointments.service.ts';
import { cached } from './cache.ts';
import { boardItems, monthlyCounts, stationDeputies } from './public.queries.ts';

/** Query or form fields as plain strings: a repeated or missing field is ''. */
export function strings<K extends string>(src: unknown, keys: K[]): Record<K, string> {
  const o = (src ?? {}) as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, typeof o[k] === 'string' ? (o[k] as string) : ''])) as Record<
    K,
    string
  >;
}

export const Uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Everything the station page shows, read once per station and day and kept briefly (cache.ts). */
export async function loadStationPage(deps: Pick<Deps, 'db' | 'now'>, id: string) {
  const today = shanghaiDate(deps.now());
  return cached(`station:${id}:${today}`, async () => {
    const st = await deps.db.query.stations.findFirst({ where: eq(stations.id, id) });
    if (!st) return null;
    const where = { stationId: id };
    const [people, shifts, board, counts] = await Promise.all([
      stationDeputies(deps.db, id),
      upcomingShifts(deps.db, st, today),
      boardItems(deps.db, where, { limit: 5 }),
      monthlyCounts(deps.db, where, today),
    ]);
    return { st, people, shifts, board, counts, today };
  });
}
