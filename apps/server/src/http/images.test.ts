import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { AppError } from '../core/errors.ts';
import { MAX_PIXELS, PHOTO_SIZES, processImage, sniffImage } from './images.ts';

const refusedWith = async (p: Promise<unknown>, status: number, detail: RegExp) => {
  await assert.rejects(
    p,
    (e: unknown) => e instanceof AppError && e.status === status && detail.test(e.message),
  );
};

test('sniffs PNG, JPEG and WebP by their bytes; anything else is not an image', async () => {
  const base = sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } });
  assert.equal(sniffImage(await base.clone().png().toBuffer()), 'png');
  assert.equal(sniffImage(await base.clone().jpeg().toBuffer()), 'jpeg');
  assert.equal(sniffImage(await base.clone().webp().toBuffer()), 'webp');
  assert.equal(sniffImage(await base.clone().gif().toBuffer()), null);
  assert.equal(sniffImage(Buffer.from('%PDF-1.7')), null);
  await refusedWith(processImage(Buffer.from('GIF89a....'), PHOTO_SIZES.profile), 415, /只接受照片/);
  await refusedWith(processImage(Buffer.alloc(0), PHOTO_SIZES.profile), 400, /为空/);
});

test('a phone photo taken sideways comes out upright, smaller, as a JPEG without metadata', async () => {
  // 1000 × 600 stored pixels with EXIF orientation 6 (rotate 90°): the person sees 600 × 1000.
  const sideways = await sharp({ create: { width: 1000, height: 600, channels: 3, background: '#468' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
  const out = await processImage(sideways, PHOTO_SIZES.profile);
  assert.equal(out.mime, 'image/jpeg');
  assert.deepEqual([out.width, out.height], [480, 800]);
  const meta = await sharp(out.bytes).metadata();
  assert.equal(meta.orientation, undefined);
  assert.equal(meta.exif, undefined);
  // A small image is not enlarged; a transparent PNG gets a white background, not black.
  const dot = await sharp({
    create: { width: 20, height: 10, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
  })
    .png()
    .toBuffer();
  const small = await processImage(dot, PHOTO_SIZES.document);
  assert.deepEqual([small.width, small.height], [20, 10]);
  const { data } = await sharp(small.bytes).raw().toBuffer({ resolveWithObject: true });
  assert.ok(data[0]! > 240);
});

test('declared dimensions over the limit are refused before decoding', async () => {
  assert.equal(MAX_PIXELS, 40_000_000);
  // A real 8000 × 6000 JPEG (48 MP) of one colour: small on disk, too big to decode.
  const big = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#000' } })
    .jpeg({ quality: 10 })
    .toBuffer();
  await refusedWith(processImage(big, PHOTO_SIZES.profile), 422, /8000×6000/);
});
