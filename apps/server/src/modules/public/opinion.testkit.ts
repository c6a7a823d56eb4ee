import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { crc32 } from 'node:zlib';
import { desc, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { attachments, caseEvents, cases, idempotencyKeys, notifications } from '../../db/schema/index.ts';
import { buildWorld, type World } from '../../test/fixtures.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * What the opinion tests (opinion.*.test.ts) share: one app and world per test file, and the
 * helpers that post the public forms as a browser would.
 */
export let t: TestApp;
export let world: World;
let ipSeq = 0;

/** Starts the app and the world for the calling test file, and closes them after it. */
export function opinionApp() {
  after(() => t?.close());
  before(async () => {
    t = await startTestApp();
    world = await buildWorld(t.deps);
    JPEG = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#b71c1c' } })
      .jpeg()
      .toBuffer();
  });
}

/** A fresh client address per scenario, so one test's rate limits do not leak into another's. */
export const newIp = () => `10.0.0.${++ipSeq}`;

export type Part = string | { name: string; bytes: Buffer; type?: string };
export function multipart(fields: Record<string, Part | Part[]>) {
  const boundary = '----lianluo-opinion';
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const v of [value].flat()) {
      if (typeof v === 'string') {
        chunks.push(
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${v}\r\n`),
        );
      } else {
        chunks.push(
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${v.name}"\r\nContent-Type: ${v.type ?? 'image/jpeg'}\r\n\r\n`,
          ),
          v.bytes,
          Buffer.from('\r\n'),
        );
      }
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A real (small) JPEG: every photo is decoded and re-encoded, so a fake one would be refused. */
export let JPEG: Buffer;

/** A photo as a phone takes it: EXIF with the camera's serial and the GPS position of the shot. */
export const phonePhoto = (w: number, h: number) =>
  sharp({ create: { width: w, height: h, channels: 3, background: '#6a8' } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'camera-serial-SN4711' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '28/1 11/1 30/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '112/1 58/1 12/1',
      },
    })
    .toBuffer();

/** A valid 1×1 PNG whose header declares 60,000 × 60,000 pixels: decoding it would take 14 GB. */
export async function pixelBomb(): Promise<Buffer> {
  const png = Buffer.from(
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer(),
  );
  png.writeUInt32BE(60_000, 16);
  png.writeUInt32BE(60_000, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

export async function post(
  url: string,
  fields: Record<string, Part | Part[]>,
  ip: string,
  headers: Record<string, string> = {},
) {
  const m = multipart(fields);
  return t.app.inject({
    method: 'POST',
    url,
    payload: m.payload,
    headers: { ...m.headers, ...headers },
    remoteAddress: ip,
  });
}

export async function snapshot() {
  const one = async (
    table: typeof cases | typeof attachments | typeof caseEvents | typeof idempotencyKeys,
  ) => {
    const [r] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table);
    return r!.n;
  };
  return {
    cases: await one(cases),
    attachments: await one(attachments),
    events: await one(caseEvents),
    keys: await one(idempotencyKeys),
  };
}

/** Requests a code and reads it from the outbox, as the SMS gateway would. */
export async function codeFor(phone: string, ip: string): Promise<string> {
  t.clock.advance(61_000);
  const res = await post('/p/opinion/code', { phone, station: world.stations.A1 }, ip, {
    accept: 'application/json',
  });
  assert.equal(res.statusCode, 200, res.body);
  const [m] = await t.database.db
    .select()
    .from(notifications)
    .where(eq(notifications.template, 'verify_code'))
    .orderBy(desc(notifications.id))
    .limit(1);
  // The phone is encrypted in the outbox, never plain.
  assert.ok(m!.recipient.startsWith('v1.') && !m!.recipient.includes(phone));
  assert.equal(t.deps.crypto.decrypt(m!.recipient), phone);
  return m!.body.match(/验证码是(\d{6})/)![1]!;
}

/** The tracking number on the page a plain form post is redirected to. */
export async function doneNumber(res: { cookies: { name: string; value: string }[] }): Promise<string> {
  const done = await t.app.inject({
    method: 'GET',
    url: '/p/opinion/done',
    cookies: { lianluo_done: res.cookies.find((c) => c.name === 'lianluo_done')!.value },
  });
  return done.body.match(/data-testid="tracking-number">([^<]+)</)![1]!;
}

let keySeq = 0;
export const newKey = () => `test-key-${Date.now()}-${++keySeq}-abcdef`;

export function form(extra: Record<string, Part | Part[]> = {}): Record<string, Part | Part[]> {
  return {
    station: world.stations.A1,
    via: 'qr',
    idem: newKey(),
    content: '村口路灯坏了一个月，晚上出行不便',
    address: '石桥村村口',
    name: '李四',
    phone: '13900139000',
    consent: '1',
    ...extra,
  };
}

/** A refusal: the status, a page that says why in Chinese, the input kept, nothing stored. */
export async function refused(
  res: { statusCode: number; body: string; headers: Record<string, unknown> },
  status: number,
  message: RegExp,
) {
  assert.equal(res.statusCode, status, res.body.slice(0, 500));
  assert.match(String(res.headers['content-type']), /text\/html/);
  assert.match(res.body, /role="alert">[^<]*/);
  assert.match(res.body, message);
}
