import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, shanghaiDate } from '@lianluo/domain';
import { and, eq } from 'drizzle-orm';
import { caseEvents, cases, caseTimers, commitments } from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { registerCase } from './registration.ts';
import { timerEffect } from './timer-effects.ts';
import { runTimersOnce } from './timers.ts';
import { type TransitionInput, transitionCase } from './transitions/index.ts';

/**
 * 评价超时: when the person gives no rating within the configured wait after the feedback, the
 * rating timer counts it as configured (满意 by default) and — as the lifecycle draws it
 * ("rated ─satisfied / no answer in N days─> closed") — closes the case, unless a "will resolve"
 * commitment is still waiting for its revisit. Time moves on the test clock, never by sleeping.
 */
let t: TestApp;
let world: World;
const actor = { id: null, name: '测试' };

after(() => t?.close());
before(async () => {
  t = await startTestApp(new Date('2026-06-15T02:00:00Z'));
  world = await buildWorld(t.deps);
});

const step = (id: string, action: Parameters<typeof transitionCase>[3], input: TransitionInput = {}) =>
  transitionCase(t.deps, t.database.db, id, action, input, actor, t.clock.now());

/** A case walked to "fed back" with the given reply. */
async function fedBack(reply: NonNullable<TransitionInput['reply']>) {
  const c = await registerCase(
    t.deps,
    t.database.db,
    {
      regionCode: CODES.A1v,
      stationId: world.stations.A1,
      channel: 'reception',
      title: '村口路灯不亮',
      content: '石桥村村口三盏路灯坏了一个多月，晚上出行不安全。',
      personName: '王五',
      personPhone: '13800138001',
    },
    actor,
    t.clock.now(),
  );
  await step(c.id, 'triage', { categoryKey: 'environment' });
  await step(c.id, 'refer', { leadDepartmentId: world.departments.A });
  await step(c.id, 'accept');
  await step(c.id, 'reply', { reply });
  await step(c.id, 'feed_back', { feedback: { channel: 'phone', content: '已电话告知办理结果' } });
  return c.id;
}

/** Moves the clock just past the case's rating wait. */
async function pastTheWait(id: string) {
  t.clock.current = new Date((await caseRow(id)).ratingDueAt!.getTime() + 60_000);
}

const fire = () => runTimersOnce(t.deps, 'rating-worker', timerEffect(t.deps));

async function caseRow(id: string) {
  const [row] = await t.database.db.select().from(cases).where(eq(cases.id, id));
  return row!;
}

async function eventsOf(id: string) {
  return t.database.db
    .select({ action: caseEvents.action, payload: caseEvents.payload, actorName: caseEvents.actorName })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, id))
    .orderBy(caseEvents.seq);
}

describe('no rating within the wait counts as configured', () => {
  test('the wait runs out: rated as configured (满意) and closed, once', async () => {
    const id = await fedBack({
      kind: 'resolved',
      content: '已更换路灯灯泡并检修线路',
      measures: '更换灯泡三只',
    });
    const row = await caseRow(id);
    assert.equal(row.status, 'fed_back');
    // The wait is the configured number of calendar days, to the end of the last one.
    const lastDay = addDays(shanghaiDate(t.clock.now()), t.deps.settings.ratingWaitDays);
    assert.equal(row.ratingDueAt?.toISOString(), new Date(`${lastDay}T23:59:59.999+08:00`).toISOString());

    // One minute before the wait ends nothing happens.
    t.clock.current = new Date(row.ratingDueAt!.getTime() - 60_000);
    await fire();
    assert.equal((await caseRow(id)).status, 'fed_back');

    t.clock.advance(120_000);
    await fire();
    const after = await caseRow(id);
    assert.equal(after.status, 'closed');
    assert.equal(after.lastSatisfaction, 'satisfied');
    assert.ok(after.closedAt);
    const events = (await eventsOf(id)).slice(-2);
    assert.deepEqual(
      events.map((e) => e.action),
      ['rate', 'close'],
    );
    assert.equal((events[0]!.payload as { satisfaction: string }).satisfaction, 'satisfied');
    assert.equal((events[0]!.payload as { timedOut?: boolean }).timedOut, true);
    assert.equal((events[1]!.payload as { ratingTimedOut: boolean }).ratingTimedOut, true);
    assert.equal(events[1]!.actorName, '系统');
    const [timer] = await t.database.db
      .select({ outcome: caseTimers.outcome })
      .from(caseTimers)
      .where(and(eq(caseTimers.caseId, id), eq(caseTimers.kind, 'rating_due')));
    assert.equal(timer?.outcome, 'closed_by_timeout');
    // Fired once: another pass changes nothing.
    const n = (await eventsOf(id)).length;
    await fire();
    assert.equal((await eventsOf(id)).length, n);
  });

  test('the configured answer is what counts (基本满意)', async () => {
    t.deps.settings.ratingTimeoutCountsAs = 'basically_satisfied';
    try {
      const id = await fedBack({
        kind: 'explained',
        content: '该路段路灯由镇政府负责，已转告',
        policyBasis: '《城市照明管理规定》',
      });
      await pastTheWait(id);
      await fire();
      const row = await caseRow(id);
      assert.equal(row.lastSatisfaction, 'basically_satisfied');
      assert.equal(row.status, 'closed');
    } finally {
      t.deps.settings.ratingTimeoutCountsAs = 'satisfied';
    }
  });

  test('a rating given in time stands: the timer finds nothing to do', async () => {
    const id = await fedBack({ kind: 'resolved', content: '已修复', measures: '更换灯具' });
    const due = (await caseRow(id)).ratingDueAt!;
    await step(id, 'rate', { satisfaction: 'unsatisfied' });
    t.clock.current = new Date(due.getTime() + 60_000);
    await fire();
    const row = await caseRow(id);
    assert.equal(row.status, 'rated');
    assert.equal(row.lastSatisfaction, 'unsatisfied', 'not overwritten by the timeout');
  });

  test('with a commitment still to revisit, the timeout rates but does not close', async () => {
    const committed = addDays(shanghaiDate(t.clock.now()), 30);
    const id = await fedBack({
      kind: 'will_resolve',
      content: '将于下月更换全村路灯',
      measures: '列入下月维修计划',
      committedDate: committed,
    });
    await pastTheWait(id);
    await fire();
    const row = await caseRow(id);
    assert.equal(row.status, 'rated');
    assert.equal(row.lastSatisfaction, 'satisfied');
    const [c] = await t.database.db.select().from(commitments).where(eq(commitments.caseId, id));
    assert.equal(c?.status, 'pending', 'the commitment still waits for its revisit');

    // Through the API the case offers the revisit later, not a close-out now.
    const county = as(t.app, await loginAs(t.app, 'county_a', PASSWORD));
    const res = await county({ method: 'POST', url: `/api/cases/${id}/close`, payload: {} });
    assert.equal(res.statusCode, 409, res.body);
  });
});
