import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams } from '../../http/pagination.ts';
import { fieldsOf } from './params.ts';
import { photoKeys, uploadDeputyPhoto, uploadStationPhoto } from './photos.service.ts';
import type { PhotoKeys } from './public.queries.ts';
import { PageParams, PhotoResult } from './public.schemas.ts';

/** Limits of a photo upload: one file, 10 MB before re-encoding (a phone photo is 2–6 MB). */
const PHOTO_LIMITS = { fileSize: 10 * 1024 * 1024, files: 1, fields: 2, parts: 3 };

async function readPhoto(request: FastifyRequest) {
  if (!request.isMultipart())
    throw new AppError('unsupported_media_type', '请以 multipart/form-data 上传照片');
  const file = await request.file({ limits: PHOTO_LIMITS });
  if (!file) throw new AppError('validation', '没有收到照片');
  // toBuffer throws 413 past the limit while streaming: a 30 MB file is never held whole.
  return file.toBuffer();
}

async function sendPhoto(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  row: PhotoKeys | undefined,
) {
  const { size, v } = fieldsOf(request.query);
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
export const photoRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
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
    async (request) =>
      uploadStationPhoto(deps, actorOf(request), request.params.id, () => readPhoto(request)),
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
    async (request) => uploadDeputyPhoto(deps, actorOf(request), request.params.id, () => readPhoto(request)),
  );

  app.get(
    '/p/stations/:id/photo',
    { config: { public: true }, schema: { hide: true, params: PageParams } },
    async (request, reply) =>
      sendPhoto(deps, request, reply, await photoKeys(deps, 'station', request.params.id)),
  );

  app.get(
    '/p/deputies/:id/photo',
    { config: { public: true }, schema: { hide: true, params: PageParams } },
    async (request, reply) =>
      sendPhoto(deps, request, reply, await photoKeys(deps, 'deputy', request.params.id)),
  );
};
