import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { buildApp } from '../../app.ts';
import { deputies } from '../../db/schema/index.ts';
import { CODES } from '../../test/fixtures.ts';
import { registerCase } from '../cases/registration.ts';
import { transitionCase } from '../cases/transitions/index.ts';
import { clearPublicCache } from './cache.ts';
import { page, publicApp, t, town2, world } from './public.testkit.ts';

/** Issue 6, the pages people reach from a QR code: station, deputy, boards and their counts, print, start page. */
publicApp();

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
