import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditLog, notifications } from '../../db/schema/index.ts';
import { buildWorld, PASSWORD, USERS, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { superviseCase } from '../cases/facts.ts';

/**
 * The in-app inbox: each user reads the messages addressed to them and nobody else's; reading one
 * lowers the unread count; another user's message is a 404 like a missing one, and audited.
 */
let t: TestApp;
let world: World;
const c: Record<string, ReturnType<typeof as>> = {};

after(() => t?.close());
before(async () => {
  t = await startTestApp(new Date('2026-06-15T02:00:00Z'));
  world = await buildWorld(t.deps);
  for (const u of USERS) c[u.username] = as(t.app, await loginAs(t.app, u.username, PASSWORD));
  // A second message for the department: the county office supervises the referred case.
  await superviseCase(
    t.database.db,
    world.cases.A1,
    { kind: 'key' },
    { id: null, name: '测试' },
    t.clock.now(),
  );
});

const url = '/api/me/notifications';

async function deniedCount() {
  const rows = await t.database.db.select().from(auditLog).where(eq(auditLog.event, 'scope_denied'));
  return rows.length;
}

describe('my notifications', () => {
  test('the department handler sees its referral and supervision notices, newest first', async () => {
    const res = await c.dept_a!({ method: 'GET', url });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.deepEqual(
      body.items.map((i: { template: string }) => i.template),
      ['case_supervised', 'case_referred'],
    );
    assert.equal(body.unread, 2);
    assert.match(body.items[1].body, /已交办贵单位/);
    assert.equal(body.items[1].caseId, world.cases.A1);
    assert.match(body.items[1].caseNumber, /^LL-439901-2026-/);
    assert.equal(body.items[1].readAt, null);
  });

  test('nobody else sees them, not even the administrator', async () => {
    const deptIds = (await c.dept_a!({ method: 'GET', url })).json().items.map((i: { id: number }) => i.id);
    for (const who of ['admin', 'county_a', 'town_a1']) {
      const items = (await c[who]!({ method: 'GET', url })).json().items as { id: number }[];
      for (const it of items) assert.ok(!deptIds.includes(it.id), `${who} saw the department's message`);
    }
  });

  test('another user marking my message read gets 404 like a missing one, audited; mine stays unread', async () => {
    const [first] = (await c.dept_a!({ method: 'GET', url })).json().items;
    const before = await deniedCount();
    const foreign = await c.county_a!({ method: 'POST', url: `${url}/${first.id}/read` });
    const missing = await c.county_a!({ method: 'POST', url: `${url}/999999/read` });
    assert.equal(foreign.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    const { requestId: _f, ...f } = foreign.json();
    const { requestId: _m, ...m } = missing.json();
    assert.deepEqual(f, m);
    assert.equal(await deniedCount(), before + 1);
    assert.equal((await c.dept_a!({ method: 'GET', url })).json().unread, 2);
  });

  test('marking one read lowers the count; ?unread=true leaves it out; again is harmless', async () => {
    const [first] = (await c.dept_a!({ method: 'GET', url })).json().items;
    const res = await c.dept_a!({ method: 'POST', url: `${url}/${first.id}/read` });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { unread: 1 });
    const unread = (await c.dept_a!({ method: 'GET', url: `${url}?unread=true` })).json();
    assert.equal(unread.items.length, 1);
    assert.notEqual(unread.items[0].id, first.id);
    const [row] = await t.database.db.select().from(notifications).where(eq(notifications.id, first.id));
    assert.ok(row?.readAt);
    assert.deepEqual((await c.dept_a!({ method: 'POST', url: `${url}/${first.id}/read` })).json(), {
      unread: 1,
    });
  });

  test('pages by cursor', async () => {
    const p1 = (await c.dept_a!({ method: 'GET', url: `${url}?limit=1` })).json();
    assert.equal(p1.items.length, 1);
    assert.ok(p1.nextCursor);
    const p2 = (await c.dept_a!({ method: 'GET', url: `${url}?limit=1&cursor=${p1.nextCursor}` })).json();
    assert.equal(p2.items.length, 1);
    assert.ok(p2.items[0].id < p1.items[0].id);
    assert.equal(p2.nextCursor, null);
    assert.equal((await c.dept_a!({ method: 'GET', url: `${url}?cursor=@@` })).statusCode, 400);
  });

  test('mark all read', async () => {
    const res = await c.dept_a!({ method: 'POST', url: `${url}/read-all` });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { marked: 1, unread: 0 });
    assert.equal((await c.dept_a!({ method: 'GET', url })).json().unread, 0);
    // Only the department's own rows were touched: the county office's stay unread.
    const county = (await c.county_a!({ method: 'GET', url })).json();
    assert.equal(county.unread, county.items.length);
  });
});
