import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildWorld, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * 重办 (持续重办): an unsatisfied person's case is reopened and referred again, and the reopen
 * counter goes up by one each time — the number a county reports as "cases handled again".
 */
let t: TestApp;
let world: World;
const c: Record<string, ReturnType<typeof as>> = {};

after(() => t?.close());
before(async () => {
  t = await startTestApp(new Date('2026-06-15T02:00:00Z'));
  world = await buildWorld(t.deps);
  for (const u of ['town_a1', 'station_a1', 'dept_a']) c[u] = as(t.app, await loginAs(t.app, u, PASSWORD));
});

describe('reopening', () => {
  const id = () => world.cases.A1; // referred to county A's 生态环境局 by the fixtures
  const post = async (who: string, path: string, payload: object, expect = 200) => {
    const res = await c[who]!({ method: 'POST', url: `/api/cases/${id()}/${path}`, payload });
    assert.equal(res.statusCode, expect, `${who} ${path}: ${res.body}`);
    return res.json();
  };

  /** From assigned: accepted, answered, fed back and rated unsatisfied. */
  async function unsatisfied(round: number) {
    await post('dept_a', 'accept', {});
    await post('dept_a', 'reply', {
      reply: { kind: 'resolved', content: `第${round}次答复：已清淤`, measures: `第${round}次清淤` },
    });
    await post('station_a1', 'feedback', { feedback: { channel: 'phone', content: `第${round}次电话反馈` } });
    const rated = await post('station_a1', 'rate', { satisfaction: 'unsatisfied' });
    assert.equal(rated.status, 'rated');
    return rated;
  }

  test('starts at zero', async () => {
    const d = (await c.town_a1!({ method: 'GET', url: `/api/cases/${id()}` })).json();
    assert.equal(d.reopenCount, 0);
  });

  test('each reopen adds one, and the event says which time it is', async () => {
    for (const round of [1, 2, 3]) {
      await unsatisfied(round);
      const reopened = await post('town_a1', 'reopen', { reason: `群众第${round}次不满意：沟渠仍有积水` });
      assert.equal(reopened.status, 'reopened');
      assert.equal(reopened.reopenCount, round);
      assert.deepEqual(reopened.allowedActions, ['refer', 'withdraw']);
      const tl = (await c.town_a1!({ method: 'GET', url: `/api/cases/${id()}/timeline` })).json().items;
      assert.equal(tl.filter((e: { action: string }) => e.action === 'reopen').length, round);
      // 持续重办: back to the department.
      const again = await post('town_a1', 'refer', { leadDepartmentId: world.departments.A });
      assert.equal(again.status, 'assigned');
      assert.equal(again.reopenCount, round, 'a referral does not reset the counter');
    }
  });

  test('only an unsatisfied rating can be reopened; the counter does not move on a refusal', async () => {
    await post('dept_a', 'accept', {});
    await post('dept_a', 'reply', {
      reply: { kind: 'resolved', content: '已彻底清淤', measures: '清淤并硬化沟渠' },
    });
    await post('station_a1', 'feedback', { feedback: { channel: 'phone', content: '电话反馈' } });
    await post('station_a1', 'rate', { satisfaction: 'satisfied' });
    await post('town_a1', 'reopen', { reason: '再次重办' }, 409);
    const d = (await c.town_a1!({ method: 'GET', url: `/api/cases/${id()}` })).json();
    assert.equal(d.reopenCount, 3);
    assert.equal(d.status, 'rated');
  });
});
