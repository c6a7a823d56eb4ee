import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { buildWorld, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * What the public page tests (public.*.test.ts) share: one app per test file with station A1's
 * address, a published weekly rota (Wednesdays from 17 June) and the A1 case on the board.
 */
export let t: TestApp;
export let world: World;
export let town: ReturnType<typeof as>;
export let town2: ReturnType<typeof as>;
export let shifts: { id: string; date: string }[] = [];

export function multipart(file: { name: string; bytes: Buffer }) {
  const boundary = '----lianluo-public-test';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: image/jpeg\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export const form = (fields: Record<string, string>) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

/** A photo as a phone takes it: with EXIF (camera serial, GPS position). */
export const phonePhoto = (w = 1200, h = 900) =>
  sharp({ create: { width: w, height: h, channels: 3, background: '#8ab' } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'camera-serial-SN4711' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '28/1 11/1 0/1' },
    })
    .toBuffer();

/** A valid 1×1 PNG whose header declares 60,000 × 60,000 pixels: decoding it would take 14 GB. */
export async function pixelBomb(): Promise<Buffer> {
  const png = Buffer.from(
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer(),
  );
  // IHDR data starts at byte 16: width, height (big-endian); its CRC covers type + data.
  png.writeUInt32BE(60_000, 16);
  png.writeUInt32BE(60_000, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

export const page = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

/** Starts the app and the world for the calling test file, and closes them after it. */
export function publicApp() {
  after(() => t?.close());
  before(async () => {
    t = await startTestApp(); // 2026-06-15 10:00 Asia/Shanghai, a Monday
    world = await buildWorld(t.deps);
    town = as(t.app, await loginAs(t.app, 'town_a1', PASSWORD));
    town2 = as(t.app, await loginAs(t.app, 'town_a2', PASSWORD));
    const st = world.stations.A1;
    await town({
      method: 'PATCH',
      url: `/api/stations/${st}`,
      payload: {
        address: '甲一镇人民路1号',
        openingHours: '工作日 9:00–17:00',
        latitude: 28.19,
        longitude: 112.98,
      },
    });
    const rule = await town({
      method: 'POST',
      url: `/api/stations/${st}/rota-rules`,
      payload: {
        rule: { kind: 'weekly', weekday: 3 },
        startTime: '09:00',
        endTime: '11:30',
        perShift: 1,
        deputyIds: [world.deputies.A1],
      },
    });
    assert.equal(rule.statusCode, 201, rule.body);
    const pub = await town({
      method: 'POST',
      url: `/api/rota-rules/${rule.json().id}/publish`,
      payload: { from: '2026-06-15', to: '2026-07-31' },
    });
    assert.equal(pub.statusCode, 200, pub.body);
    const list = await town({ method: 'GET', url: `/api/rota/shifts?station=${st}` });
    shifts = list.json().items;
    assert.equal(shifts[0]!.date, '2026-06-17');
    // The A1 case is approved for the board (consent was given at intake).
    const published = await town({
      method: 'POST',
      url: `/api/cases/${world.cases.A1}/publish`,
      payload: { text: '张**反映的沟渠堵塞问题：已安排清淤，沟渠已疏通。' },
    });
    assert.equal(published.statusCode, 200, published.body);
  });
}
