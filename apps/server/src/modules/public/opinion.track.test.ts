import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { caseEvents, cases } from '../../db/schema/index.ts';
import { transitionCase } from '../cases/transitions/index.ts';
import { codeFor, form, multipart, newIp, opinionApp, post, refused, t, world } from './opinion.testkit.ts';

/** Tracking an opinion by number and phone tail (or tracking code), and rating the result. */
opinionApp();

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
