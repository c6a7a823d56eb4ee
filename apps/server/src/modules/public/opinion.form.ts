import { createHash } from 'node:crypto';
import { OPINION_MAX_PHOTO_BYTES, OPINION_MAX_PHOTOS } from '@lianluo/domain';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.ts';
import { PHOTO_SIZES, processImage } from '../../http/images.ts';
import { sniff } from '../../http/uploads.ts';
import { PublicError } from './opinion.errors.ts';
import { isRecord } from './params.ts';
import type { OpinionForm, Photo } from './public.schemas.ts';

/** Reading the public pages' multipart forms: text fields, and photos checked by content. */

/**
 * A photo from the public form, checked and re-encoded as staff uploads are (processImage): decoded,
 * refused if it does not decode or declares a pixel bomb, and stored as a new JPEG without its EXIF
 * — a phone photo carries the GPS position of the person's home, which must never be kept or shown.
 * The hash of the bytes as sent is kept for the Idempotency-Key's body.
 */
async function cleanPhoto(bytes: Buffer): Promise<Photo> {
  const sent = createHash('sha256').update(bytes).digest('hex');
  try {
    const img = await processImage(bytes, PHOTO_SIZES.document);
    return { bytes: img.bytes, sent };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.status === 415) throw UNSUPPORTED_PHOTO();
    // Over the size limits: processImage says which size it read; else the file does not decode.
    const message = /尺寸过大/.test(err.message)
      ? `照片${err.message.replace(/^图片/, '')}。`
      : '所选照片已损坏或不是真正的照片，无法读取，请换一张照片。';
    throw new PublicError(message, 422, 'photo');
  }
}

const UNSUPPORTED_PHOTO = () =>
  new PublicError('只能上传 JPG 或 PNG 格式的照片，所选文件不是照片', 415, 'photo');

/** The code of a Fastify or busboy error, if it has one. */
const codeOf = (err: unknown) => (isRecord(err) && typeof err.code === 'string' ? err.code : undefined);

/**
 * Reads a multipart form: its text fields and up to three photos, each sniffed by content (JPEG
 * or PNG only), limited in size, then decoded and re-encoded (cleanPhoto). Browsers send an empty
 * part for an empty file input: skipped.
 */
export async function readForm(
  request: FastifyRequest,
  withPhotos: boolean,
): Promise<{ fields: Record<string, string>; photos: Photo[]; error?: PublicError }> {
  const fields: Record<string, string> = {};
  const photos: Photo[] = [];
  const raw: Buffer[] = [];
  if (!request.isMultipart())
    return { fields, photos, error: new PublicError('请通过页面上的表单提交', 415) };
  try {
    for await (const part of request.parts({
      limits: {
        fileSize: OPINION_MAX_PHOTO_BYTES,
        files: OPINION_MAX_PHOTOS + 1,
        fields: 30,
        // Room for a pasted 20,000-character text, so it gets the "too long" message, not a cut.
        fieldSize: 256 * 1024,
        parts: 40,
      },
    })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (!withPhotos || (bytes.length === 0 && !part.filename)) continue;
        if (raw.length >= OPINION_MAX_PHOTOS)
          throw new PublicError(`最多上传 ${OPINION_MAX_PHOTOS} 张照片`, 400, 'photo');
        const kind = sniff(bytes);
        if (kind !== 'jpeg' && kind !== 'png') throw UNSUPPORTED_PHOTO();
        raw.push(bytes);
      } else if (!(part.fieldname in fields)) {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
    // After the whole request is read, so a fourth photo or an oversized one is refused first.
    for (const bytes of raw) photos.push(await cleanPhoto(bytes));
  } catch (err) {
    const code = codeOf(err);
    if (err instanceof PublicError) return { fields, photos: [], error: err };
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      return {
        fields,
        photos: [],
        error: new PublicError(
          '照片太大：每张不能超过 10 MB。请换一张，或开启 JavaScript 让页面自动压缩。',
          413,
          'photo',
        ),
      };
    }
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      return {
        fields,
        photos: [],
        error: new PublicError(`最多上传 ${OPINION_MAX_PHOTOS} 张照片`, 400, 'photo'),
      };
    }
    throw err;
  }
  return { fields, photos };
}

/** The opinion form's fields out of what was posted. */
export const formOf = (f: Record<string, string>): OpinionForm => ({
  station: f.station,
  deputy: f.deputy || undefined,
  content: f.content,
  category: f.category,
  address: f.address,
  latitude: f.latitude,
  longitude: f.longitude,
  name: f.name,
  phone: f.phone,
  code: f.code,
  anonymous: f.anonymous,
  consent: f.consent,
  powChallenge: f.powChallenge,
  powNonce: f.powNonce,
  via: f.via,
  suggestion: f.suggestion,
});
