import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type CaseLevel, deadlineClocks, defaultDeadlineLimit, workingDayDeadline } from '@lianluo/domain';
import { and, eq, isNull } from 'drizzle-orm';
import { cases, caseTimers, notifications, users } from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { hashPassword } from '../auth/passwords.ts';
import { registerCase } from './registration.ts';
import { timerEffect } from './timer-effects.ts';
import { runTimersOnce } from './timers.ts';
import { type TransitionInput, transitionCase } from './transitions/index.ts';

/**
 * Deadlines and supervision (issue 5 §4): both deadlines — signing for a referral (签收) and
 * answering it (答复) — warn the department before they fall due, and when one lapses the case is
 * marked overdue and escalated to the level above its handling level (village → town → county →
 * the county's parent, or the county office when none sits above it). Bulk 督办 as the console
 * sends it. Time moves on the test clock, never by sleeping.
 */
let t: TestApp;
let world: World;
const actor = { id: null, name: '测试' };
const user: Record<string, string> = {};
const c: Record<string, ReturnType<typeof as>> = {};
const MINUTE = 60_000;
/** Monday 15 June 2026, 10:00 in Shanghai. */
const REFERRAL = new Date('2026-06-15T02:00:00Z');

after(() => t?.close());
before(async () => {
  t = await startTestApp(REFERRAL);
  world = await buildWorld(t.deps);
  for (const u of await t.database.db.select({ id: users.id, username: users.username }).from(users)) {
    user[u.username] = u.id;
  }
});

async function signIn(...who: string[]) {
  for (const u of who) c[u] = as(t.app, await loginAs(t.app, u, PASSWORD));
}

const step = (id: string, action: Parameters<typeof transitionCase>[3], input: TransitionInput = {}) =>
  transitionCase(t.deps, t.database.db, id, action, input, actor, t.clock.now());

/** A case in village A1v, triaged at the given handling level and referred to county A's 生态环境局. */
async function referred(level: CaseLevel, title: string) {
  const row = await registerCase(
    t.deps,
    t.database.db,
    {
      regionCode: CODES.A1v,
      stationId: world.stations.A1,
      channel: 'reception',
      title,
      content: `${title}：石桥村村民反映的问题。`,
    },
    actor,
    t.clock.now(),
  );
  await step(row.id, 'triage', { categoryKey: 'environment', level });
  await step(row.id, 'refer', { leadDepartmentId: world.departments.A });
  return row.id;
}

const fire = () => runTimersOnce(t.deps, 'supervision-worker', timerEffect(t.deps));

async function outbox(caseId: string, template: string) {
  const rows = await t.database.db
    .select({ recipient: notifications.recipient, channel: notifications.channel, body: notifications.body })
    .from(notifications)
    .where(and(eq(notifications.caseId, caseId), eq(notifications.template, template)));
  return rows;
}

async function caseRow(id: string) {
  const [row] = await t.database.db.select().from(cases).where(eq(cases.id, id));
  return row!;
}

describe('deadlines warn, lapse, mark and escalate', () => {
  const ids: Record<CaseLevel, string> = { village: '', town: '', county: '' };
  let due: { acceptWarn: Date; accept: Date; warn: Date; reply: Date };

  test('a referral sets a warning before each deadline and the deadlines themselves', async () => {
    ids.village = await referred('village', '村级办理：村道积水');
    ids.town = await referred('town', '镇级办理：集镇污水');
    ids.county = await referred('county', '县级办理：沟渠堵塞');
    const cal = await t.deps.calendar();
    const days = deadlineClocks(defaultDeadlineLimit('county', 'normal'));
    due = {
      acceptWarn: workingDayDeadline(cal, REFERRAL, days.acceptWarn),
      accept: workingDayDeadline(cal, REFERRAL, days.accept),
      warn: workingDayDeadline(cal, REFERRAL, days.warn),
      reply: workingDayDeadline(cal, REFERRAL, days.reply),
    };
    // Accept in 2 working days, warned one working day before: Tuesday and Wednesday, day's end.
    assert.equal(due.acceptWarn.toISOString(), '2026-06-16T15:59:59.999Z');
    assert.equal(due.accept.toISOString(), '2026-06-17T15:59:59.999Z');
    const timers = await t.database.db
      .select({ kind: caseTimers.kind, fireAt: caseTimers.fireAt })
      .from(caseTimers)
      .where(and(eq(caseTimers.caseId, ids.county), isNull(caseTimers.firedAt)))
      .orderBy(caseTimers.fireAt);
    assert.deepEqual(
      timers.map((x) => [x.kind, x.fireAt.toISOString()]),
      [
        ['accept_warn', due.acceptWarn.toISOString()],
        ['accept_due', due.accept.toISOString()],
        ['reply_warn', due.warn.toISOString()],
        ['reply_due', due.reply.toISOString()],
      ],
    );
  });

  test('before the accept deadline: the department is warned in the outbox, nothing is overdue yet', async () => {
    t.clock.current = new Date(due.acceptWarn.getTime() + MINUTE);
    // Ours and the fixture's A1 case, referred at the same moment.
    assert.equal(await fire(), 4);
    for (const id of Object.values(ids)) {
      const warned = await outbox(id, 'accept_warning');
      assert.deepEqual(
        warned.map((n) => [n.channel, n.recipient]),
        [['in_app', user.dept_a]],
      );
      assert.match(warned[0]!.body, /须于2026-06-17前签收/);
      const row = await caseRow(id);
      assert.equal(row.overdueAt, null);
      assert.equal(row.escalatedTo, null);
    }
    await signIn('county_a');
    const detail = (await c.county_a!({ method: 'GET', url: `/api/cases/${ids.county}` })).json();
    assert.equal(detail.overdue, false);
  });

  test('the accept deadline lapses: marked overdue and escalated to the level above the handling level', async () => {
    t.clock.current = new Date(due.accept.getTime() + MINUTE);
    assert.equal(await fire(), 4);
    // village → its town; town → its county; county → the city has no office here, so the county's.
    const expected: Record<CaseLevel, { region: string; offices: string[] }> = {
      village: { region: CODES.A1, offices: [user.town_a1!] },
      town: { region: CODES.A, offices: [user.county_a!] },
      county: { region: CODES.A, offices: [user.county_a!] },
    };
    await signIn('county_a', 'dept_a');
    for (const [level, id] of Object.entries(ids) as [CaseLevel, string][]) {
      const row = await caseRow(id);
      assert.equal(row.status, 'assigned');
      assert.ok(row.overdueAt, `${level}: marked overdue`);
      assert.equal(row.escalatedTo, expected[level].region, level);
      const told = await outbox(id, 'case_overdue');
      assert.deepEqual(told.map((n) => n.recipient).sort(), [...expected[level].offices].sort(), level);
      // The department hears that it is late as well.
      assert.deepEqual(
        (await outbox(id, 'accept_overdue')).map((n) => n.recipient),
        [user.dept_a],
      );
      const detail = (await c.county_a!({ method: 'GET', url: `/api/cases/${id}` })).json();
      assert.equal(detail.overdue, true, `${level}: the overdue flag`);
      assert.equal(detail.escalatedTo, expected[level].region);
      const mark = detail.events.at(-1);
      assert.equal(mark.action, 'accept_overdue');
    }
    // It counts and lists as overdue, and the county officer finds it on the supervision list.
    // (With the fixture's A1 case, referred to the same department at the same moment.)
    const lapsed = [...Object.values(ids), world.cases.A1].sort();
    const queues = (await c.dept_a!({ method: 'GET', url: '/api/cases/queues' })).json();
    assert.equal(queues.overdue, lapsed.length);
    const list = (await c.county_a!({ method: 'GET', url: '/api/cases?overdue=true' })).json();
    assert.deepEqual(list.items.map((i: { id: string }) => i.id).sort(), lapsed);
    const todo = (await c.dept_a!({ method: 'GET', url: '/api/cases?queue=overdue' })).json();
    assert.deepEqual(todo.items.map((i: { id: string; overdue: boolean }) => i.id).sort(), lapsed);
    assert.ok(todo.items.every((i: { overdue: boolean }) => i.overdue));
    const month = (await c.county_a!({ method: 'GET', url: '/api/supervision?month=2026-06' })).json();
    for (const id of Object.values(ids)) {
      const item = month.items.find((i: { id: string }) => i.id === id);
      assert.ok(item?.overdueAt, 'on the supervision list');
    }
    // Fired once: a second pass finds nothing more to do.
    assert.equal(await fire(), 0);
  });

  test('signed for late: no longer overdue while the reply clock runs; the lapse stays on record', async () => {
    await step(ids.town, 'accept');
    await signIn('county_a');
    const detail = (await c.county_a!({ method: 'GET', url: `/api/cases/${ids.town}` })).json();
    assert.equal(detail.status, 'accepted');
    assert.equal(detail.overdue, false);
    assert.ok(detail.overdueAt);
    assert.equal(detail.escalatedTo, CODES.A);
  });

  test('before the reply deadline the department is warned in the outbox; when it lapses, escalated by level', async () => {
    t.clock.current = new Date(due.warn.getTime() + MINUTE);
    assert.ok((await fire()) >= 1);
    const warned = await outbox(ids.town, 'deadline_warning');
    assert.deepEqual(
      warned.map((n) => [n.channel, n.recipient]),
      [['in_app', user.dept_a]],
    );
    assert.match(warned[0]!.body, /到期，请抓紧办理/);
    t.clock.current = new Date(due.reply.getTime() + MINUTE);
    assert.ok((await fire()) >= 1);
    const row = await caseRow(ids.town);
    assert.ok(row.overdueAt! > due.reply);
    assert.equal(row.escalatedTo, CODES.A);
    await signIn('county_a');
    const detail = (await c.county_a!({ method: 'GET', url: `/api/cases/${ids.town}` })).json();
    assert.equal(detail.overdue, true);
    assert.equal(detail.events.at(-1).action, 'overdue');
    // The village-level case, still not signed for, escalates its reply lapse to the town again.
    assert.equal((await caseRow(ids.village)).escalatedTo, CODES.A1);
  });

  test('the supervision list names the office a case was escalated to (提请), not only its code', async () => {
    await signIn('county_a');
    const month = `${t.clock.current.toISOString().slice(0, 7)}`;
    const res = await c.county_a!({ method: 'GET', url: `/api/supervision?month=${month}` });
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items as {
      id: string;
      escalatedTo: string | null;
      escalatedToName: string | null;
    }[];
    const town = items.find((i) => i.id === ids.town);
    assert.deepEqual([town?.escalatedTo, town?.escalatedToName], [CODES.A, '甲县']);
    const village = items.find((i) => i.id === ids.village);
    assert.deepEqual([village?.escalatedTo, village?.escalatedToName], [CODES.A1, '甲一镇']);
  });

  test('with an office above the county, a county-level case escalates to it and only it', async () => {
    const city = '439900000000';
    await t.database.db.insert(users).values({
      username: 'city_office',
      displayName: '云州市人大常委会代表工委',
      passwordHash: await hashPassword(PASSWORD),
      role: 'county_office',
      regionCode: city,
    });
    const [office] = await t.database.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.username, 'city_office'));
    const id = await referred('county', '县级办理：河道垃圾');
    t.clock.current = new Date((await caseRow(id)).acceptDueAt!.getTime() + MINUTE);
    assert.ok((await fire()) >= 1);
    assert.equal((await caseRow(id)).escalatedTo, city);
    assert.deepEqual(
      (await outbox(id, 'case_overdue')).map((n) => n.recipient),
      [office!.id],
    );
  });

  test('a return and a new referral clear the old lapse: a new clock', async () => {
    assert.equal((await caseRow(ids.village)).escalatedTo, CODES.A1);
    // A return is counted against nobody until triage decides again: the lapse goes with it.
    const back = await step(ids.village, 'return', { reason: '不属于本单位职责' });
    assert.deepEqual([back.overdueAt, back.escalatedTo], [null, null]);
    await step(ids.village, 'refer', { leadDepartmentId: world.departments.A });
    const row = await caseRow(ids.village);
    assert.equal(row.overdueAt, null);
    assert.equal(row.escalatedTo, null);
    assert.ok(row.acceptDueAt! > t.clock.now());
  });
});

describe('bulk 督办 as the console sends it', () => {
  test('each selected case is supervised with { kind }; the lead department is told', async () => {
    const picked = [await referred('county', '批量督办一'), await referred('town', '批量督办二')];
    await signIn('county_a');
    for (const id of picked) {
      const res = await c.county_a!({
        method: 'POST',
        url: `/api/cases/${id}/supervise`,
        payload: { kind: 'key' },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().supervision, 'key');
    }
    for (const id of picked) {
      const row = await caseRow(id);
      assert.equal(row.supervision, 'key');
      const told = await outbox(id, 'case_supervised');
      assert.deepEqual(
        told.map((n) => n.recipient),
        [user.dept_a],
      );
      assert.match(told[0]!.body, /重点督办/);
    }
  });
});
