import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { caseEvents, caseTimers } from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * 共性问题 (issue 5 §6): similar cases from different stations linked into one common issue are
 * referred, accepted and answered once — the one step is applied to every member case standing at
 * the same step — while each person still gets their own feedback and gives their own rating.
 */
let t: TestApp;
let world: World;
const c: Record<string, ReturnType<typeof as>> = {};

after(() => t?.close());
before(async () => {
  t = await startTestApp(new Date('2026-06-15T02:00:00Z'));
  world = await buildWorld(t.deps);
  for (const u of ['county_a', 'town_a1', 'town_a2', 'station_a1', 'dept_a']) {
    c[u] = as(t.app, await loginAs(t.app, u, PASSWORD));
  }
});

async function ok(who: string, method: 'GET' | 'POST', url: string, payload?: object) {
  const res = await c[who]!({ method, url, payload });
  assert.equal(res.statusCode, 200, `${who} ${method} ${url}: ${res.body}`);
  return res.json();
}

const detail = (id: string) => ok('county_a', 'GET', `/api/cases/${id}`);

async function register(regionCode: string, stationId: string, who: string, title: string) {
  const body = {
    regionCode,
    stationId,
    channel: 'reception',
    title,
    content: `${title}：污水处理厂尾水排入沟渠，沟渠堵塞。`,
    personName: '赵六',
    personPhone: '13700137000',
  };
  return (await ok(who, 'POST', '/api/cases', body)).id as string;
}

describe('one referral, acceptance and reply serve every member case', () => {
  // Three triaged members from two stations (towns A1 and A2), and one linked but not yet triaged.
  const m: string[] = [];
  let waiting = '';
  const reply = {
    kind: 'resolved',
    content: '已组织清淤，沟渠恢复畅通，尾水改排市政管网。',
    measures: '清淤疏通沟渠三百米；尾水改排管网。',
  };

  test('cases from two stations are linked into a county common issue', async () => {
    m.push(await register(CODES.A1v, world.stations.A1, 'station_a1', '石桥村沟渠污水'));
    m.push(await register(CODES.A1, world.stations.A1, 'station_a1', '甲一镇集镇沟渠污水'));
    m.push(await register(CODES.A2, world.stations.A2, 'town_a2', '甲二镇沟渠污水'));
    waiting = await register(CODES.A2, world.stations.A2, 'town_a2', '甲二镇沟渠污水（待梳理）');
    for (const id of m)
      await ok('county_a', 'POST', `/api/cases/${id}/triage`, { categoryKey: 'environment' });
    const issue = await ok('county_a', 'POST', '/api/common-issues', {
      regionCode: CODES.A,
      title: '污水处理厂尾水排入沟渠',
      caseIds: [...m, waiting],
    });
    for (const id of [...m, waiting]) assert.equal((await detail(id)).commonIssueId, issue.id);
  });

  test('referring one refers every member at the same step, each with its own event and clock', async () => {
    const referred = await ok('county_a', 'POST', `/api/cases/${m[0]}/refer`, {
      leadDepartmentId: world.departments.A,
    });
    for (const id of m) {
      const d = await detail(id);
      assert.equal(d.status, 'assigned', id);
      assert.equal(d.leadDepartmentId, world.departments.A);
      assert.equal(d.replyDueAt, referred.replyDueAt);
      assert.equal(d.events.at(-1).action, 'refer');
      const clocks = await t.database.db
        .select({ kind: caseTimers.kind })
        .from(caseTimers)
        .where(and(eq(caseTimers.caseId, id), eq(caseTimers.kind, 'reply_due')));
      assert.equal(clocks.length, 1, 'each member has its own reply clock');
    }
    // A member not at that step (still registered) is left where it stands.
    assert.equal((await detail(waiting)).status, 'registered');
    // The department's handler sees each member case (it was referred to it).
    for (const id of m)
      assert.equal((await c.dept_a!({ method: 'GET', url: `/api/cases/${id}` })).statusCode, 200);
  });

  test('one acceptance and one reply, made on any member, serve them all', async () => {
    await ok('dept_a', 'POST', `/api/cases/${m[2]}/accept`, {});
    for (const id of m) assert.equal((await detail(id)).status, 'accepted');
    await ok('dept_a', 'POST', `/api/cases/${m[1]}/reply`, { reply });
    for (const id of m) {
      const d = await detail(id);
      assert.equal(d.status, 'replied');
      assert.equal(d.reply.content, reply.content);
      assert.equal(d.reply.measures, reply.measures);
      // Each member's own timeline records the step, and which common issue it came through.
      const [ev] = await t.database.db
        .select({ payload: caseEvents.payload })
        .from(caseEvents)
        .where(and(eq(caseEvents.caseId, id), eq(caseEvents.action, 'reply')));
      const via = (ev!.payload as { commonIssueId?: string }).commonIssueId;
      if (id === m[1]) assert.equal(via, undefined);
      else assert.equal(via, d.commonIssueId);
    }
    assert.equal((await detail(waiting)).status, 'registered');
  });

  test('feedback and rating stay per member: each person is told and rates on their own', async () => {
    await ok('station_a1', 'POST', `/api/cases/${m[0]}/feedback`, {
      feedback: { channel: 'phone', content: '已电话告知赵六沟渠已清淤。' },
    });
    assert.equal((await detail(m[0]!)).status, 'fed_back');
    for (const id of [m[1]!, m[2]!]) assert.equal((await detail(id)).status, 'replied');
    await ok('town_a2', 'POST', `/api/cases/${m[2]}/feedback`, {
      feedback: { channel: 'visit', content: '上门告知办理结果。' },
    });
    await ok('station_a1', 'POST', `/api/cases/${m[0]}/rate`, { satisfaction: 'satisfied' });
    await ok('town_a2', 'POST', `/api/cases/${m[2]}/rate`, { satisfaction: 'unsatisfied' });
    const [a, b, d] = await Promise.all(m.map(detail));
    assert.deepEqual([a.status, a.lastSatisfaction], ['rated', 'satisfied']);
    assert.deepEqual([b.status, b.lastSatisfaction], ['replied', null]);
    assert.deepEqual([d.status, d.lastSatisfaction], ['rated', 'unsatisfied']);
    // The feedback is recorded on that member's timeline alone.
    const fed = await t.database.db
      .select({ caseId: caseEvents.caseId })
      .from(caseEvents)
      .where(eq(caseEvents.action, 'feed_back'));
    assert.deepEqual(fed.map((r) => r.caseId).sort(), [m[0]!, m[2]!].sort());
  });
});
