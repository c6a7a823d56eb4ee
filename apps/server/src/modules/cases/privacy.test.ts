import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { auditLog, caseEvents, cases } from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * The public board and the reporter's personal data (issue 5 §8, DESIGN.md "Public boards and
 * privacy"): a case is on the board only with the person's consent and after staff approve its
 * public text; the unmasked name, phone, ID number and address are shown only to roles that need
 * them, for a stated reason, and every such read is audited.
 */
let t: TestApp;
let world: World;
const c: Record<string, ReturnType<typeof as>> = {};

after(() => t?.close());
before(async () => {
  t = await startTestApp(new Date('2026-06-15T02:00:00Z'));
  world = await buildWorld(t.deps);
  for (const u of ['town_a1', 'station_a1', 'dept_a', 'deputy_a1', 'county_a']) {
    c[u] = as(t.app, await loginAs(t.app, u, PASSWORD));
  }
});

async function auditOf(event: string) {
  return t.database.db.select().from(auditLog).where(eq(auditLog.event, event)).orderBy(auditLog.id);
}

async function eventCount(id: string) {
  const [r] = await t.database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, id));
  return r!.n;
}

async function onBoard(id: string) {
  const board = await c.county_a!({ method: 'GET', url: `/api/board?region=${CODES.A1}` });
  assert.equal(board.statusCode, 200, board.body);
  return board.json().items.some((i: { id: string }) => i.id === id);
}

describe('the public board', () => {
  test('without the person’s consent, publishing is refused and nothing changes', async () => {
    const created = await c.station_a1!({
      method: 'POST',
      url: '/api/cases',
      payload: {
        regionCode: CODES.A1v,
        channel: 'phone',
        title: '邻里纠纷',
        content: '反映人不愿公开：与邻居因宅基地边界发生纠纷。',
        personName: '钱七',
        personPhone: '13600136000',
        consentPublish: false,
      },
    });
    assert.equal(created.statusCode, 200, created.body);
    const id = created.json().id;
    const before = await eventCount(id);
    const res = await c.town_a1!({
      method: 'POST',
      url: `/api/cases/${id}/publish`,
      payload: { text: '钱**反映的宅基地边界纠纷已调解。' },
    });
    assert.equal(res.statusCode, 409);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    assert.match(res.json().detail, /未同意公开/);
    const [row] = await t.database.db.select().from(cases).where(eq(cases.id, id));
    assert.equal(row!.publicText, null);
    assert.equal(row!.publishedAt, null);
    assert.equal(await eventCount(id), before);
    assert.equal(await onBoard(id), false);
  });

  test('with consent but before staff approve the text it is not on the board; after, it is', async () => {
    const id = world.cases.A1; // registered with consent
    assert.equal(await onBoard(id), false, 'consent alone does not publish');
    // A station officer may not approve the public text (cases.publish is the offices').
    const denied = await c.station_a1!({
      method: 'POST',
      url: `/api/cases/${id}/publish`,
      payload: { text: '张**反映的沟渠堵塞问题正在办理。' },
    });
    assert.equal(denied.statusCode, 403);
    assert.equal(await onBoard(id), false);
    const approved = await c.town_a1!({
      method: 'POST',
      url: `/api/cases/${id}/publish`,
      payload: { text: '张**反映的沟渠堵塞问题正在办理。' },
    });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(await onBoard(id), true);
  });
});

describe('revealing the reporter’s personal data', () => {
  test('an office reads it for a reason, and the read is written to the audit log as pi_reveal', async () => {
    const before = (await auditOf('pi_reveal')).length;
    const res = await c.town_a1!({
      method: 'GET',
      url: `/api/cases/${world.cases.A1}/reporter?reason=${encodeURIComponent('电话回访核实')}`,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { name: '张三丰', phone: '13800138000', idNumber: null, address: null });
    const rows = await auditOf('pi_reveal');
    assert.equal(rows.length, before + 1);
    const row = rows.at(-1)!;
    assert.equal(row.actorName, 'town_a1');
    assert.equal(row.actorRole, 'town_office');
    assert.equal(row.objectType, 'case');
    assert.equal(row.objectId, world.cases.A1);
    assert.equal(row.outcome, 'success');
    assert.deepEqual(row.detail, { reason: '电话回访核实' });
  });

  test('without a reason it is refused, and nothing is revealed or recorded as read', async () => {
    const before = (await auditOf('pi_reveal')).length;
    const res = await c.station_a1!({ method: 'GET', url: `/api/cases/${world.cases.A1}/reporter` });
    assert.equal(res.statusCode, 400);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    assert.doesNotMatch(res.body, /13800138000|张三丰/);
    assert.equal((await auditOf('pi_reveal')).length, before);
  });

  test('a department handler (and a deputy) gets 403, even on a case referred to its department', async () => {
    const url = `/api/cases/${world.cases.A1}/reporter?reason=${encodeURIComponent('核实')}`;
    // The department can see the case itself (masked) …
    const seen = await c.dept_a!({ method: 'GET', url: `/api/cases/${world.cases.A1}` });
    assert.equal(seen.statusCode, 200);
    assert.equal(seen.json().personPhone, '138****8000');
    const before = (await auditOf('pi_reveal')).length;
    const deniedBefore = (await auditOf('permission_denied')).length;
    for (const who of ['dept_a', 'deputy_a1']) {
      const res = await c[who]!({ method: 'GET', url });
      assert.equal(res.statusCode, 403, who);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.doesNotMatch(res.body, /13800138000|张三丰/);
    }
    assert.equal((await auditOf('pi_reveal')).length, before, 'nothing was revealed');
    assert.equal((await auditOf('permission_denied')).length, deniedBefore + 2, 'the attempts are on record');
  });
});
