import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { hotspotRollups } from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { registerCase } from '../cases/registration.ts';
import {
  FORGET_AFTER_MS,
  forgetUnreadRollups,
  KEEP_REFRESHING_MS,
  queueStandardRollups,
  ROLLUP_TTL_MS,
  refreshDueRollups,
  standardPeriods,
} from './hotspot-rollups.ts';
import { hotspotsRunOffThread } from './hotspots-thread.ts';

/**
 * Hotspots are read from rollup rows: the first request for a region and period computes and
 * stores it, later requests read the row ("as of" stays put), the job refreshes stale rows and
 * queues the standard periods of every county and town, and a finished period is final.
 */
let t: TestApp;
let county: ReturnType<typeof as>;

/** The same quarry reported by different villagers: the wording differs, the matter does not. */
const DUST = [
  '石桥村旁边的石料厂粉尘污染严重，房顶和菜地全是灰，群众要求治理',
  '石料厂粉尘污染严重，石桥村老人小孩咳嗽，希望环保部门查处石料厂',
  '石桥村石料厂运输车辆扬尘和粉尘污染严重，路边住户门窗不敢开',
  '石料厂夜间生产粉尘污染严重，石桥村村民多次反映无果',
  '石料厂粉尘污染石桥村农田，庄稼叶子上全是灰，要求石料厂整改',
  '石桥村石料厂没有防尘设施，粉尘污染严重，飘到村小学',
  '石料厂粉尘污染严重影响石桥村村民生活，请求查处',
];

async function register(text: string, region: string, at: Date) {
  return registerCase(
    t.deps,
    t.database.db,
    { regionCode: region, channel: 'phone', title: text.slice(0, 14), content: text },
    { id: null, name: '测试' },
    at,
  );
}

before(async () => {
  // 2026-06-15 10:00 Shanghai.
  t = await startTestApp();
  await buildWorld(t.deps);
  const now = t.clock.now().getTime();
  // Background: ordinary opinions spread over half a year.
  const other = ['村道路面坑洼积水出行不便', '卫生室药品少配药难', '学校门口缺少斑马线', '低保评定不公开'];
  for (let i = 0; i < 24; i++) {
    await register(
      `${other[i % other.length]}（第${i}次）`,
      CODES.A1v,
      new Date(now - (20 + i * 7) * 86_400_000),
    );
  }
  // A new topic surging in the last ten days in town A1.
  for (const [i, text] of DUST.entries()) {
    await register(text, CODES.A1v, new Date(now - (10 - i) * 86_400_000));
  }
  county = as(t.app, await loginAs(t.app, 'county_a', PASSWORD));
});
after(() => t?.close());

const rollupRow = async (scope: string, from: string, to: string) => {
  const [row] = await t.database.db
    .select()
    .from(hotspotRollups)
    .where(
      and(
        eq(hotspotRollups.scope, scope),
        eq(hotspotRollups.periodFrom, from),
        eq(hotspotRollups.periodTo, to),
      ),
    );
  return row;
};

describe('hotspot rollups', () => {
  test('the first request computes and stores the rollup; the next one reads it', async () => {
    const url = '/api/analytics/hotspots?from=2026-05-17&to=2026-06-15';
    const first = await county({ method: 'GET', url });
    assert.equal(first.statusCode, 200, first.body);
    const a = first.json();
    assert.equal(a.asOf, t.clock.now().toISOString());
    const dust = a.items.find((h: { keyTerms: string[] }) => h.keyTerms.some((k) => k.includes('石料')));
    assert.ok(dust, `a dust topic among ${a.items.map((h: { label: string }) => h.label).join(' / ')}`);
    assert.equal(dust.count, DUST.length);
    assert.equal(dust.warning, true, 'a new topic of seven cases in ten days is a warning');

    assert.ok(hotspotsRunOffThread(), 'the clustering ran in the worker thread, not on the event loop');
    const row = await rollupRow('439901', '2026-05-17', '2026-06-15');
    assert.ok(row?.computedAt, 'stored');
    assert.ok(row.caseCount >= DUST.length, `${row.caseCount} cases in the period`);
    assert.equal(row.refreshAfter?.getTime(), t.clock.now().getTime() + ROLLUP_TTL_MS);

    // A new case and a later request: the stored figures are served, with their time.
    t.clock.advance(60_000);
    await register('石桥村石料厂粉尘污染严重，晾的衣服全脏了', CODES.A1v, t.clock.now());
    const second = (await county({ method: 'GET', url })).json();
    assert.equal(second.asOf, a.asOf);
    assert.equal(
      second.items.find((h: { label: string }) => h.label === dust.label)?.count,
      DUST.length,
      'read from the row, not recomputed',
    );

    // Not stale yet: the job leaves it alone.
    assert.equal(await refreshDueRollups(t.database.db, 'w1', t.deps.now), 0);
    // Stale: the job recomputes it, and the reader sees the new case and the new time.
    t.clock.advance(ROLLUP_TTL_MS);
    assert.equal(await refreshDueRollups(t.database.db, 'w1', t.deps.now), 1);
    const third = (await county({ method: 'GET', url })).json();
    assert.equal(third.asOf, t.clock.now().toISOString());
    assert.equal(
      third.items.find((h: { keyTerms: string[] }) => h.keyTerms.some((k) => k.includes('石料')))?.count,
      DUST.length + 1,
    );
  });

  test('a town office reads its own town rollup, never the county one', async () => {
    const town = as(t.app, await loginAs(t.app, 'town_a2', PASSWORD));
    const res = await town({ method: 'GET', url: '/api/analytics/hotspots?from=2026-05-17&to=2026-06-15' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().items.length, 0, 'town A2 has no cases');
    assert.ok(await rollupRow('439901002', '2026-05-17', '2026-06-15'));
  });

  test('a period that had ended when computed is final', async () => {
    const res = await county({ method: 'GET', url: '/api/analytics/hotspots?from=2026-05-01&to=2026-05-31' });
    assert.equal(res.statusCode, 200);
    const row = await rollupRow('439901', '2026-05-01', '2026-05-31');
    assert.ok(row?.computedAt);
    assert.equal(row.refreshAfter, null);
  });

  test('the job queues this month and the last 30 days of every county and town, and fills them once', async () => {
    const now = t.clock.now();
    const queued = await queueStandardRollups(t.database.db, now);
    // County A and town A1 have recent cases: two periods each (the county's 30 days may exist).
    assert.ok(queued >= 3, `${queued} queued`);
    assert.equal(await queueStandardRollups(t.database.db, now), 0, 'queued once');
    const [month, last30] = standardPeriods(now);
    assert.equal(month!.from, '2026-06-01');
    const queuedRow = await rollupRow('439901001', month!.from, month!.to);
    assert.equal(queuedRow?.computedAt, null, 'queued without figures');
    // Two workers: every due row is computed by exactly one of them.
    const [x, y] = await Promise.all([
      refreshDueRollups(t.database.db, 'wa', t.deps.now, { batch: 10 }),
      refreshDueRollups(t.database.db, 'wb', t.deps.now, { batch: 10 }),
    ]);
    assert.equal(x + y, queued);
    assert.equal(await refreshDueRollups(t.database.db, 'wa', t.deps.now, { batch: 10 }), 0);
    const filled = await rollupRow('439901001', last30!.from, last30!.to);
    assert.ok(filled?.computedAt);
    assert.ok((filled.items as { warning: boolean }[]).some((h) => h.warning));
  });

  test('rows nobody reads any more are not refreshed, and after a month are forgotten', async () => {
    t.clock.advance(KEEP_REFRESHING_MS + ROLLUP_TTL_MS);
    assert.equal(await refreshDueRollups(t.database.db, 'w1', t.deps.now, { batch: 50 }), 0);
    const before = (await t.database.db.select().from(hotspotRollups)).length;
    assert.ok(before > 0);
    assert.equal(await forgetUnreadRollups(t.database.db, t.clock.now()), 0, 'not yet a month');
    t.clock.advance(FORGET_AFTER_MS);
    assert.equal(await forgetUnreadRollups(t.database.db, t.clock.now()), before);
  });
});
