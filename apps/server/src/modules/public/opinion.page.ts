import { randomBytes } from 'node:crypto';
import type { Deps } from '../../core/context.ts';
import { cached } from './cache.ts';
import { challengeFor } from './opinion.pow.ts';
import { IDEMPOTENCY_KEY } from './opinion.submit.ts';
import type { FormContext } from './opinion.views.ts';
import { categoryOptions } from './public.queries.ts';
import type { OpinionForm } from './public.schemas.ts';
import { findDeputy, findStation, regionNameMap, stationsByTown } from './station.data.ts';

/** What the raise-an-opinion pages show: the form for a station or deputy, or the picker. */
type PageDeps = Pick<Deps, 'db' | 'crypto' | 'now'>;

/** The form with its station, categories and — past the soft limit — a proof-of-work challenge. */
export async function formContext(
  deps: PageDeps,
  ip: string,
  q: { station?: string; deputy?: string; via?: string },
  values: OpinionForm,
  idem?: string,
): Promise<FormContext | null> {
  let station = await findStation(deps.db, q.station);
  let deputy: { id: string; name: string } | null = null;
  if (q.deputy) {
    const d = await findDeputy(deps.db, q.deputy);
    if (!d || d.stations.length === 0) return null;
    deputy = { id: d.id, name: d.name };
    // A deputy grouped into several stations: the first unless the form named one of them.
    station = d.stations.find((s) => s.id === station?.id) ?? d.stations[0]!;
  }
  if (!station) return null;
  const pow = await challengeFor(deps, ip, deps.now());
  return {
    station,
    deputy,
    via: q.via === 'web' ? 'web' : 'qr',
    categories: await cached('categories', () => categoryOptions(deps.db)),
    idem: idem && IDEMPOTENCY_KEY.test(idem) ? idem : randomBytes(18).toString('base64url'),
    values,
    pow,
  };
}

/** The town → station picker: the towns that have stations, and the stations of the chosen one. */
export async function pickerData(deps: Pick<Deps, 'db'>, town: string | undefined) {
  const all = await stationsByTown(deps.db);
  const townCodes = [...new Set(all.map((s) => s.town))];
  const byCode = await regionNameMap(deps.db, townCodes);
  return {
    towns: townCodes.map((code) => ({ code, name: byCode.get(code) ?? code })),
    stations: all.filter((s) => s.town === town),
  };
}
