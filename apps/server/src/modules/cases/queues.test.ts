import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, shanghaiDate } from '@lianluo/domain';
import { buildWorld, CODES, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { registerCase } from './registration.ts';
import { type TransitionInput, transitionCase } from './transitions/index.ts';

/**
 * The console opens a work queue directly (`GET /api/cases?queue=…`): the list holds exactly the
 * cases its count in listQueues counts, for each role. getCase carries the latest reply whole.
 */
let t: TestApp;
let world: World;
const actor = { id: null, name: '测试' };
const ids: Record<string, string> = {};

after(() => t?.close());
before(async () => {
  t = await startTestApp(new Date('2026-06-15T02:00:00Z'));
  world = await buildWorld(t.deps);
  const step = (id: string, action: Parameters<typeof transitionCase>[3], input: TransitionInput = {}) =>
    transitionCase(t.deps, t.database.db, id, action, input, actor, t.clock.now());
  const make = async (name: string, steps: [Parameters<typeof transitionCase>[3], TransitionInput?][]) => {
    const c = await registerCase(
      t.deps,
      t.database.db,
      {
        regionCode: CODES.A1v,
        stationId: world.stations.A1,
        channel: 'phone',
        title: `队列测试${name}`,
        content: `队列测试${name}：村民反映的问题`,
      },
      actor,
      t.clock.now(),
    );
    for (const [a, input] of steps) await step(c.id, a, input);
    ids[name] = c.id;
  };
  const referred: [Parameters<typeof transitionCase>[3], TransitionInput?][] = [
    ['triage', { categoryKey: 'environment' }],
    ['refer', { leadDepartmentId: world.departments.A }],
  ];
  await make('registered', []);
  await make('assigned', referred);
  await make('accepted', [...referred, ['accept']]);
  await make('replied', [
    ...referred,
    ['accept'],
    [
      'reply',
      {
        reply: {
          kind: 'will_resolve',
          content: '已安排清淤',
          measures: '组织人员清理沟渠',
          committedDate: addDays(shanghaiDate(t.clock.now()), 10),
        },
      },
    ],
  ]);
  await make('reopened', [
    ...referred,
    ['accept'],
    ['reply', { reply: { kind: 'resolved', content: '已处理', measures: '已清理' } }],
    ['feed_back', { feedback: { channel: 'phone', content: '已告知' } }],
    ['rate', { satisfaction: 'unsatisfied' }],
    ['reopen', { reason: '问题仍然存在' }],
  ]);
  // An accepted case whose reply deadline passes: overdue.
  await make('late', [...referred, ['accept']]);
  t.clock.advance(30 * 86_400_000);
  await make('fresh', []);
});

const QUEUES = ['to_triage', 'to_accept', 'to_reply', 'to_feed_back', 'overdue', 'to_revisit'] as const;

describe('GET /api/cases?queue=', () => {
  test('each queue lists what its count counts, for the town office and the department', async () => {
    for (const who of ['town_a1', 'county_a', 'dept_a']) {
      const call = as(t.app, await loginAs(t.app, who, PASSWORD));
      const counts = (await call({ method: 'GET', url: '/api/cases/queues' })).json();
      for (const q of QUEUES) {
        const res = await call({ method: 'GET', url: `/api/cases?queue=${q}&limit=100` });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().items.length, counts[q], `${who} ${q}`);
      }
    }
  });

  test('to_triage holds registered and reopened cases; overdue the late ones', async () => {
    const town = as(t.app, await loginAs(t.app, 'town_a1', PASSWORD));
    const list = async (q: string) =>
      (await town({ method: 'GET', url: `/api/cases?queue=${q}&limit=100` }))
        .json()
        .items.map((c: { id: string }) => c.id);
    const triage = await list('to_triage');
    for (const k of ['registered', 'reopened', 'fresh']) assert.ok(triage.includes(ids[k]), k);
    assert.ok(!triage.includes(ids.assigned));
    const overdue = await list('overdue');
    assert.ok(overdue.includes(ids.late) && overdue.includes(ids.accepted));
    assert.ok(!overdue.includes(ids.fresh));
    assert.deepEqual(await list('to_feed_back'), [ids.replied]);
    // Combined with other filters.
    const res = await town({ method: 'GET', url: '/api/cases?queue=to_triage&q=队列测试fresh' });
    assert.deepEqual(
      res.json().items.map((c: { id: string }) => c.id),
      [ids.fresh],
    );
  });

  test('an unknown queue is refused with problem+json', async () => {
    const town = as(t.app, await loginAs(t.app, 'town_a1', PASSWORD));
    const res = await town({ method: 'GET', url: '/api/cases?queue=everything' });
    assert.equal(res.statusCode, 400);
    assert.match(res.headers['content-type'] as string, /problem\+json/);
  });
});

describe('getCase carries the latest reply', () => {
  test('kind, text, measures, committed date, department and time', async () => {
    const town = as(t.app, await loginAs(t.app, 'town_a1', PASSWORD));
    const c = (await town({ method: 'GET', url: `/api/cases/${ids.replied}` })).json();
    assert.equal(c.reply.kind, 'will_resolve');
    assert.equal(c.reply.kindLabel.length > 0, true);
    assert.equal(c.reply.content, '已安排清淤');
    assert.equal(c.reply.measures, '组织人员清理沟渠');
    assert.match(c.reply.committedDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(c.reply.departmentId, world.departments.A);
    assert.equal(c.reply.departmentName, '甲县生态环境局');
    assert.equal(c.reply.action, 'reply');
    assert.ok(Date.parse(c.reply.at) > 0);
    const none = (await town({ method: 'GET', url: `/api/cases/${ids.registered}` })).json();
    assert.equal(none.reply, null);
  });
});
