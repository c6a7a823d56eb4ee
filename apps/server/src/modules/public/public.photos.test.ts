import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { auditLog, stations } from '../../db/schema/index.ts';
import {
  multipart,
  page,
  phonePhoto,
  pixelBomb,
  publicApp,
  t,
  town,
  town2,
  world,
} from './public.testkit.ts';

/** Station and deputy photos: uploaded by staff in scope, re-encoded without EXIF/GPS, served to the public. */
publicApp();

describe('photos', () => {
  test('a station photo is re-encoded without EXIF/GPS, resized, served cacheably', async () => {
    const raw = await phonePhoto(3000, 2000);
    assert.ok((await sharp(raw).metadata()).exif, 'the test photo carries EXIF');
    const res = await town({
      method: 'PUT',
      url: `/api/stations/${world.stations.A1}/photo`,
      ...multipart({ name: 'a.jpg', bytes: raw }),
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().width, 800);
    const got = await page(res.json().photoUrl);
    assert.equal(got.statusCode, 200);
    assert.equal(got.headers['content-type'], 'image/jpeg');
    assert.match(got.headers['cache-control'] as string, /immutable/);
    const meta = await sharp(got.rawPayload).metadata();
    assert.equal(meta.width, 800);
    assert.equal(meta.exif, undefined);
    assert.doesNotMatch(got.rawPayload.toString('latin1'), /SN4711|GPS/);
    const again = await page(res.json().photoUrl, { 'if-none-match': got.headers.etag as string });
    assert.equal(again.statusCode, 304);
    assert.match((await page(`/p/stations/${world.stations.A1}`)).body, /class="ph" src="\/p\/stations\//);
  });

  test('a deputy photo gets a thumbnail for lists; no photo is a 404', async () => {
    const res = await town({
      method: 'PUT',
      url: `/api/deputies/${world.deputies.A1}/photo`,
      ...multipart({ name: 'd.jpg', bytes: await phonePhoto(600, 800) }),
    });
    assert.equal(res.statusCode, 200, res.body);
    const thumb = await page(`/p/deputies/${world.deputies.A1}/photo?size=thumb`);
    assert.equal(thumb.statusCode, 200);
    assert.equal((await sharp(thumb.rawPayload).metadata()).height, 160);
    assert.equal((await page(`/p/deputies/${world.deputies.A2}/photo`)).statusCode, 404);
    assert.equal((await page('/p/deputies/nope/photo')).statusCode, 404);
    assert.match((await page(`/p/stations/${world.stations.A1}`)).body, /photo\?size=thumb/);
  });

  test('another town cannot upload (404, audited); non-images, 30 MB and pixel bombs are refused and change nothing', async () => {
    const key = async () =>
      (
        await t.database.db
          .select({ k: stations.photoKey })
          .from(stations)
          .where(eq(stations.id, world.stations.A1))
      )[0]!.k;
    const before = await key();
    const denied = async () =>
      (
        await t.database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(auditLog)
          .where(eq(auditLog.event, 'scope_denied'))
      )[0]!.n;
    const d0 = await denied();
    const foreign = await town2({
      method: 'PUT',
      url: `/api/stations/${world.stations.A1}/photo`,
      ...multipart({ name: 'a.jpg', bytes: await phonePhoto(100, 100) }),
    });
    assert.equal(foreign.statusCode, 404);
    assert.ok((await denied()) > d0);
    const html = await town({
      method: 'PUT',
      url: `/api/stations/${world.stations.A1}/photo`,
      ...multipart({ name: 'a.jpg', bytes: Buffer.from('<html><script>alert(1)</script></html>') }),
    });
    assert.equal(html.statusCode, 415);
    assert.match(html.json().detail, /只接受照片/);
    const big = Buffer.alloc(30 * 1024 * 1024, 1);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    const huge = await town({
      method: 'PUT',
      url: `/api/stations/${world.stations.A1}/photo`,
      ...multipart({ name: 'big.jpg', bytes: big }),
    });
    assert.equal(huge.statusCode, 413);
    const bomb = await town({
      method: 'PUT',
      url: `/api/stations/${world.stations.A1}/photo`,
      ...multipart({ name: 'bomb.png', bytes: await pixelBomb() }),
    });
    assert.equal(bomb.statusCode, 422);
    assert.match(bomb.json().detail, /60000×60000/);
    const truncated = (await phonePhoto(200, 200)).subarray(0, 300);
    const broken = await town({
      method: 'PUT',
      url: `/api/stations/${world.stations.A1}/photo`,
      ...multipart({ name: 'cut.jpg', bytes: truncated }),
    });
    assert.equal(broken.statusCode, 422);
    assert.equal(await key(), before);
  });
});
