import sharp, { type Metadata } from 'sharp';
import { AppError } from '../core/errors.ts';
import { sniff } from './uploads.ts';

/**
 * Photos people and staff upload (station and deputy photos, checklist evidence, case photos).
 * Every one is decoded and re-encoded here, never stored as sent: re-encoding drops EXIF (a
 * phone's GPS position, camera serial), ICC junk and anything appended after the image data, and
 * resizing keeps a village network from downloading a 12-megapixel original.
 */

/** Largest image we agree to decode: 40 megapixels (a 48 MP phone camera shoots 12 MP by default). */
export const MAX_PIXELS = 40_000_000;
/** Longest side accepted at all; a 1 × 100,000 strip is a bomb even under the pixel count. */
const MAX_SIDE = 12_000;

// No decoded-image cache: each image is processed once and thrown away.
sharp.cache(false);

export type ImageKind = 'png' | 'jpeg' | 'webp';

/** The image type by magic bytes (png and jpeg through the upload sniffer, webp here). */
export function sniffImage(bytes: Buffer): ImageKind | null {
  const k = sniff(bytes);
  if (k === 'png' || k === 'jpeg') return k;
  if (
    bytes.length >= 12 &&
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'webp';
  return null;
}

export interface ProcessedImage {
  bytes: Buffer;
  mime: 'image/jpeg';
  width: number;
  height: number;
}

export interface ImageOptions {
  /** The longest side of the output, in pixels (smaller images are not enlarged). */
  maxSide: number;
  quality?: number;
}

/**
 * Checks and re-encodes one uploaded image: refuses what is not a PNG/JPEG/WebP by its bytes
 * (415), an image whose declared size is over the limits before any pixel is decoded (422), and
 * an image that does not decode (422). Returns a JPEG, upright (EXIF orientation applied), with
 * no metadata, at most `maxSide` on its longest side.
 */
export async function processImage(bytes: Buffer, opts: ImageOptions): Promise<ProcessedImage> {
  if (bytes.length === 0) throw new AppError('validation', '图片为空');
  if (!sniffImage(bytes)) {
    throw new AppError('unsupported_media_type', '只接受照片（JPG、PNG 或 WebP 格式）');
  }
  let meta: Metadata;
  try {
    // Reads the header only: the declared dimensions, before anything is decoded.
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new AppError('unprocessable', '图片已损坏，无法读取');
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (!w || !h) throw new AppError('unprocessable', '图片已损坏，无法读取尺寸');
  if (w > MAX_SIDE || h > MAX_SIDE || w * h > MAX_PIXELS || (meta.pages ?? 1) > 1) {
    throw new AppError(
      'unprocessable',
      `图片尺寸过大（${w}×${h}），请上传不超过 ${MAX_PIXELS / 1_000_000} 百万像素的照片`,
    );
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: opts.maxSide, height: opts.maxSide, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: opts.quality ?? 80, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { bytes: data, mime: 'image/jpeg', width: info.width, height: info.height };
  } catch {
    throw new AppError('unprocessable', '图片已损坏，无法处理');
  }
}

/** Sizes used across the platform: a profile photo and its list thumbnail, an evidence/case photo. */
export const PHOTO_SIZES = {
  profile: { maxSide: 800 },
  thumb: { maxSide: 160, quality: 75 },
  document: { maxSide: 1600 },
} as const satisfies Record<string, ImageOptions>;
