import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildWorld, CODES, PASSWORD, seedTriagedCases, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { actorFor } from '../../test/network.ts';
import { registerCase } from '../cases/registration.ts';
import { transitionCase } from '../cases/transitions/index.ts';
import { listModels } from './analytics.queries.ts';
import { Insight } from './analytics.service.ts';
import { retrainMark } from './classifier.ts';

let t: TestApp;
let world: World;
let admin: ReturnType<typeof as>;
const HOUR = 3_600_000;

after(() => t?.close());
before(async () => {
  // 10:00 Asia/Shanghai on 15 June.
  t = await startTestApp(new Date('2026-06-15T02:00:00Z'));
  world = await buildWorld(t.deps);
  admin = as(t.app, await loginAs(t.app, 'admin', PASSWORD));
});

/** The model versions, newest first (read directly: moving the clock a day ends the admin's session). */
const models = async () =>
  (await listModels(t.database.db)).map((m) => ({
    version: m.version,
    trigger: m.trigger,
    active: m.active,
  }));
const setClock = (iso: string) => {
  t.clock.current = new Date(iso);
};
/** Staff triage one more case now: new training data. */
const triageOne = async () => {
  const actor = { id: null, name: '测试' };
  const c = await registerCase(
    t.deps,
    t.database.db,
    { regionCode: CODES.A1v, channel: 'phone', title: '河道垃圾', content: '河道里漂着垃圾，没人打捞' },
    actor,
    t.deps.now(),
  );
  await transitionCase(
    t.deps,
    t.database.db,
    c.id,
    'triage',
    { categoryKey: 'environment' },
    actor,
    t.deps.now(),
  );
};

describe('training on too little data', () => {
  const train = () => admin({ method: 'POST', url: '/api/analytics/models' });
  const assertRefused = async (res: Awaited<ReturnType<typeof train>>) => {
    assert.equal(res.statusCode, 422, res.body);
    assert.match(res.headers['content-type'] as string, /application\/problem\+json/);
    assert.equal(res.json().status, 422);
    assert.match(res.json().detail, /训练数据不足/);
  };

  test('with no triaged case: 422 problem+json, and no model is made', async () => {
    // The world's one triaged case, its category taken away: nothing to learn from.
    await t.database.db.execute(sql`update cases set category_key = null where id = ${world.cases.A1}`);
    await assertRefused(await train());
    assert.deepEqual(await models(), []);
    await t.database.db.execute(
      sql`update cases set category_key = 'environment' where id = ${world.cases.A1}`,
    );
  });

  test('with one category only: 422 problem+json, and no model is made', async () => {
    await triageOne();
    await triageOne();
    await assertRefused(await train());
    assert.deepEqual(await models(), []);
    // Nor does the nightly job make one, or fail loudly.
    assert.equal(await t.app.insight.retrainIfDue(), 'failed');
    assert.deepEqual(await models(), []);
  });

  test('a refused training leaves the active model in place', async () => {
    await seedTriagedCases(t.deps, t.deps.now());
    const ok = await train();
    assert.equal(ok.statusCode, 200, ok.body);
    const before = await models();
    assert.equal(before.length, 1);
    const taken = (await t.database.db.execute(sql`update cases c set category_key = null
      from cases o where o.id = c.id and o.category_key is not null
      returning c.id, o.category_key as key`)) as unknown as { rows: { id: string; key: string }[] };
    assert.ok(taken.rows.length > 30);
    await assertRefused(await train());
    assert.deepEqual(await models(), before);
    const town = as(t.app, await loginAs(t.app, 'town_a1', PASSWORD));
    const res = await town({
      method: 'POST',
      url: '/api/analytics/suggest-category',
      payload: { text: '沟渠堵塞，污水漫到田里' },
    });
    assert.equal(res.json().modelVersion, before[0]!.version, res.body);
    for (const r of taken.rows)
      await t.database.db.execute(sql`update cases set category_key = ${r.key} where id = ${r.id}`);
  });
});

describe('the nightly retraining', () => {
  test('the mark is the latest 02:00 Asia/Shanghai', () => {
    assert.equal(retrainMark(new Date('2026-06-15T17:59:59Z')).toISOString(), '2026-06-14T18:00:00.000Z');
    assert.equal(retrainMark(new Date('2026-06-15T18:00:00Z')).toISOString(), '2026-06-15T18:00:00.000Z');
    assert.equal(retrainMark(new Date('2026-06-16T02:00:00Z')).toISOString(), '2026-06-15T18:00:00.000Z');
  });

  test('runs once after 02:00, not before, not again the same day, and not without new triage', async () => {
    const count = async () => (await models()).length;
    // The model of the previous test was trained at 10:00 on 15 June; a case is triaged since.
    setClock('2026-06-15T09:00:00Z'); // 17:00
    await triageOne();
    const start = await count();

    setClock('2026-06-15T17:30:00Z'); // 01:30 on 16 June: not yet
    assert.equal(await t.app.insight.retrainIfDue(), 'fresh');
    assert.equal(await count(), start);

    // 02:10: due. Two server processes ask at once; one trains.
    setClock('2026-06-15T18:10:00Z');
    const other = new Insight({ db: t.deps.db, now: t.deps.now });
    const outcomes = await Promise.all([t.app.insight.retrainIfDue(), other.retrainIfDue()]);
    assert.deepEqual(
      outcomes.filter((o) => o === 'trained'),
      ['trained'],
      outcomes.join(),
    );
    assert.equal(await count(), start + 1);
    const nightly = (await models())[0]!;
    assert.equal(nightly.trigger, 'nightly');

    // Later the same day, with more triage: tonight's already ran.
    t.clock.advance(HOUR);
    await triageOne();
    for (const at of ['2026-06-15T23:00:00Z', '2026-06-16T09:00:00Z', '2026-06-16T17:59:00Z']) {
      setClock(at);
      assert.equal(await t.app.insight.retrainIfDue(), 'fresh', at);
      assert.equal(await other.retrainIfDue(), 'fresh', at);
    }
    assert.equal(await count(), start + 1);

    // The next night: trains on what was triaged during the day.
    setClock('2026-06-16T18:05:00Z');
    assert.equal(await other.retrainIfDue(), 'trained');
    assert.equal(await t.app.insight.retrainIfDue(), 'fresh');
    assert.equal(await count(), start + 2);

    // The night after, nothing was triaged: no new version (it would only split the acceptance rate).
    setClock('2026-06-17T18:05:00Z');
    assert.equal(await t.app.insight.retrainIfDue(), 'unchanged');
    assert.equal(await count(), start + 2);
    // A case triaged at 02:30 is trained on at the next look that night.
    t.clock.advance(25 * 60_000);
    await triageOne();
    t.clock.advance(10 * 60_000);
    assert.equal(await t.app.insight.retrainIfDue(), 'trained');
    assert.equal(await t.app.insight.retrainIfDue(), 'fresh');
    assert.equal(await count(), start + 3);
  });
});

describe('the similar-case index, built at start-up', () => {
  test('reads every case of the window a page at a time, ties on the registration time included', async () => {
    // Many of the cases share one registration instant (the fixture registers them together).
    const [row] = (
      (await t.database.db.execute(
        sql`select count(*)::int as n, count(distinct registered_at)::int as d from cases
            where registered_at >= ${new Date(t.deps.now().getTime() - 180 * 86_400_000).toISOString()}::timestamptz`,
      )) as unknown as { rows: { n: number; d: number }[] }
    ).rows;
    assert.ok(row!.n > row!.d + 7, 'pages end inside a run of equal times');
    const insight = new Insight({ db: t.deps.db, now: t.deps.now }, 7);
    assert.equal(await insight.warm(), row!.n);
    // Warm means no further reading: a query finds the fixture's sewage case at once.
    const found = await insight.findSimilar(actorFor('town_a1', CODES.A1), {
      text: '石桥村村民反映：污水处理厂尾水排入的沟渠堵塞，污水漫到田里。',
      regionCode: CODES.A1v,
    });
    assert.ok(found.items.some((i) => i.id === world.cases.A1));
  });
});
