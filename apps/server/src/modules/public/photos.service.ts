import type { Actor, Deps } from '../../core/context.ts';
import { loadInScope } from '../../core/scope.ts';
import { PHOTO_SIZES, processImage } from '../../http/images.ts';
import { clearPublicCache } from './cache.ts';
import { Uuid } from './params.ts';
import * as q from './public.queries.ts';
import type { PhotoResult } from './public.schemas.ts';

/** Station and deputy photos: uploaded by staff in scope, re-encoded without EXIF/GPS, served publicly. */

/** A profile photo and its thumbnail, re-encoded (no EXIF/GPS) and stored. */
async function storePhoto(deps: Deps, bytes: Buffer) {
  const main = await processImage(bytes, PHOTO_SIZES.profile);
  const thumb = await processImage(main.bytes, PHOTO_SIZES.thumb);
  const [m, t] = await Promise.all([deps.storage.put(main.bytes), deps.storage.put(thumb.bytes)]);
  return { key: m.key, thumbKey: t.key, width: main.width, height: main.height };
}

/** Replaces a station's photo (404, audited, outside the caller's scope). */
export async function uploadStationPhoto(
  deps: Deps,
  actor: Actor,
  id: string,
  read: () => Promise<Buffer>,
): Promise<PhotoResult> {
  await loadInScope(deps, actor, 'station', id, () => q.stationById(deps.db, id));
  const p = await storePhoto(deps, await read());
  await q.setStationPhoto(deps.db, id, { photoKey: p.key, photoThumbKey: p.thumbKey });
  clearPublicCache();
  return { photoUrl: `/p/stations/${id}/photo?v=${p.key.slice(0, 8)}`, width: p.width, height: p.height };
}

/** Replaces a deputy's photo (404, audited, outside the caller's scope). */
export async function uploadDeputyPhoto(
  deps: Deps,
  actor: Actor,
  id: string,
  read: () => Promise<Buffer>,
): Promise<PhotoResult> {
  await loadInScope(deps, actor, 'deputy', id, () => q.deputyById(deps.db, id));
  const p = await storePhoto(deps, await read());
  await q.setDeputyPhoto(deps.db, id, { photoKey: p.key, photoThumbKey: p.thumbKey });
  clearPublicCache();
  return { photoUrl: `/p/deputies/${id}/photo?v=${p.key.slice(0, 8)}`, width: p.width, height: p.height };
}

/** The photo keys of a station or deputy for the public pages (undefined for a malformed id). */
export async function photoKeys(deps: Pick<Deps, 'db'>, kind: 'station' | 'deputy', id: string) {
  if (!Uuid.test(id)) return undefined;
  return kind === 'station' ? q.stationPhotoKeys(deps.db, id) : q.deputyPhotoKeys(deps.db, id);
}
