import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import sharp from 'sharp';
import { attachments, cases, publicPhoneCodes } from '../../db/schema/index.ts';
import { PASSWORD } from '../../test/fixtures.ts';
import { as, loginAs } from '../../test/harness.ts';
import {
  codeFor,
  doneNumber,
  form,
  JPEG,
  newIp,
  newKey,
  opinionApp,
  type Part,
  phonePhoto,
  pixelBomb,
  post,
  refused,
  snapshot,
  t,
  world,
} from './opinion.testkit.ts';

/** Raising an opinion on the public form: the page, bad input, photos, codes, the happy path. */
opinionApp();

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
