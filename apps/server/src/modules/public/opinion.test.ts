import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { crc32 } from 'node:zlib';
import { leadingZeroBits, PUBLIC_LIMITS } from '@lianluo/domain';
import { and, desc, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { rateHit } from '../../core/rate-limit.ts';
import {
  attachments,
  caseEvents,
  cases,
  idempotencyKeys,
  notifications,
  publicPhoneCodes,
} from '../../db/schema/index.ts';
import { buildWorld, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { transitionCase } from '../cases/cases.service.ts';

let t: TestApp;
let world: World;
let ipSeq = 0;
after(() => t?.close());
before(async () => {
  t = await startTestApp();
  world = await buildWorld(t.deps);
  JPEG = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#b71c1c' } })
    .jpeg()
    .toBuffer();
});

/** A fresh client address per scenario, so one test's rate limits do not leak into another's. */
const newIp = () => `10.0.0.${++ipSeq}`;

type Part = string | { name: string; bytes: Buffer; type?: string };
function multipart(fields: Record<string, Part | Part[]>) {
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
let JPEG: Buffer;

/** A photo as a phone takes it: EXIF with the camera's serial and the GPS position of the shot. */
const phonePhoto = (w: number, h: number) =>
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
async function pixelBomb(): Promise<Buffer> {
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

async function post(
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

async function snapshot() {
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
async function codeFor(phone: string, ip: string): Promise<string> {
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
async function doneNumber(res: { cookies: { name: string; value: string }[] }): Promise<string> {
  const done = await t.app.inject({
    method: 'GET',
    url: '/p/opinion/done',
    cookies: { lianluo_done: res.cookies.find((c) => c.name === 'lianluo_done')!.value },
  });
  return done.body.match(/data-testid="tracking-number">([^<]+)</)![1]!;
}

let keySeq = 0;
const newKey = () => `test-key-${Date.now()}-${++keySeq}-abcdef`;

function form(extra: Record<string, Part | Part[]> = {}): Record<string, Part | Part[]> {
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
async function refused(
  res: { statusCode: number; body: string; headers: Record<string, unknown> },
  status: number,
  message: RegExp,
) {
  assert.equal(res.statusCode, status, res.body.slice(0, 500));
  assert.match(String(res.headers['content-type']), /text\/html/);
  assert.match(res.body, /role="alert">[^<]*/);
  assert.match(res.body, message);
}

describe('raise an opinion', () => {
  test('the form renders from a station URL with a strict CSP; unknown station and the picker', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/p/opinion?station=${world.stations.A1}` });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-security-policy']), /script-src 'nonce-/);
    // no-referrer would make Chromium send Origin: null on the plain form POST (refused as CSRF).
    assert.equal(res.headers['referrer-policy'], 'same-origin');
    assert.match(res.body, /A1人大代表联络站/);
    assert.match(res.body, /enctype="multipart\/form-data"/);
    assert.match(res.body, /name="idem" value="[A-Za-z0-9_-]{16,}"/);
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/p/opinion?station=00000000-0000-4000-8000-000000000000',
    });
    assert.equal(unknown.statusCode, 404);
    const picker = await t.app.inject({ method: 'GET', url: '/p/opinion' });
    assert.match(picker.body, /甲一镇/);
    const town = await t.app.inject({ method: 'GET', url: '/p/opinion?town=439901001000' });
    assert.match(town.body, new RegExp(`station=${world.stations.A1}`));
    const deputy = await t.app.inject({ method: 'GET', url: `/p/opinion?deputy=${world.deputies.A1}` });
    assert.match(deputy.body, /代表A1/);
  });

  test('bad input: each gets a Chinese message, the input back, and nothing is stored', async () => {
    const ip = newIp();
    const before = await snapshot();
    await refused(await post('/p/opinion', form({ content: '' }), ip), 400, /请填写您要反映的问题/);
    await refused(
      await post('/p/opinion', form({ content: '\u200b\u200c\ufeff' }), ip),
      400,
      /请填写您要反映的问题/,
    );
    const long = await post('/p/opinion', form({ content: '长'.repeat(20_000) }), ip);
    await refused(long, 400, /内容过长：最多 2000 字，现有 20000 字/);
    const script = await post('/p/opinion', form({ content: '路灯<script>alert(1)</script>' }), ip);
    await refused(script, 400, /不能含有网页代码/);
    // The text comes back escaped, never as markup.
    assert.ok(!script.body.includes('<script>alert(1)'));
    assert.match(script.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(script.body, /value="李四"/);
    const html = await post(
      '/p/opinion',
      form({ photo: { name: 'a.jpg', bytes: Buffer.from('<html><script>x</script>') } }),
      ip,
    );
    await refused(html, 415, /只能上传 JPG 或 PNG 格式的照片/);
    const big = Buffer.alloc(30 * 1024 * 1024, 0);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    await refused(
      await post('/p/opinion', form({ photo: { name: 'big.jpg', bytes: big } }), ip),
      413,
      /照片太大/,
    );
    const four = { name: 'p.jpg', bytes: JPEG };
    await refused(
      await post('/p/opinion', form({ photo: [four, four, four, four] }), ip),
      400,
      /最多上传 3 张照片/,
    );
    await refused(await post('/p/opinion', form({ phone: '1380013800' }), ip), 400, /11位手机号码/);
    await refused(await post('/p/opinion', form({ name: '' }), ip), 400, /请填写姓名，或选择匿名反映/);
    await refused(await post('/p/opinion', form({ code: '' }), ip), 400, /验证码已过期或尚未获取/);
    assert.deepEqual(await snapshot(), before);
  });

  test('photos are decoded and re-encoded: fakes and pixel bombs are refused, a phone photo loses its GPS', async () => {
    const ip = newIp();
    const anon = (photo: Part | Part[]) => form({ anonymous: '1', name: '', phone: '', photo });
    const before = await snapshot();
    // Starts like a JPEG (the magic bytes a sniffer checks), then garbage.
    const fake = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]),
      Buffer.alloc(2000, 1),
    ]);
    const garbage = await post('/p/opinion', anon({ name: 'IMG_0002.jpg', bytes: fake }), ip);
    await refused(garbage, 422, /所选照片已损坏或不是真正的照片，无法读取，请换一张照片/);
    // The form comes back with the text kept and the photo field marked.
    assert.match(garbage.body, /村口路灯坏了一个月/);
    assert.match(garbage.body, /id="photos"[^>]*aria-invalid="true"/);
    // A real photo with a fake one: the whole opinion waits, nothing half-stored.
    await refused(
      await post(
        '/p/opinion',
        anon([
          { name: 'ok.jpg', bytes: JPEG },
          { name: 'bad.jpg', bytes: fake },
        ]),
        ip,
      ),
      422,
      /已损坏/,
    );
    const truncated = (await phonePhoto(400, 300)).subarray(0, 400);
    await refused(await post('/p/opinion', anon({ name: 'cut.jpg', bytes: truncated }), ip), 422, /已损坏/);
    const bomb = await post('/p/opinion', anon({ name: 'bomb.png', bytes: await pixelBomb() }), ip);
    await refused(bomb, 422, /照片尺寸过大（60000×60000），请上传不超过 40 百万像素的照片/);
    // JSON (the page's script) gets the same message.
    const json = await post('/p/opinion', anon({ name: 'IMG_0002.jpg', bytes: fake }), ip, {
      accept: 'application/json',
    });
    assert.equal(json.statusCode, 422);
    assert.match(json.json().title, /已损坏/);
    assert.equal(json.json().field, 'photo');
    assert.deepEqual(await snapshot(), before);

    const raw = await phonePhoto(2400, 1800);
    assert.match(raw.toString('latin1'), /SN4711/, 'the test photo carries EXIF');
    assert.ok((await sharp(raw).metadata()).exif);
    const ok = await post('/p/opinion', anon({ name: 'IMG_0003.jpg', bytes: raw }), ip);
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
    const number = await doneNumber(ok);
    const [c] = await t.database.db.select().from(cases).where(eq(cases.number, number));
    const [a, ...more] = await t.database.db.select().from(attachments).where(eq(attachments.caseId, c!.id));
    assert.equal(more.length, 0);
    assert.equal(a!.mime, 'image/jpeg');
    assert.equal(a!.fileName, '照片1.jpg');
    const stored = await t.deps.storage.get(a!.storageKey);
    assert.equal(stored.length, a!.size);
    const meta = await sharp(stored).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.exif, undefined);
    // Shrunk to the document size, like staff uploads; no trace of the serial or the position.
    assert.equal(Math.max(meta.width!, meta.height!), 1600);
    assert.doesNotMatch(stored.toString('latin1'), /SN4711|GPS|Exif/);
  });

  test('a wrong code five times locks it; even the right code is then refused', async () => {
    const ip = newIp();
    const phone = '13700137001';
    const code = await codeFor(phone, ip);
    const wrong = code === '000000' ? '111111' : '000000';
    const before = await snapshot();
    for (let i = 1; i <= 4; i++) {
      await refused(
        await post('/p/opinion', form({ phone, code: wrong }), ip),
        400,
        new RegExp(`还可以再试 ${5 - i} 次`),
      );
    }
    await refused(await post('/p/opinion', form({ phone, code: wrong }), ip), 400, /输错次数过多，已失效/);
    await refused(await post('/p/opinion', form({ phone, code }), ip), 400, /输错次数过多，已失效/);
    assert.deepEqual(await snapshot(), before);
    // The code is kept only as a keyed hash.
    const rows = await t.database.db.select().from(publicPhoneCodes);
    assert.ok(rows.every((r) => !r.codeHash.includes(code)));
  });

  test('the happy path: a case through the case service, visible to staff of its region only', async () => {
    const ip = newIp();
    const phone = '13600136001';
    const code = await codeFor(phone, ip);
    const before = await snapshot();
    const res = await post(
      '/p/opinion',
      form({
        phone,
        code,
        // Full-width letters are folded without asking (the person saw "ABC"); hidden
        // characters are another matter (see below).
        content: '村口路灯坏了，ＡＢＣ小区门口的 parking 牌也倒了',
        photo: { name: 'IMG_0001.jpg', bytes: JPEG },
      }),
      ip,
    );
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    assert.equal(res.headers.location, '/p/opinion/done');
    const cookie = res.cookies.find((c) => c.name === 'lianluo_done')!;
    const done = await t.app.inject({
      method: 'GET',
      url: '/p/opinion/done',
      cookies: { lianluo_done: cookie.value },
    });
    const number = done.body.match(/data-testid="tracking-number">([^<]+)</)![1]!;
    assert.match(number, /^LL-439901-2026-\d+$/);
    const after = await snapshot();
    assert.equal(after.cases, before.cases + 1);
    assert.equal(after.attachments, before.attachments + 1);
    const [c] = await t.database.db.select().from(cases).where(eq(cases.number, number));
    assert.equal(c!.content, '村口路灯坏了，ABC小区门口的 parking 牌也倒了');
    assert.equal(c!.channel, 'qr');
    assert.equal(c!.stationId, world.stations.A1);
    assert.equal(c!.regionCode, '439901001000');
    assert.equal(c!.personPhoneMasked, '136****6001');
    assert.ok(!c!.personPhoneCipher!.includes(phone));
    assert.equal(t.deps.crypto.decrypt(c!.personNameCipher!), '李四');
    assert.equal(c!.consentPublish, true);
    // Staff of the town see it; another town's office gets 404.
    const town = as(t.app, await loginAs(t.app, 'town_a1', PASSWORD));
    const seen = await town({ method: 'GET', url: `/api/cases/${c!.id}` });
    assert.equal(seen.statusCode, 200);
    assert.equal(seen.json().status, 'registered');
    const other = as(t.app, await loginAs(t.app, 'town_a2', PASSWORD));
    assert.equal((await other({ method: 'GET', url: `/api/cases/${c!.id}` })).statusCode, 404);
    // The code is used up.
    await refused(await post('/p/opinion', form({ phone, code }), ip), 400, /验证码已过期或尚未获取/);
  });

  test('zero-width and look-alike characters: refused with the cleaned text to check; sending that is accepted', async () => {
    const ip = newIp();
    const phone = '13600136003';
    const code = await codeFor(phone, ip);
    const before = await snapshot();
    const textarea = (html: string) => html.match(/<textarea id="content"[^>]*>([^<]*)<\/textarea>/)![1]!;
    // A zero-width space: the person never saw it.
    const zw = await post('/p/opinion', form({ phone, code, content: '村口路\u200b灯坏了\u202e一个月' }), ip);
    await refused(
      zw,
      400,
      /内容含有不可见字符（如零宽空格），已删除，请核对后再提交。短信验证码仍然有效，请重新填写。/,
    );
    assert.equal(textarea(zw.body), '村口路灯坏了一个月');
    assert.match(zw.body, /id="content"[^>]*aria-invalid="true"/);
    // Cyrillic р and а spelling a Latin word, and a zero-width joiner in the address.
    const look = await post(
      '/p/opinion',
      form({
        phone,
        code,
        content: 'ＡＢＣ小区门口的 \u0440\u0430rking 牌倒了',
        address: '石桥村\u200d村口',
      }),
      ip,
    );
    await refused(look, 400, /内容、地址含有不可见字符或形近的特殊字符，已替换为常用字符，请核对后再提交/);
    assert.equal(textarea(look.body), 'ABC小区门口的 parking 牌倒了');
    assert.match(look.body, /id="address"[^>]*value="石桥村村口"/);
    // The code is neither echoed nor spent nor counted as a wrong try.
    assert.doesNotMatch(look.body, new RegExp(`value="${code}"`));
    assert.deepEqual(await snapshot(), before);
    const [row] = await t.database.db
      .select()
      .from(publicPhoneCodes)
      .orderBy(desc(publicPhoneCodes.createdAt))
      .limit(1);
    assert.equal(row!.attempts, 0);
    assert.equal(row!.usedAt, null);
    // The person checks the cleaned form and sends it as it came back (its own key, its code).
    const idem = look.body.match(/name="idem" value="([^"]+)"/)![1]!;
    const ok = await post(
      '/p/opinion',
      form({ phone, code, idem, content: textarea(look.body), address: '石桥村村口' }),
      ip,
    );
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
    const [c] = await t.database.db
      .select()
      .from(cases)
      .where(eq(cases.number, await doneNumber(ok)));
    assert.equal(c!.content, 'ABC小区门口的 parking 牌倒了');
    assert.equal(t.deps.crypto.decrypt(c!.addressCipher!), '石桥村村口');
  });

  test('the page script gets the cleaned text as JSON and resends it under the same Idempotency-Key', async () => {
    const ip = newIp();
    const phone = '13600136004';
    const code = await codeFor(phone, ip);
    const before = await snapshot();
    const headers = { accept: 'application/json', 'idempotency-key': newKey() };
    // A Cyrillic А starting a Latin name.
    const refusedJson = await post('/p/opinion', form({ phone, code, name: '\u0410nna Li' }), ip, headers);
    assert.equal(refusedJson.statusCode, 400);
    const problem = refusedJson.json();
    assert.match(
      problem.title,
      /^姓名含有与常用字母形近的特殊字符（如混在英文里的俄文字母），已替换为常用字母，请核对后再提交$/,
    );
    assert.equal(problem.field, 'name');
    assert.deepEqual(problem.cleaned, { name: 'Anna Li' });
    assert.deepEqual(await snapshot(), before);
    // The script puts the cleaned name in the form and sends again with the same key: accepted,
    // not "same key, different body" — nothing was stored under the key.
    const body = form({ phone, code, name: problem.cleaned.name });
    const sent = await post('/p/opinion', body, ip, headers);
    assert.equal(sent.statusCode, 200, sent.body);
    // A dropped connection's resend of that very body answers the same number, one case.
    const again = await post('/p/opinion', body, ip, headers);
    assert.equal(again.json().number, sent.json().number);
    assert.equal((await snapshot()).cases, before.cases + 1);
    const [c] = await t.database.db.select().from(cases).where(eq(cases.number, sent.json().number));
    assert.equal(t.deps.crypto.decrypt(c!.personNameCipher!), 'Anna Li');
  });

  test('a resend with the same Idempotency-Key creates one case; a different body is refused', async () => {
    const ip = newIp();
    const phone = '13600136002';
    const code = await codeFor(phone, ip);
    const key = newKey();
    const headers = { accept: 'application/json', 'idempotency-key': key };
    const body = form({ phone, code, idem: 'ignored-when-header-is-set' });
    const first = await post('/p/opinion', body, ip, headers);
    assert.equal(first.statusCode, 200, first.body);
    const mid = await snapshot();
    // The connection dropped before the answer came: the draft is resent with the same key.
    const again = await post('/p/opinion', body, ip, headers);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().number, first.json().number);
    const changed = await post('/p/opinion', { ...body, content: '换了内容' }, ip, headers);
    assert.equal(changed.statusCode, 422);
    assert.match(changed.json().title, /已经提交过，内容却不同/);
    assert.deepEqual(await snapshot(), mid);
  });
});

describe('track and rate', () => {
  let number = '';
  let caseId = '';

  before(async () => {
    const ip = newIp();
    const phone = '13500135001';
    const code = await codeFor(phone, ip);
    const res = await post('/p/opinion', form({ phone, code }), ip, { accept: 'application/json' });
    number = res.json().number;
    const [c] = await t.database.db.select().from(cases).where(eq(cases.number, number));
    caseId = c!.id;
  });

  async function lookup(num: string, secret: string, ip: string) {
    return post('/p/track', { number: num, secret }, ip);
  }

  test("the right phone tail opens the timeline; someone else's tail answers like an unknown number", async () => {
    const ip = newIp();
    const wrongTail = await lookup(number, '8000', ip);
    const unknown = await lookup('LL-439901-2026-999999', '6001', ip);
    assert.equal(wrongTail.statusCode, 404);
    assert.equal(unknown.statusCode, 404);
    const msg = (b: string) => b.match(/role="alert">([^<]+)</)![1];
    assert.equal(msg(wrongTail.body), msg(unknown.body));
    assert.match(msg(wrongTail.body)!, /没有找到/);
    assert.ok(!wrongTail.headers['set-cookie']);
    const ok = await lookup(number.toLowerCase(), '5001', ip);
    assert.equal(ok.statusCode, 303);
    const cookie = ok.cookies.find((c) => c.name === 'lianluo_track')!;
    const view = await t.app.inject({
      method: 'GET',
      url: '/p/track',
      cookies: { lianluo_track: cookie.value },
    });
    assert.match(view.body, /意见已登记/);
    assert.match(view.body, /135\*\*\*\*5001/);
    assert.ok(!view.body.includes('13500135001'));
    assert.ok(!view.body.includes('rate-form'));
  });

  test('failed lookups of a number are limited: then even the right tail waits', async () => {
    const ip = newIp();
    const [other] = await t.database.db.select().from(cases).where(eq(cases.id, world.cases.A2));
    for (let i = 0; i < 5; i++)
      assert.equal((await lookup(other!.number, String(1000 + i), ip)).statusCode, 404);
    const limited = await lookup(other!.number, '8000', ip);
    await refused(limited, 429, /查询过于频繁/);
    // Per IP too.
    const ip2 = newIp();
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await lookup('LL-0', '0000', ip2)).statusCode;
    assert.equal(last, 429);
  });

  test('staff reply and feed back; the person sees the reply and rates it through the real transition', async () => {
    const sys = { id: null, name: '测试' };
    const at = t.clock.now();
    await transitionCase(
      t.deps,
      t.deps.db,
      caseId,
      'triage',
      { categoryKey: 'environment', note: '内部备注不公开' },
      sys,
      at,
    );
    await transitionCase(
      t.deps,
      t.deps.db,
      caseId,
      'refer',
      { leadDepartmentId: world.departments.A },
      sys,
      at,
    );
    await transitionCase(t.deps, t.deps.db, caseId, 'accept', {}, sys, at);
    await transitionCase(
      t.deps,
      t.deps.db,
      caseId,
      'reply',
      { reply: { kind: 'resolved', content: '路灯已更换', measures: '更换灯头并检修线路' } },
      sys,
      at,
    );
    await transitionCase(
      t.deps,
      t.deps.db,
      caseId,
      'feed_back',
      { feedback: { channel: 'phone', content: '已电话告知' } },
      sys,
      at,
    );
    const ip = newIp();
    const ok = await lookup(number, '5001', ip);
    const cookies = { lianluo_track: ok.cookies.find((c) => c.name === 'lianluo_track')!.value };
    const view = await t.app.inject({ method: 'GET', url: '/p/track', cookies });
    assert.match(view.body, /已交办承办单位：甲县生态环境局/);
    assert.match(view.body, /路灯已更换/);
    assert.match(view.body, /措施：更换灯头并检修线路/);
    assert.match(view.body, /data-testid="rate-form"/);
    assert.ok(!view.body.includes('内部备注'));
    assert.ok(!view.body.includes('测试'));
    const m = multipart({ satisfaction: 'nope' });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/p/track/rate',
      cookies,
      payload: m.payload,
      headers: m.headers,
    });
    await refused(bad, 400, /请选择：满意、基本满意或不满意/);
    // A comment with a hidden character comes back cleaned, with the choice to be made again.
    const hidden = multipart({ satisfaction: 'basically_satisfied', comment: '修得\u200b挺快' });
    const refusedComment = await t.app.inject({
      method: 'POST',
      url: '/p/track/rate',
      cookies,
      payload: hidden.payload,
      headers: hidden.headers,
    });
    await refused(refusedComment, 400, /评价意见含有不可见字符（如零宽空格），已删除，请核对后再提交/);
    assert.match(refusedComment.body, /<textarea id="comment"[^>]*>修得挺快<\/textarea>/);
    const [still] = await t.database.db.select().from(cases).where(eq(cases.id, caseId));
    assert.equal(still!.status, 'fed_back');
    const r = multipart({ satisfaction: 'basically_satisfied', comment: '修得挺快' });
    const rated = await t.app.inject({
      method: 'POST',
      url: '/p/track/rate',
      cookies,
      payload: r.payload,
      headers: r.headers,
    });
    assert.equal(rated.statusCode, 303);
    const [c] = await t.database.db.select().from(cases).where(eq(cases.id, caseId));
    assert.equal(c!.status, 'rated');
    assert.equal(c!.lastSatisfaction, 'basically_satisfied');
    const [e] = await t.database.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.action, 'rate')));
    assert.equal((e!.payload as { note: string }).note, '群众评价意见：修得挺快');
    const after = await t.app.inject({ method: 'GET', url: '/p/track?rated=1', cookies });
    assert.match(after.body, /感谢您的评价/);
    assert.match(after.body, /您的评价：基本满意/);
    assert.ok(!after.body.includes('data-testid="rate-form"'));
  });

  test('anonymous: no phone kept, a one-time tracking code shown instead', async () => {
    const ip = newIp();
    const res = await post('/p/opinion', form({ anonymous: '1', name: '', phone: '' }), ip);
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const done = await t.app.inject({
      method: 'GET',
      url: '/p/opinion/done',
      cookies: { lianluo_done: res.cookies.find((c) => c.name === 'lianluo_done')!.value },
    });
    const num = done.body.match(/data-testid="tracking-number">([^<]+)</)![1]!;
    const code = done.body.match(/data-testid="tracking-code">([^<]+)</)![1]!;
    assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const [c] = await t.database.db.select().from(cases).where(eq(cases.number, num));
    assert.equal(c!.anonymous, true);
    assert.equal(c!.personPhoneCipher, null);
    assert.equal(c!.personNameCipher, null);
    assert.equal((await lookup(num, '0000', newIp())).statusCode, 404);
    assert.equal((await lookup(num, code.toLowerCase(), newIp())).statusCode, 303);
  });
});

/** Moves the clock to the start of the next hour, so an hourly window cannot end mid-test. */
function freshHour() {
  const now = t.clock.now().getTime();
  t.clock.advance(3_600_000 - (now % 3_600_000) + 1000);
}

const countOf = async (table: typeof notifications | typeof publicPhoneCodes) =>
  (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

describe('abuse', () => {
  test('codes: one a minute per phone', async () => {
    const ip = newIp();
    await codeFor('13300133001', ip);
    const again = await post('/p/opinion/code', { phone: '13300133001', station: world.stations.A1 }, ip);
    await refused(again, 429, /一分钟后再重新获取/);
    const badPhone = await post('/p/opinion/code', { phone: '12345', station: world.stations.A1 }, ip, {
      accept: 'application/json',
    });
    assert.equal(badPhone.statusCode, 400);
    assert.match(badPhone.json().title, /11位手机号码/);
  });

  test('after three submissions from one address a proof of work is required, then accepted when solved', async () => {
    const ip = newIp();
    const anon = (extra: Record<string, string> = {}) =>
      form({ anonymous: '1', name: '', phone: '', ...extra });
    for (let i = 0; i < 3; i++)
      assert.equal((await post('/p/opinion', anon({ content: `第${i}件` }), ip)).statusCode, 303);
    const before = await snapshot();
    const page = await t.app.inject({
      method: 'GET',
      url: `/p/opinion?station=${world.stations.A1}`,
      remoteAddress: ip,
    });
    assert.match(page.body, /name="powChallenge"/);
    assert.match(page.body, /请开启 JavaScript/);
    const json = await post('/p/opinion', anon({ content: '第四件' }), ip, { accept: 'application/json' });
    assert.equal(json.statusCode, 429);
    const { pow, title } = json.json();
    assert.match(title, /需要先完成一次自动验证/);
    assert.equal(pow.bits, 16);
    assert.deepEqual(await snapshot(), before);
    // A forged challenge is refused.
    await refused(
      await post(
        '/p/opinion',
        anon({ content: '第四件', powChallenge: `${pow.challenge}x`, powNonce: '1' }),
        ip,
      ),
      429,
      /验证无效/,
    );
    let nonce = 0;
    while (leadingZeroBits(createHash('sha256').update(`${pow.challenge}:${nonce}`).digest()) < pow.bits)
      nonce++;
    const solved = anon({ content: '第四件', powChallenge: pow.challenge, powNonce: String(nonce) });
    assert.equal((await post('/p/opinion', solved, ip)).statusCode, 303);
    // A challenge solves one submission only.
    await refused(
      await post('/p/opinion', { ...solved, idem: newKey(), content: '第五件' }, ip),
      429,
      /验证(已使用过|难度不足)，请重新提交/,
    );
  });

  test('codes: at most five an hour per phone, from any address; nothing sent past it', async () => {
    freshHour();
    const phone = '13300133002';
    const ip = newIp();
    for (let i = 0; i < PUBLIC_LIMITS.codePhone.max; i++) await codeFor(phone, ip);
    const sent = await countOf(notifications);
    const codes = await countOf(publicPhoneCodes);
    t.clock.advance(61_000);
    const sixth = await post('/p/opinion/code', { phone, station: world.stations.A1 }, ip);
    await refused(sixth, 429, /获取验证码过于频繁，请稍后再试/);
    // The same phone from another address is still refused (JSON, as the page's script asks).
    const elsewhere = await post('/p/opinion/code', { phone, station: world.stations.A1 }, newIp(), {
      accept: 'application/json',
    });
    assert.equal(elsewhere.statusCode, 429);
    assert.match(elsewhere.json().title, /获取验证码过于频繁/);
    assert.equal(await countOf(notifications), sent);
    assert.equal(await countOf(publicPhoneCodes), codes);
    // The next hour the phone may ask again.
    freshHour();
    await codeFor(phone, ip);
  });

  test('codes: at most twenty an hour per address, whatever the phones; nothing sent past it', async () => {
    freshHour();
    const ip = newIp();
    for (let i = 0; i < PUBLIC_LIMITS.codeIp.max; i++) {
      const res = await post(
        '/p/opinion/code',
        { phone: `1320013${String(i).padStart(4, '0')}`, station: world.stations.A1 },
        ip,
        { accept: 'application/json' },
      );
      assert.equal(res.statusCode, 200, res.body);
    }
    const sent = await countOf(notifications);
    const codes = await countOf(publicPhoneCodes);
    const next = await post('/p/opinion/code', { phone: '13200139999', station: world.stations.A1 }, ip);
    await refused(next, 429, /获取验证码过于频繁，请稍后再试/);
    assert.equal(await countOf(notifications), sent);
    assert.equal(await countOf(publicPhoneCodes), codes);
    // The limit is the address's: the same phone from another address gets its code.
    await codeFor('13200139999', newIp());
  });

  test('submissions: at most five a day per phone; the sixth is refused before its code is checked', async () => {
    freshHour();
    const phone = '13100131001';
    // From different addresses, so only the phone's own limit applies.
    for (let i = 0; i < PUBLIC_LIMITS.submitPhone.max; i++) {
      const ip = newIp();
      const code = await codeFor(phone, ip);
      const res = await post('/p/opinion', form({ phone, code, content: `第${i + 1}件：路灯不亮` }), ip);
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    }
    const before = await snapshot();
    const sent = await countOf(notifications);
    const ip = newIp();
    const sixth = await post('/p/opinion', form({ phone, code: '000000', content: '第6件' }), ip);
    await refused(sixth, 429, /这个手机号码今天反映的意见已较多，请明天再提交，或到联络站当面反映/);
    assert.match(sixth.body, /id="phone"[^>]*aria-invalid="true"/);
    const json = await post('/p/opinion', form({ phone, code: '000000', content: '第6件' }), ip, {
      accept: 'application/json',
    });
    assert.equal(json.statusCode, 429);
    assert.equal(json.json().field, 'phone');
    assert.deepEqual(await snapshot(), before);
    assert.equal(await countOf(notifications), sent);
    // Anonymous opinions from the same person are not tied to the phone.
    assert.equal(
      (await post('/p/opinion', form({ anonymous: '1', name: '', phone: '' }), ip)).statusCode,
      303,
    );
  });

  test('submissions: past twenty an hour from one address, refused outright (no proof of work offered)', async () => {
    freshHour();
    const ip = newIp();
    const at = t.clock.now();
    // Twenty accepted submissions counted, as submitOpinion counts them: the hard limit and the
    // soft one (past which a proof of work is asked). Solving nineteen ever-harder puzzles here
    // would take minutes, and the counting itself is what the tests above exercise.
    for (let i = 0; i < PUBLIC_LIMITS.submitIp.max; i++) {
      await rateHit(t.deps.db, `submit-ip:${t.deps.crypto.blindIndex(ip)}`, PUBLIC_LIMITS.submitIp, at);
      await rateHit(
        t.deps.db,
        `submit-ip-soft:${t.deps.crypto.blindIndex(ip)}`,
        PUBLIC_LIMITS.submitIpSoft,
        at,
      );
    }
    const before = await snapshot();
    const anon = form({ anonymous: '1', name: '', phone: '' });
    await refused(await post('/p/opinion', anon, ip), 429, /提交过于频繁，请稍后再试/);
    const json = await post('/p/opinion', anon, ip, { accept: 'application/json' });
    assert.equal(json.statusCode, 429);
    assert.match(json.json().title, /提交过于频繁/);
    // Solving a puzzle would not help, so none is offered.
    assert.equal(json.json().pow, null);
    assert.deepEqual(await snapshot(), before);
    // Another address is unaffected; the next hour this one may submit again.
    assert.equal((await post('/p/opinion', { ...anon, idem: newKey() }, newIp())).statusCode, 303);
    freshHour();
    assert.equal((await post('/p/opinion', { ...anon, idem: newKey() }, ip)).statusCode, 303);
  });
});
