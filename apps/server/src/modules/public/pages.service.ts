import { isRegionCode, scopePrefix, shanghaiDate } from '@lianluo/domain';
import type { Deps } from '../../core/context.ts';
import { cached } from './cache.ts';
import { Uuid } from './params.ts';
import * as q from './public.queries.ts';
import { regionNameMap, stationsByTown } from './station.data.ts';

/** What the start, deputy and board pages read (the station page is station.data.ts). */
type PageDeps = Pick<Deps, 'db' | 'now'>;

/** Every station by county and town, with the names of the regions that exist. */
export async function startPageData(deps: Pick<Deps, 'db'>) {
  const all = await stationsByTown(deps.db);
  const towns = [...new Set(all.map((s) => s.town))];
  const counties = [...new Set(towns.map((c) => `${c.slice(0, 6)}000000`))];
  const names = await regionNameMap(deps.db, [...towns, ...counties]);
  return { all, towns, counties, names };
}

export type StartPageData = Awaited<ReturnType<typeof startPageData>>;

/** A deputy's profile, stations and next receptions (those two kept briefly, per day). */
export async function deputyPageData(deps: PageDeps, id: string) {
  const d = await q.deputyById(deps.db, id);
  if (!d) return null;
  const today = shanghaiDate(deps.now());
  const { stations, next } = await cached(`deputy:${id}:${today}`, () => q.deputyPublic(deps.db, id, today));
  return { d, stations, next };
}

export type DeputyPageData = NonNullable<Awaited<ReturnType<typeof deputyPageData>>>;

/** How many board items a page shows at most. */
export const BOARD_LIMIT = 30;

/**
 * A board (公示栏) of one station or one region with its search: the items and this month's
 * counts, or null when the station or region does not exist.
 */
export async function boardPageData(
  deps: PageDeps,
  query: { station: string; region: string; q: string; category: string },
) {
  let where: q.BoardWhere | null = null;
  let name = '';
  let field: { name: 'station' | 'region'; value: string } | null = null;
  if (query.station && Uuid.test(query.station)) {
    const st = await q.stationById(deps.db, query.station);
    if (st) {
      where = { stationId: st.id };
      name = st.name;
      field = { name: 'station', value: st.id };
    }
  } else if (query.region && isRegionCode(query.region)) {
    const r = await q.regionByCode(deps.db, query.region);
    if (r) {
      where = { prefix: scopePrefix(r.code) };
      name = r.name;
      field = { name: 'region', value: r.code };
    }
  }
  if (!where || !field) return null;
  const today = shanghaiDate(deps.now());
  const cats = await cached('categories', () => q.categoryOptions(deps.db));
  const category = cats.some((c) => c.key === query.category) ? query.category : undefined;
  const keyword = (query.q ?? '').trim().slice(0, 50);
  const w = where;
  const [items, counts] = await Promise.all([
    cached(`board:${JSON.stringify([w, keyword, category])}`, () =>
      q.boardItems(deps.db, w, { q: keyword, category, limit: BOARD_LIMIT }),
    ),
    cached(`counts:${JSON.stringify(w)}:${today}`, () => q.monthlyCounts(deps.db, w, today)),
  ]);
  return { name, field, cats, category, keyword, items, counts };
}

export type BoardPageData = NonNullable<Awaited<ReturnType<typeof boardPageData>>>;
