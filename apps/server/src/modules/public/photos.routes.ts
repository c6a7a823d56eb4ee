import { Type } from '@sinclair/typebox';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { loadInScope } from '../../core/scope.ts';
import { deputies, stations } from '../../db/schema/index.ts';
import { actorOf } from '../../http/guard.ts';
import { PHOTO_SIZES, processImage } from '../../http/images.ts';
import { IdParams } from '../../http/pagination.ts';
import { clearPublicCache } from './cache.ts';
import { Uuid } from './station.data.ts';

/** Limits of a photo upload: one file, 10 MB before re-encoding (a phone photo is 2–6 MB). */
const PHOTO_LIMITS = { fileSize: 10 * 1024 * 1024, files: 1, fields: 2, parts: 3 };

const PhotoResult = Type.Object({
  photoUrl: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
});

async function readPhoto(request: FastifyRequest) {
  if (!request.isMultipart())
    throw new AppError('unsupported_media_type', '请以 multipart/form-data 上传照片');
  const file = await request.file({ limits: PHOTO_LIMITS });
  if (!file) throw new AppError('validation', '没有收到照片');
  // toBuffer throws 413 past the limit while streaming: a 30 MB file is never held whole.
  return file.toBuffer();
}

/** A profile photo and its thumbnail, re-encoded (no EXIF/GPS) and stored. */
async function storePhoto(deps: Deps, bytes: Buffer) {
  const main = await processImage(bytes, PHOTO_SIZES.profile);
  const thumb = await processImage(main.bytes, PHOTO_SIZES.thumb);
  const [m, t] = await Promise.all([deps.storage.put(main.bytes), deps.storage.put(thumb.bytes)]);
  return { key: m.key, thumbKey: t.key, width: main.width, height: main.height };
}

async function sendPhoto(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  row: { photoKey: string | null; photoThumbKey: string | null } | undefined,
) {
  const { size, v } = request.query as { size?: string; v?: string };
  const key = size === 'thumb' ? row?.photoThumbKey : row?.photoKey;
  if (!key) {
    return reply
      .code(404)
      .header('cache-control', 'no-cache')
      .type('text/plain; charset=utf-8')
      .send('没有照片');
  }
  // A URL carrying the current version never changes; an unversioned one may, so it is revalidated.
  const versioned = v === key.slice(0, 8);
  const etag = `"${key}"`;
  reply
    .header('etag', etag)
    .header(
      'cache-control',
      versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate',
    )
    .header('content-security-policy', "default-src 'none'")
    .header('cross-origin-resource-policy', 'same-origin');
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.type('image/jpeg').send(await deps.storage.get(key));
}

/**
 * Station and deputy photos: staff upload them (PUT, scoped like every station/deputy write), the
 * public pages serve them (cacheable; 404 when there is none).
 */
export const photoRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.put(
    '/api/stations/:id/photo',
    {
      config: { permission: 'stations.manage' },
      schema: {
        operationId: 'uploadStationPhoto',
        tags: ['stations'],
        summary: '上传联络站照片（multipart：file；JPG/PNG/WebP，自动去除位置信息并缩放）',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 200: PhotoResult },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      await loadInScope(deps, actorOf(request), 'station', id, () =>
        deps.db.query.stations.findFirst({ where: eq(stations.id, id) }),
      );
      const p = await storePhoto(deps, await readPhoto(request));
      await deps.db
        .update(stations)
        .set({ photoKey: p.key, photoThumbKey: p.thumbKey })
        .where(eq(stations.id, id));
      clearPublicCache();
      return { photoUrl: `/p/stations/${id}/photo?v=${p.key.slice(0, 8)}`, width: p.width, height: p.height };
    },
  );

  app.put(
    '/api/deputies/:id/photo',
    {
      config: { permission: 'deputies.manage' },
      schema: {
        operationId: 'uploadDeputyPhoto',
        tags: ['deputies'],
        summary: '上传代表照片（multipart：file；JPG/PNG/WebP，自动去除位置信息并缩放）',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 200: PhotoResult },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      await loadInScope(deps, actorOf(request), 'deputy', id, () =>
        deps.db.query.deputies.findFirst({ where: eq(deputies.id, id) }),
      );
      const p = await storePhoto(deps, await readPhoto(request));
      await deps.db
        .update(deputies)
        .set({ photoKey: p.key, photoThumbKey: p.thumbKey })
        .where(eq(deputies.id, id));
      clearPublicCache();
      return { photoUrl: `/p/deputies/${id}/photo?v=${p.key.slice(0, 8)}`, width: p.width, height: p.height };
    },
  );

  app.get(
    '/p/stations/:id/photo',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const row = Uuid.test(id)
        ? await deps.db.query.stations.findFirst({
            where: eq(stations.id, id),
            columns: { photoKey: true, photoThumbKey: true },
          })
        : undefined;
      return sendPhoto(deps, request, reply, row);
    },
  );

  app.get(
    '/p/deputies/:id/photo',
    { config: { public: true }, schema: { hide: true } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const row = Uuid.test(id)
        ? await deps.db.query.deputies.findFirst({
            where: eq(deputies.id, id),
            columns: { photoKey: true, photoThumbKey: true },
          })
        : undefined;
      return sendPhoto(deps, request, reply, row);
    },
  );
};
