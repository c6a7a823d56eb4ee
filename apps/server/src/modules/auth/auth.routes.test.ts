import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import { auditLog, sessions, users } from '../../db/schema/index.ts';
import { buildWorld, PASSWORD } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

let t: TestApp;
after(() => t?.close());
before(async () => {
  t = await startTestApp();
  await buildWorld(t.deps);
});

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });

async function lastAudit() {
  const [row] = await t.database.db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return row!;
}

describe('signing in', () => {
  test('the right password gives an HttpOnly session cookie and the user with role and scope', async () => {
    const res = await login('town_a1', PASSWORD);
    assert.equal(res.statusCode, 200);
    const cookie = res.cookies.find((c) => c.name === 'lianluo_sid')!;
    assert.ok(cookie.httpOnly);
    assert.equal(cookie.sameSite, 'Lax');
    const body = res.json();
    assert.equal(body.user.role, 'town_office');
    assert.equal(body.user.scope, '439901001');
    assert.equal(body.user.regionName, '甲一镇');
    assert.equal((await lastAudit()).event, 'login');
    const me = await t.app.inject({ method: 'GET', url: '/api/me', cookies: { lianluo_sid: cookie.value } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().username, 'town_a1');
  });

  test('a wrong password and an unknown user get the same 401 problem, both audited', async () => {
    const wrong = await login('county_b', 'Wrong#Pass2026');
    const unknown = await login('nobody', 'Wrong#Pass2026');
    for (const res of [wrong, unknown]) {
      assert.equal(res.statusCode, 401);
      assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
      assert.equal(res.json().title, '用户名或密码错误');
    }
    const { requestId: _a, ...a } = wrong.json();
    const { requestId: _b, ...b } = unknown.json();
    assert.deepEqual(a, b);
    assert.equal((await lastAudit()).event, 'login_failed');
  });

  test('five failures lock the account for 15 minutes, even against the right password', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await login('county_a', `Bad#Guess${i}xx`)).statusCode, 401);
    const locked = await login('county_a', PASSWORD);
    assert.equal(locked.statusCode, 401);
    assert.equal(locked.json().title, '账户已锁定，请15分钟后再试');
    assert.ok(Number(locked.headers['retry-after']) > 0);
    const locks = await t.database.db.select().from(auditLog).where(eq(auditLog.event, 'account_locked'));
    assert.equal(locks.length, 1);
    t.clock.advance(16 * 60_000);
    assert.equal((await login('county_a', PASSWORD)).statusCode, 200);
    const [u] = await t.database.db.select().from(users).where(eq(users.username, 'county_a'));
    assert.equal(u!.failedLogins, 0);
  });

  test('a session idle for more than 30 minutes has expired and its row is gone', async () => {
    const cookie = await loginAs(t.app, 'station_a1', PASSWORD);
    const call = as(t.app, cookie);
    t.clock.advance(29 * 60_000);
    assert.equal((await call({ method: 'GET', url: '/api/me' })).statusCode, 200);
    t.clock.advance(31 * 60_000);
    const res = await call({ method: 'GET', url: '/api/me' });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().title, '登录已过期，请重新登录');
    const token = cookie.split('=')[1]!;
    const { hashToken } = await import('../../core/sessions.ts');
    const left = await t.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, hashToken(token)));
    assert.equal(left.length, 0);
  });

  test('after logout the old cookie no longer works', async () => {
    const cookie = await loginAs(t.app, 'deputy_a1', PASSWORD);
    const call = as(t.app, cookie);
    assert.equal((await call({ method: 'POST', url: '/api/auth/logout' })).statusCode, 204);
    assert.equal((await call({ method: 'GET', url: '/api/me' })).statusCode, 401);
  });

  test('no cookie, or a made-up one, is 401', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/me' })).statusCode, 401);
    const res = await as(t.app, 'lianluo_sid=forged')({ method: 'GET', url: '/api/me' });
    assert.equal(res.statusCode, 401);
    assert.equal(res.json().type, 'https://lianluo.org/problems/unauthenticated');
  });
});

describe('bad input to login changes nothing', () => {
  const before = async () =>
    (await t.database.db.select().from(users)).map((u) => [u.username, u.failedLogins]);

  test('malformed JSON is a 400 problem', async () => {
    const snapshot = await before();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "town_a1", ',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().title, '请求内容不是有效的 JSON');
    assert.deepEqual(await before(), snapshot);
  });

  test('unknown fields are refused, not ignored', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'town_a1', password: PASSWORD, role: 'admin' },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().title, '请求内容不符合要求');
    assert.ok(res.json().errors.length > 0);
  });

  test('a body over 1 MB is 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'x'.repeat(1024 * 1024), password: 'y' },
    });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().title, '请求内容过大');
  });

  test('a form or text body is 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: JSON.stringify({ username: 'town_a1', password: PASSWORD }),
    });
    assert.equal(res.statusCode, 415);
  });

  test('a prototype-pollution body is refused', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":"a","password":"b","__proto__":{"role":"admin"}}',
    });
    assert.equal(res.statusCode, 400);
  });

  test('a write from a foreign origin is refused and audited', async () => {
    const res = await login('town_a1', PASSWORD, { origin: 'https://evil.example', host: 'localhost' });
    assert.equal(res.statusCode, 403);
    assert.equal((await lastAudit()).event, 'cross_origin_denied');
  });
});

describe('changing one’s own password', () => {
  test('a weak new password is refused with the policy’s reasons and nothing changes', async () => {
    const cookie = await loginAs(t.app, 'town_a2', PASSWORD);
    const call = as(t.app, cookie);
    for (const weak of ['short1A', 'alllowercaseletters', 'town_a2Town_a2#1', 'Aa123456']) {
      const res = await call({
        method: 'POST',
        url: '/api/me/password',
        payload: { currentPassword: PASSWORD, newPassword: weak },
      });
      assert.equal(res.statusCode, 400, weak);
      assert.ok(res.json().problems.length > 0, weak);
    }
    assert.equal((await login('town_a2', PASSWORD)).statusCode, 200);
  });

  test('a wrong current password is refused', async () => {
    const call = as(t.app, await loginAs(t.app, 'town_a2', PASSWORD));
    const res = await call({
      method: 'POST',
      url: '/api/me/password',
      payload: { currentPassword: 'Wrong#Pass2026', newPassword: 'Another#Pass2026x' },
    });
    assert.equal(res.statusCode, 400);
  });

  test('a good one takes effect and ends the other sessions', async () => {
    const other = as(t.app, await loginAs(t.app, 'town_a2', PASSWORD));
    const call = as(t.app, await loginAs(t.app, 'town_a2', PASSWORD));
    const res = await call({
      method: 'POST',
      url: '/api/me/password',
      payload: { currentPassword: PASSWORD, newPassword: '溪水长流#Qx2026' },
    });
    assert.equal(res.statusCode, 204);
    assert.equal((await other({ method: 'GET', url: '/api/me' })).statusCode, 401);
    assert.equal((await call({ method: 'GET', url: '/api/me' })).statusCode, 200);
    assert.equal((await login('town_a2', PASSWORD)).statusCode, 401);
    assert.equal((await login('town_a2', '溪水长流#Qx2026')).statusCode, 200);
  });
});
