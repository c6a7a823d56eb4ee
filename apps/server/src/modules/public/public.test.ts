import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { crc32, gunzipSync } from 'node:zlib';
import { and, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { buildApp } from '../../app.ts';
import { appointments, auditLog, deputies, notifications, stations } from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { enqueueAppointmentReminders } from '../appointments/appointments.service.ts';
import { registerCase, transitionCase } from '../cases/cases.service.ts';
import { clearPublicCache } from './cache.ts';

/** Issue 6, the pages people reach from a QR code: station, deputy, board, booking, print, photos. */
let t: TestApp;
let world: World;
let town: ReturnType<typeof as>;
let town2: ReturnType<typeof as>;
let shifts: { id: string; date: string }[] = [];
after(() => t?.close());

function multipart(file: { name: string; bytes: Buffer }) {
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

const form = (fields: Record<string, string>) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

/** A photo as a phone takes it: with EXIF (camera serial, GPS position). */
const phonePhoto = (w = 1200, h = 900) =>
  sharp({ create: { width: w, height: h, channels: 3, background: '#8ab' } })
    .jpeg()
    .withExif({
      IFD0: { Copyright: 'camera-serial-SN4711' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '28/1 11/1 0/1' },
    })
    .toBuffer();

/** A valid 1×1 PNG whose header declares 60,000 × 60,000 pixels: decoding it would take 14 GB. */
async function pixelBomb(): Promise<Buffer> {
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

const page = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

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

describe('the station page', () => {
  test('shows address with a map link, hours, deputies, the rota and the masked board, under a strict CSP', async () => {
    const res = await page(`/p/stations/${world.stations.A1}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    const csp = res.headers['content-security-policy'] as string;
    assert.match(csp, /default-src 'none'/);
    // The page has no script at all; its one stylesheet is allowed by its hash.
    assert.match(csp, /script-src 'none'/);
    assert.match(csp, /style-src 'sha256-[A-Za-z0-9+/=]+'/);
    // Never leaks the page to other sites, yet lets the browser send an Origin with form posts.
    assert.equal(res.headers['referrer-policy'], 'same-origin');
    const html = res.body;
    assert.match(html, /<html lang="zh-CN">/);
    assert.match(html, /甲一镇人民路1号/);
    assert.match(html, /position=112\.98,28\.19/);
    assert.match(html, /工作日 9:00–17:00/);
    assert.match(html, new RegExp(`href="/p/deputies/${world.deputies.A1}"`));
    assert.match(html, /6月17日（周三）/);
    assert.match(html, new RegExp(`/p/opinion\\?station=${world.stations.A1}`));
    assert.match(html, new RegExp(`/p/book\\?station=${world.stations.A1}`));
    assert.match(html, /本月收到 1 件，已办结 0 件，满意率 暂无评价/);
    assert.match(html, /沟渠已疏通/);
    // Never the person's name, phone or the raw content of the case.
    assert.doesNotMatch(html, /张三丰|13800138000|污水漫到田里/);
    // No third-party anything: no external script, style or image.
    assert.doesNotMatch(html, /<script[^>]+src=|<link |src="http/);
  });

  test('an unknown or malformed id is a 404 page, not an error', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'x"><script>']) {
      const res = await page(`/p/stations/${encodeURIComponent(id)}`);
      assert.equal(res.statusCode, 404);
      assert.match(res.body, /未找到该联络站/);
      assert.doesNotMatch(res.body, /<script>/);
    }
  });

  test('text staff typed with HTML or script is escaped', async () => {
    const st = world.stations.A2;
    const upd = await town2({
      method: 'PATCH',
      url: `/api/stations/${st}`,
      payload: { name: '<script>alert(1)</script>站', address: '"><img src=x onerror=alert(2)>' },
    });
    assert.equal(upd.statusCode, 200);
    const html = (await page(`/p/stations/${st}`)).body;
    assert.doesNotMatch(html, /<script>alert|<img src=x/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;站/);
  });

  test('works in elderly mode (cookie) and is gzip-compressed for browsers that ask', async () => {
    const el = await page(`/p/stations/${world.stations.A1}`, { cookie: 'lianluo_elderly=1' });
    assert.match(el.body, /<body class="elderly">/);
    const gz = await page(`/p/stations/${world.stations.A1}`, { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    const plain = gunzipSync(gz.rawPayload).toString('utf8');
    assert.match(plain, /甲一镇人民路1号/);
    assert.ok(gz.rawPayload.length < plain.length / 2);
  });
});

describe('the deputy page', () => {
  test('shows profile, stations and next reception times', async () => {
    await t.database.db
      .update(deputies)
      .set({ bio: '种粮大户', focus: '农田水利', constituency: '甲一镇第三选区' })
      .where(eq(deputies.id, world.deputies.A1));
    clearPublicCache();
    const res = await page(`/p/deputies/${world.deputies.A1}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /代表A1 代表/);
    assert.match(res.body, /甲一镇第三选区/);
    assert.match(res.body, /农田水利/);
    assert.match(res.body, new RegExp(`href="/p/stations/${world.stations.A1}"`));
    assert.match(res.body, /6月17日（周三）<\/time> 09:00–11:30/);
    assert.equal((await page('/p/deputies/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  });
});

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

describe('booking a deputy', () => {
  const bookingCount = async () =>
    (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(appointments))[0]!.n;

  test('the form lists the coming shifts with free places and works as a plain form post', async () => {
    const res = await page(`/p/book?station=${world.stations.A1}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<form method="post" action="\/p\/book"/);
    assert.match(res.body, /6月17日（周三）<\/time> 09:00–11:30/);
    assert.match(res.body, /剩余 10 个名额/);
    assert.equal((await page('/p/book?station=nope')).statusCode, 404);
  });

  test('a booking is confirmed (PRG), queued for SMS with the phone encrypted, and staff see it in the register', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/p/book',
      ...form({
        station: world.stations.A1,
        shift: shifts[0]!.id,
        name: '王小二',
        phone: '139 0073 1234',
        topic: '村口路灯不亮',
      }),
    });
    assert.equal(res.statusCode, 303, res.body);
    const done = await page(res.headers.location as string);
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /预约成功/);
    assert.match(done.body, /王\*\*（139\*\*\*\*1234）/);
    assert.doesNotMatch(done.body, /王小二|13900731234/);
    const [msg] = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.template, 'booking_confirmed'));
    assert.ok(msg);
    assert.match(msg.body, /6月|2026-06-17/);
    assert.doesNotMatch(msg.recipient, /1390073/);
    assert.equal(t.deps.crypto.decrypt(msg.recipient), '13900731234');
    const staff = await town({ method: 'GET', url: `/api/stations/${world.stations.A1}/appointments` });
    assert.equal(staff.statusCode, 200);
    const item = staff.json().items[0];
    assert.equal(item.visitorName, '王小二');
    assert.equal(item.phone, '139****1234');
    assert.equal(item.shiftId, shifts[0]!.id);
    assert.equal(item.topic, '村口路灯不亮');
    const register = await town({ method: 'GET', url: `/api/rota/shifts/${shifts[0]!.id}` });
    assert.deepEqual(
      register.json().bookings.map((b: { visitorName: string; phone: string }) => [b.visitorName, b.phone]),
      [['王小二', '139****1234']],
    );
    const shownLeft = await page(`/p/book?station=${world.stations.A1}`);
    assert.match(shownLeft.body, /剩余 9 个名额/);
    const foreign = await town2({ method: 'GET', url: `/api/stations/${world.stations.A1}/appointments` });
    assert.equal(foreign.statusCode, 404);
  });

  test('a full shift, a past shift, a second booking of the same phone and bad entries are refused in Chinese, nothing stored', async () => {
    const cap = await town({
      method: 'PUT',
      url: `/api/rota/shifts/${shifts[0]!.id}/capacity`,
      payload: { capacity: 1 },
    });
    assert.equal(cap.statusCode, 200);
    const n0 = await bookingCount();
    const attempt = (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/p/book',
        ...form({ station: world.stations.A1, name: '李四', phone: '13700001111', topic: '', ...fields }),
      });
    const full = await attempt({ shift: shifts[0]!.id });
    assert.equal(full.statusCode, 422);
    assert.match(full.body, /预约已满/);
    // The form comes back with the person's entries, escaped.
    const xss = await attempt({ shift: shifts[0]!.id, name: '<img src=x onerror=alert(1)>' });
    assert.match(xss.body, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.doesNotMatch(xss.body, /<img src=x/);
    const dup = await attempt({ shift: shifts[1]!.id, phone: '13800009999' });
    assert.equal(dup.statusCode, 303);
    const again = await attempt({ shift: shifts[1]!.id, phone: '138-0000-9999' });
    assert.equal(again.statusCode, 422);
    assert.match(again.body, /已预约这个接待日/);
    assert.match((await attempt({ shift: shifts[2]!.id, phone: '12345' })).body, /11位手机号码/);
    assert.match((await attempt({ shift: shifts[2]!.id, name: '' })).body, /请填写姓名/);
    assert.match(
      (await attempt({ shift: shifts[2]!.id, topic: '长'.repeat(20_000) })).body,
      /不超过 200 个字/,
    );
    assert.match((await attempt({ shift: 'not-a-shift' })).body, /请选择一个接待日/);
    assert.equal(await bookingCount(), n0 + 1);
    // The first shift's morning has passed: booking it is refused.
    const saved = t.clock.current;
    t.clock.current = new Date('2026-06-17T01:30:00Z'); // 09:30 in Shanghai, the shift started 09:00
    await town({
      method: 'PUT',
      url: `/api/rota/shifts/${shifts[0]!.id}/capacity`,
      payload: { capacity: null },
    });
    const past = await attempt({ shift: shifts[0]!.id, phone: '13600002222' });
    assert.equal(past.statusCode, 422);
    assert.match(past.body, /接待时间已过/);
    // Nor does the form offer it any more, though the station page is cached for the day.
    const offered = (await page(`/p/book?station=${world.stations.A1}`)).body;
    assert.ok(!offered.includes(`value="${shifts[0]!.id}"`), 'a shift that has begun is not offered');
    assert.ok(offered.includes(`value="${shifts[1]!.id}"`), 'the later shifts still are');
    t.clock.current = saved;
    assert.equal(await bookingCount(), n0 + 1);
  });

  test('asking for another time is recorded as a request, and the day-before reminder goes out once', async () => {
    const req = await t.app.inject({
      method: 'POST',
      url: '/p/book',
      ...form({
        station: world.stations.A1,
        shift: 'other',
        preferredDate: '2026-06-20',
        preferredTime: '下午',
        name: '赵六',
        phone: '13500003333',
        topic: '',
      }),
    });
    assert.equal(req.statusCode, 303, req.body);
    assert.match((await page(req.headers.location as string)).body, /预约申请已提交/);
    const ref = new URL(req.headers.location as string, 'http://x').searchParams.get('ref')!;
    const [row] = await t.database.db.select().from(appointments).where(eq(appointments.reference, ref));
    assert.equal(row!.status, 'requested');
    assert.equal(row!.shiftId, null);
    const tooFar = await t.app.inject({
      method: 'POST',
      url: '/p/book',
      ...form({
        station: world.stations.A1,
        shift: 'other',
        preferredDate: '2027-06-20',
        name: '赵六',
        phone: '13500003333',
        topic: '',
      }),
    });
    assert.equal(tooFar.statusCode, 422);
    // The day before the first shift (16 June, 18:00 Shanghai).
    const queued = await enqueueAppointmentReminders(t.database.db, new Date('2026-06-16T10:00:00Z'));
    assert.equal(queued, 1);
    assert.equal(await enqueueAppointmentReminders(t.database.db, new Date('2026-06-16T11:00:00Z')), 0);
    const [msg] = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.template, 'booking_reminder')));
    assert.match(msg!.body, /明天2026-06-17 09:00-11:30/);
  });

  test('one phone booking again and again, or one address booking for many, is told to wait; nothing stored', async () => {
    const attempt = (phone: string, remoteAddress: string, day: number) =>
      t.app.inject({
        method: 'POST',
        url: '/p/book',
        remoteAddress,
        ...form({
          station: world.stations.A1,
          shift: 'other',
          preferredDate: `2026-06-${String(day).padStart(2, '0')}`,
          preferredTime: '上午',
          name: '孙七',
          phone,
          topic: '',
        }),
      });
    for (let i = 0; i < 3; i++)
      assert.equal((await attempt('13311112222', '10.0.0.7', 20 + i)).statusCode, 303);
    const n = await bookingCount();
    const byPhone = await attempt('13311112222', '10.0.0.8', 25);
    assert.equal(byPhone.statusCode, 429);
    assert.match(byPhone.body, /预约过于频繁/);
    for (let i = 0; i < 7; i++) {
      assert.equal((await attempt(`1330000${String(i).padStart(4, '0')}`, '10.0.0.7', 20)).statusCode, 303);
    }
    const byAddress = await attempt('13399998888', '10.0.0.7', 21);
    assert.equal(byAddress.statusCode, 429);
    assert.equal(await bookingCount(), n + 7);
  });
});

describe('public boards', () => {
  test('a town board with search by keyword and category and the monthly counts', async () => {
    const res = await page(`/p/board?region=${CODES.A1}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /甲一镇 公示栏/);
    assert.match(res.body, /本月收到 1 件/);
    assert.match(res.body, /沟渠已疏通/);
    assert.doesNotMatch(res.body, /张三丰|13800138000/);
    assert.match(
      (await page(`/p/board?region=${CODES.A1}&q=${encodeURIComponent('清淤')}`)).body,
      /沟渠已疏通/,
    );
    assert.doesNotMatch(
      (await page(`/p/board?region=${CODES.A1}&q=${encodeURIComponent('路灯')}`)).body,
      /沟渠已疏通/,
    );
    // The title typed at intake was never approved: neither shown nor searchable.
    assert.doesNotMatch(res.body, /村民反映沟渠堵塞/);
    assert.doesNotMatch(
      (await page(`/p/board?region=${CODES.A1}&q=${encodeURIComponent('村民反映')}`)).body,
      /沟渠已疏通/,
    );
    // The private content is not searchable from outside.
    assert.doesNotMatch(
      (await page(`/p/board?region=${CODES.A1}&q=${encodeURIComponent('污水漫到')}`)).body,
      /沟渠已疏通/,
    );
    assert.match((await page(`/p/board?region=${CODES.A1}&category=environment`)).body, /沟渠已疏通/);
    const xss = await page(
      `/p/board?region=${CODES.A1}&q=${encodeURIComponent('"><script>alert(1)</script>')}`,
    );
    assert.equal(xss.statusCode, 200);
    assert.doesNotMatch(xss.body, /<script>alert/);
    const county = await page(`/p/board?region=${CODES.A}`);
    assert.match(county.body, /甲县 公示栏/);
    assert.match(county.body, /沟渠已疏通/);
    assert.doesNotMatch((await page(`/p/board?region=${CODES.B}`)).body, /沟渠已疏通/);
    assert.match((await page(`/p/board?station=${world.stations.A1}`)).body, /沟渠已疏通/);
    assert.equal((await page('/p/board?region=12345')).statusCode, 404);
    assert.equal((await page('/p/board')).statusCode, 404);
  });
});

describe('monthly counts', () => {
  test('closed and rated cases this month give the closed count and the satisfaction rate', async () => {
    const sys = { id: null, name: '测试' };
    const now = t.clock.now();
    const reply = { reply: { kind: 'resolved', content: '已当场答复', measures: '现场查看后安排处理' } };
    const feedback = { feedback: { channel: 'phone', content: '已电话告知' } };
    const go = (id: string, action: string, input: Record<string, unknown>, at = now) =>
      transitionCase(t.deps, t.deps.db, id, action as never, input as never, sys, at);
    const register = async (at: Date) =>
      (
        await registerCase(
          t.deps,
          t.deps.db,
          {
            regionCode: CODES.A1,
            stationId: world.stations.A1,
            channel: 'reception',
            title: '路灯不亮',
            content: '村口路灯不亮',
            consentPublish: true,
          },
          sys,
          at,
        )
      ).id;
    /** Registered at `at`, answered at the reception and reported back to the person. */
    const fedBack = async (at: Date) => {
      const id = await register(at);
      await go(id, 'triage', { categoryKey: 'environment' }, at);
      await go(id, 'answer_on_site', reply, at);
      await go(id, 'feed_back', feedback, at);
      return id;
    };
    // The fixture's A1 case (registered this month, referred): replied, rated 满意, closed.
    const a1 = world.cases.A1;
    await go(a1, 'accept', {});
    await go(a1, 'reply', reply);
    await go(a1, 'feed_back', feedback);
    await go(a1, 'rate', { satisfaction: 'satisfied' });
    await go(a1, 'close', {});
    // This month: one rated 不满意 and closed anyway (with a reason), one rated 基本满意, left open.
    const unhappy = await fedBack(now);
    await go(unhappy, 'rate', { satisfaction: 'unsatisfied' });
    await go(unhappy, 'close', { reason: '诉求超出政策范围，已作解释' });
    const open = await fedBack(now);
    await go(open, 'rate', { satisfaction: 'basically_satisfied' });
    // Last month: received, rated 不满意 then; closed this month. Its close counts, its rating
    // and its arrival do not.
    const may = new Date('2026-05-20T02:00:00Z');
    const old = await fedBack(may);
    await go(old, 'rate', { satisfaction: 'unsatisfied' }, new Date('2026-05-28T02:00:00Z'));
    await go(old, 'close', { reason: '已解释' });
    clearPublicCache();

    // Received: a1, unhappy, open. Closed: a1, unhappy, old. Rated this month: 满意, 不满意, 基本满意.
    const line = /本月收到 3 件，已办结 3 件，满意率 66\.7%/;
    assert.match((await page(`/p/board?station=${world.stations.A1}`)).body, line);
    assert.match((await page(`/p/board?region=${CODES.A1}`)).body, line);
    // The county adds its other town's case (registered, open).
    assert.match(
      (await page(`/p/board?region=${CODES.A}`)).body,
      /本月收到 4 件，已办结 3 件，满意率 66\.7%/,
    );
    assert.match((await page(`/p/stations/${world.stations.A1}`)).body, line);
    // Another county's board counts only its own case.
    assert.match(
      (await page(`/p/board?region=${CODES.B}`)).body,
      /本月收到 1 件，已办结 0 件，满意率 暂无评价/,
    );
    // One more 满意 this month: 3 of 4 satisfied or basically satisfied.
    const late = await fedBack(now);
    await go(late, 'rate', { satisfaction: 'satisfied' });
    clearPublicCache();
    assert.match(
      (await page(`/p/board?station=${world.stations.A1}`)).body,
      /本月收到 4 件，已办结 3 件，满意率 75%/,
    );
  });
});

describe('print material', () => {
  test('the station poster and table tent, the deputy card: QR code, name, rota', async () => {
    const poster = await page(`/p/stations/${world.stations.A1}/poster`);
    assert.equal(poster.statusCode, 200);
    assert.match(poster.body, /@page\{size:A4 portrait/);
    assert.match(poster.body, /<svg[^>]*viewBox/);
    assert.match(poster.body, /如何提意见/);
    assert.match(poster.body, /6月17日（周三）/);
    // Print sheets carry a little script (the print button): allowed by a per-response nonce.
    assert.match(poster.headers['content-security-policy'] as string, /script-src 'nonce-/);
    const tent = await page(`/p/stations/${world.stations.A1}/tent`);
    assert.equal(tent.statusCode, 200);
    assert.equal((tent.body.match(/<svg/g) ?? []).length, 2);
    const card = await page(`/p/deputies/${world.deputies.A1}/card`);
    assert.equal(card.statusCode, 200);
    assert.match(card.body, /@page\{size:A6/);
    assert.match(card.body, /代表A1/);
    assert.match(card.body, /扫码联系您的人大代表/);
    assert.equal((await page('/p/stations/00000000-0000-4000-8000-000000000000/poster')).statusCode, 404);
  });
});

describe('the start page and HTTPS', () => {
  test('/p/ lists the stations by county and town with their boards; the elderly toggle falls back to it', async () => {
    for (const url of ['/p/', '/p']) {
      const res = await page(url);
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.match(res.headers['content-security-policy'] as string, /default-src 'none'/);
      const html = res.body;
      for (const id of Object.values(world.stations))
        assert.match(html, new RegExp(`href="/p/stations/${id}"`));
      assert.match(html, /<h2>甲县 <a href="\/p\/board\?region=439901000000">公示栏<\/a><\/h2>/);
      assert.match(html, /<h3>甲一镇 <a href="\/p\/board\?region=439901001000">公示栏<\/a><\/h3>/);
      assert.match(html, /乙县[\s\S]*乙一镇/);
      assert.match(html, /href="\/p\/opinion"/);
      assert.match(html, /href="\/p\/track"/);
    }
    // Every board it links to is a page.
    const boards = (await page('/p/')).body.match(/\/p\/board\?region=\d{12}/g)!;
    assert.equal(boards.length, 5);
    for (const b of boards) assert.equal((await page(b)).statusCode, 200, b);
    // A toggle link with no usable way back (or a foreign one) lands on the start page, which exists.
    for (const back of ['', 'https://evil.example/', '//evil.example/p/x', '/api/cases']) {
      const res = await page(`/p/elderly?on=1&back=${encodeURIComponent(back)}`);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/p/');
    }
    const elderly = await page('/p/', { cookie: 'lianluo_elderly=1' });
    assert.equal(elderly.statusCode, 200);
    assert.match(elderly.body, /<body class="elderly">/);
  });

  test('Strict-Transport-Security on pages that came over HTTPS (through a trusted proxy), not over HTTP', async () => {
    const station = `/p/stations/${world.stations.A1}`;
    const https = { 'x-forwarded-proto': 'https' };
    // This app trusts no proxy: a forwarded protocol is not believed, the request is plain HTTP.
    for (const url of [station, '/p/track']) {
      assert.equal((await page(url)).headers['strict-transport-security'], undefined);
      assert.equal((await page(url, https)).headers['strict-transport-security'], undefined);
    }
    const proxied = await buildApp({ database: t.database, deps: t.deps, trustProxy: '127.0.0.1' });
    try {
      const get = (url: string, headers: Record<string, string> = {}) =>
        proxied.inject({ method: 'GET', url, headers, remoteAddress: '127.0.0.1' });
      // A shared (cached) page and a per-request one.
      for (const url of [station, '/p/track', '/p/']) {
        const res = await get(url, https);
        assert.equal(res.statusCode, 200, url);
        assert.equal(res.headers['strict-transport-security'], 'max-age=31536000', url);
        assert.equal((await get(url)).headers['strict-transport-security'], undefined, url);
        assert.equal(
          (await get(url, { 'x-forwarded-proto': 'http' })).headers['strict-transport-security'],
          undefined,
        );
      }
      // The cached page's headers are shared; HSTS is not baked into them for the next visitor.
      assert.equal((await page(station)).headers['strict-transport-security'], undefined);
      // A proxy not trusted (another address) cannot claim HTTPS.
      const untrusted = await proxied.inject({
        method: 'GET',
        url: station,
        headers: https,
        remoteAddress: '10.9.9.9',
      });
      assert.equal(untrusted.headers['strict-transport-security'], undefined);
    } finally {
      await proxied.close();
    }
  });
});
