import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { caseEvents, caseTimers, departments, users } from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { hashPassword } from '../auth/passwords.ts';
import { dispatchOnce } from '../notify/notify.service.ts';
import { timerEffect } from './timer-effects.ts';
import { runTimersOnce } from './timers.ts';

/**
 * The demo's story, through the API: villagers report sewage from the town's new treatment plant
 * in a blocked ditch; the liaison officer registers it; the town office refers it to 生态环境 with
 * 水利局 co-handling; the department accepts, lets it run overdue (the county sees it on the
 * supervision list), replies "will resolve" with measures and a date; the person is informed and
 * rates; the commitment falls due, the revisit confirms, the case closes; the board shows the
 * masked result.
 */
let t: TestApp;
let world: World;
let waterId: string;
const c: Record<string, ReturnType<typeof as>> = {};
const DAY = 86_400_000;

after(() => t?.close());
before(async () => {
  t = await startTestApp(new Date('2026-06-15T02:00:00Z'));
  world = await buildWorld(t.deps);
  const [water] = await t.database.db
    .insert(departments)
    .values({
      regionCode: CODES.A,
      name: '甲县水利局',
      shortName: '水利局',
      kind: 'government',
      level: 'county',
    })
    .returning({ id: departments.id });
  waterId = water!.id;
  await t.database.db.insert(users).values({
    username: 'water_a',
    displayName: '水利局经办人',
    passwordHash: await hashPassword(PASSWORD),
    role: 'department_handler',
    regionCode: CODES.A,
    departmentId: waterId,
  });
  await signIn();
});

/** Sessions idle out after 30 minutes; after the clock jumps, everyone signs in again. */
async function signIn() {
  for (const u of ['station_a1', 'town_a1', 'county_a', 'dept_a', 'water_a', 'admin']) {
    c[u] = as(t.app, await loginAs(t.app, u, PASSWORD));
  }
}

const fire = async () => {
  const n = await runTimersOnce(t.deps, 'story-worker', timerEffect(t.deps));
  await signIn();
  return n;
};

describe('the sewage-in-the-ditch story', () => {
  let id = '';
  const post = async (who: string, path: string, payload: object, expect = 200) => {
    const res = await c[who]!({ method: 'POST', url: `/api/cases/${id}/${path}`, payload });
    assert.equal(res.statusCode, expect, `${who} ${path}: ${res.body}`);
    return res.json();
  };

  test('the liaison officer registers it, idempotently', async () => {
    const body = {
      regionCode: CODES.A1v,
      stationId: world.stations.A1,
      channel: 'reception',
      title: '新建污水处理厂尾水排入沟渠堵塞',
      content: '石桥村村民反映：镇上新建的污水处理厂尾水排进村口沟渠，沟渠堵塞，污水漫进稻田，气味很大。',
      personName: '李四海',
      personPhone: '139 0073 1234',
      address: '甲一镇石桥村3组18号',
      latitude: 28.3,
      longitude: 112.9,
      consentPublish: true,
      deputyIds: [world.deputies.A1],
    };
    const headers = { 'idempotency-key': 'story-intake-0001' };
    const first = await c.station_a1!({ method: 'POST', url: '/api/cases', payload: body, headers });
    assert.equal(first.statusCode, 200, first.body);
    const again = await c.station_a1!({ method: 'POST', url: '/api/cases', payload: body, headers });
    assert.equal(again.statusCode, 200);
    const created = first.json();
    assert.equal(again.json().id, created.id, 'a resend creates no duplicate');
    // The first answer is built from what registration holds, the replay re-reads the tables:
    // the two must not differ in any field.
    assert.deepEqual(again.json(), created);
    id = created.id;
    assert.match(created.number, /^LL-439901-2026-\d{6}$/);
    assert.equal(created.status, 'registered');
    assert.equal(created.personName, '李**');
    assert.equal(created.personPhone, '139****1234');
    assert.equal(created.address, '甲一镇石桥村');
    assert.deepEqual(
      created.deputies.map((d: { id: string }) => d.id),
      [world.deputies.A1],
    );
    assert.deepEqual(created.allowedActions, ['withdraw']);
  });

  test('the town office triages and refers it to 生态环境 with 水利局 co-handling', async () => {
    const triaged = await post('town_a1', 'triage', { categoryKey: 'environment', level: 'county' });
    assert.deepEqual(triaged.allowedActions, ['answer_on_site', 'handle_locally', 'refer', 'withdraw']);
    const referred = await post('town_a1', 'refer', {
      leadDepartmentId: world.departments.A,
      coDepartmentIds: [waterId],
    });
    assert.equal(referred.status, 'assigned');
    assert.deepEqual(
      referred.departments.map((d: { role: string; name: string }) => `${d.role}:${d.name}`).sort(),
      ['co:甲县水利局', 'lead:甲县生态环境局'],
    );
    assert.ok(referred.acceptDueAt && referred.replyDueAt);
    // Both departments were told, in the outbox.
    const outbox = (await c.admin!({ method: 'GET', url: `/api/notifications?caseId=${id}` })).json().items;
    assert.equal(outbox.filter((n: { template: string }) => n.template === 'case_referred').length, 2);
  });

  test('the co-handler sees it but may not accept; the lead department accepts', async () => {
    const seen = await c.water_a!({ method: 'GET', url: `/api/cases/${id}` });
    assert.equal(seen.statusCode, 200);
    assert.deepEqual(seen.json().allowedActions, []);
    await post('water_a', 'accept', {}, 403);
    const asLead = (await c.dept_a!({ method: 'GET', url: `/api/cases/${id}` })).json();
    assert.deepEqual(asLead.allowedActions, ['accept', 'return']);
    const accepted = await post('dept_a', 'accept', {});
    assert.equal(accepted.status, 'accepted');
    assert.deepEqual(accepted.allowedActions, ['reply']);
    const queues = (await c.dept_a!({ method: 'GET', url: '/api/cases/queues' })).json();
    assert.equal(queues.to_reply, 1);
  });

  test('it runs overdue: the county officer sees it on the supervision list', async () => {
    t.clock.advance(25 * DAY); // past 15 working days
    assert.ok((await fire()) >= 1);
    const detail = (await c.county_a!({ method: 'GET', url: `/api/cases/${id}` })).json();
    assert.ok(detail.overdueAt, 'marked overdue');
    assert.equal(detail.overdue, true);
    assert.equal(detail.escalatedTo, CODES.A);
    const month = new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
    const list = (await c.county_a!({ method: 'GET', url: `/api/supervision?month=${month}` })).json();
    assert.ok(
      list.items.some((i: { id: string }) => i.id === id),
      'on the supervision list',
    );
    await post('county_a', 'supervise', { kind: 'key', note: '群众反映强烈，列入重点督办' });
    const queues = (await c.county_a!({ method: 'GET', url: '/api/cases/queues' })).json();
    assert.ok(queues.overdue >= 1);
  });

  let committed = '';
  test('the department replies "will resolve" with measures and a date', async () => {
    const today = new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    committed = new Date(Date.parse(`${today}T00:00:00Z`) + 10 * DAY).toISOString().slice(0, 10);
    const replied = await post('dept_a', 'reply', {
      reply: {
        kind: 'will_resolve',
        content: '已责成污水处理厂整改，清淤疏通沟渠并对尾水达标排放进行监测。',
        measures: '一、三日内清淤疏通沟渠；二、污水处理厂尾水改排市政管网；三、每周监测一次。',
        committedDate: committed,
      },
    });
    assert.equal(replied.status, 'replied');
    assert.equal(replied.commitmentDate, committed);
    const ledger = (
      await c.county_a!({ method: 'GET', url: `/api/commitments?department=${world.departments.A}` })
    ).json();
    assert.equal(ledger.items.length, 1);
    assert.equal(ledger.items[0].committedDate, committed);
  });

  test('the person is informed and rates', async () => {
    const fed = await post('station_a1', 'feedback', {
      feedback: { channel: 'phone', content: '已电话告知李四海办理情况及承诺办结日期。' },
    });
    assert.equal(fed.status, 'fed_back');
    const rated = await post('station_a1', 'rate', { satisfaction: 'satisfied' });
    assert.equal(rated.status, 'rated');
    // Not closable while the commitment is outstanding.
    const early = await c.town_a1!({ method: 'POST', url: `/api/cases/${id}/close`, payload: {} });
    assert.equal(early.statusCode, 409);
    await post('station_a1', 'revisit', { revisit: { content: '提前回访', resolved: true } }, 409);
  });

  test('the commitment falls due, the revisit confirms, the case closes', async () => {
    t.clock.current = new Date(`${committed}T01:00:00+08:00`);
    assert.ok((await fire()) >= 1);
    const detail = (await c.station_a1!({ method: 'GET', url: `/api/cases/${id}` })).json();
    assert.equal(detail.commitmentDue, true);
    assert.ok(detail.allowedActions.includes('revisit'));
    const queues = (await c.station_a1!({ method: 'GET', url: '/api/cases/queues' })).json();
    assert.equal(queues.to_revisit, 1);
    const revisited = await post('station_a1', 'revisit', {
      revisit: { content: '回访核实：沟渠已疏通，尾水已改排管网，田里不再进污水。', resolved: true },
    });
    assert.equal(revisited.status, 'fed_back');
    await post('station_a1', 'rate', { satisfaction: 'satisfied' });
    const closed = await post('town_a1', 'close', {});
    assert.equal(closed.status, 'closed');
    assert.deepEqual(closed.allowedActions, []);
    const ledger = (await c.county_a!({ method: 'GET', url: '/api/commitments?overdue=true' })).json();
    assert.equal(ledger.items.filter((i: { caseId: string }) => i.caseId === id).length, 0);
  });

  test('the public board shows the masked result once staff approve the text', async () => {
    const bad = await c.town_a1!({
      method: 'POST',
      url: `/api/cases/${id}/publish`,
      payload: { text: '李四海（13900731234）反映的问题已解决' },
    });
    assert.equal(bad.statusCode, 409);
    await post('town_a1', 'publish', { text: '李**反映的石桥村沟渠污水问题：沟渠已疏通，尾水已改排管网。' });
    const board = (await c.county_a!({ method: 'GET', url: `/api/board?region=${CODES.A1}` })).json();
    const item = board.items.find((i: { id: string }) => i.id === id);
    assert.ok(item);
    assert.equal(item.personName, '李**');
    assert.doesNotMatch(JSON.stringify(board), /13900731234|李四海/);
  });

  test('the timeline is the event log, and every message left the outbox', async () => {
    const tl = (await c.county_a!({ method: 'GET', url: `/api/cases/${id}/timeline` })).json().items;
    const actions = tl.map((e: { action: string }) => e.action);
    for (const a of [
      'register',
      'triage',
      'refer',
      'accept',
      'overdue',
      'supervise',
      'reply',
      'feed_back',
      'rate',
      'commitment_due',
      'revisit',
      'close',
      'publish',
    ]) {
      assert.ok(actions.includes(a), `timeline lacks ${a}`);
    }
    const rows = await t.database.db.select().from(caseEvents).where(eq(caseEvents.caseId, id));
    assert.equal(rows.length, tl.length);
    const r = await dispatchOnce(t.database.db, {}, t.clock.now());
    assert.ok(r.sent > 0);
    const timers = await t.database.db.select().from(caseTimers).where(eq(caseTimers.caseId, id));
    assert.ok(timers.every((x) => x.firedAt !== null || x.kind === 'rating_due'));
  });
});
