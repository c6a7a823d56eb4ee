import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { leadingZeroBits, PUBLIC_LIMITS } from '@lianluo/domain';
import { sql } from 'drizzle-orm';
import { rateHit } from '../../core/rate-limit.ts';
import { notifications, publicPhoneCodes } from '../../db/schema/index.ts';
import {
  codeFor,
  form,
  newIp,
  newKey,
  opinionApp,
  post,
  refused,
  snapshot,
  t,
  world,
} from './opinion.testkit.ts';

/** Anti-abuse on the public form: code and submission rate limits, proof of work. */
opinionApp();

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
