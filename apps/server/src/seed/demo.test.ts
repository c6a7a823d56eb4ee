import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CASE_STATUSES } from '@lianluo/domain';
import { eq, sql } from 'drizzle-orm';
import {
  caseEvents,
  cases,
  caseTimers,
  departments,
  deputies,
  notifications,
  receptions,
  regions,
  stations,
} from '../db/schema/index.ts';
import { attendance } from '../modules/dashboard/dashboard.service.ts';
import { attendanceReport, requiredShifts } from '../modules/rota/attendance.service.ts';
import { as, loginAs, startTestApp, type TestApp } from '../test/harness.ts';
import { DEMO_PASSWORD, demoAccounts, seedDemo } from './demo.ts';

/** The demo county is generated through the real services; these are the numbers the README promises. */
let t: TestApp;
after(() => t?.close());
before(async () => {
  t = await startTestApp(new Date('2026-11-20T03:00:00Z'));
  await seedDemo(t.deps);
});

const count = async (
  table: Parameters<ReturnType<TestApp['database']['db']['select']>['from']>[0],
  where?: ReturnType<typeof eq>,
) => {
  const [row] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table).where(where);
  return row!.n;
};

describe('the demo county', () => {
  test('has 19 towns, 63 villages, 87 stations of four kinds, 436 deputies and ~30 departments', async () => {
    assert.equal(await count(regions, eq(regions.level, 'town')), 19);
    assert.equal(await count(regions, eq(regions.level, 'village')), 63);
    assert.equal(await count(stations), 87);
    assert.equal(await count(stations, eq(stations.kind, 'general')), 1);
    assert.equal(await count(stations, eq(stations.kind, 'town')), 19);
    assert.equal(await count(stations, eq(stations.kind, 'village')), 63);
    assert.equal(await count(stations, eq(stations.kind, 'industry')), 4);
    assert.equal(await count(deputies, eq(deputies.level, 'county')), 109);
    assert.equal(await count(deputies, eq(deputies.level, 'town')), 327);
    const d = await count(departments);
    assert.ok(d >= 28 && d <= 35, `${d} departments`);
  });

  test('has about 800 receptions and 1,500+ cases in every lifecycle state and ten+ categories', async () => {
    const r = await count(receptions);
    assert.ok(r >= 750 && r <= 850, `${r} receptions`);
    assert.ok((await count(cases)) >= 1500);
    const states = await t.database.db
      .select({ status: cases.status, n: sql<number>`count(*)::int` })
      .from(cases)
      .groupBy(cases.status);
    for (const s of CASE_STATUSES) assert.ok(states.find((x) => x.status === s)?.n, `no case in state ${s}`);
    const [cats] = await t.database.db
      .select({ n: sql<number>`count(distinct ${cases.categoryKey})::int` })
      .from(cases);
    assert.ok(cats!.n >= 10);
  });

  test('every case state is the replay of its events', async () => {
    const mismatches = await t.database.db.execute(sql`
      select c.id from ${cases} c
      join lateral (select to_status from ${caseEvents} e where e.case_id = c.id order by seq desc limit 1) last on true
      where last.to_status <> c.status
         or c.last_seq <> (select count(*) from ${caseEvents} e where e.case_id = c.id)`);
    const rows = (mismatches as unknown as { rows: unknown[] }).rows;
    assert.equal(rows.length, 0);
  });

  test('leaves no deadline timer due and no notice queued: they fired at their own times', async () => {
    const now = t.deps.now();
    const rows = async (q: ReturnType<typeof sql>) =>
      ((await t.database.db.execute(q)) as unknown as { rows: Record<string, number>[] }).rows[0]!;
    const timers = await rows(sql`select
        count(*) filter (where fired_at is null and fire_at <= ${now})::int as due,
        count(*) filter (where outcome = 'overdue')::int as overdue,
        count(*) filter (where outcome = 'overdue' and fired_at = fire_at)::int as on_time
      from ${caseTimers}`);
    assert.equal(timers.due, 0);
    assert.ok(timers.overdue! > 0, 'overdue marks were made');
    // Each fired at its own time (later only where the case had moved on since).
    assert.ok(timers.on_time! > timers.overdue! / 2, `${timers.on_time} of ${timers.overdue} on time`);
    const queued = await rows(sql`select count(*)::int as n from ${notifications} where status = 'pending'`);
    assert.equal(queued.n, 0);
  });

  test('puts closed cases on the public boards with consent, masked, approved text only', async () => {
    const rows = (
      (await t.database.db.execute(sql`select c.consent_publish, c.public_text, c.status
        from ${cases} c where c.published_at is not null`)) as unknown as {
        rows: { consent_publish: boolean; public_text: string; status: string }[];
      }
    ).rows;
    assert.ok(rows.length >= 50, `${rows.length} published`);
    for (const r of rows) {
      assert.equal(r.consent_publish, true);
      assert.equal(r.status, 'closed');
      assert.doesNotMatch(r.public_text, /1[3-9]\d{9}/, 'no phone number');
    }
  });

  test('has overdue cases, and attendance near 57% for town and 21% for county deputies', async () => {
    const now = t.deps.now();
    const [overdue] = await t.database.db
      .execute<{ n: number }>(
        sql`select count(*)::int as n from ${cases} where status in ('assigned','accepted','reopened') and reply_due_at < ${now}`,
      )
      .then((r) => (r as unknown as { rows: { n: number }[] }).rows);
    assert.ok(overdue!.n >= 20, `${overdue!.n} overdue`);
    const rates = await attendance(t.database.db, '439901', '2025-12-01', '2026-11-20');
    const town = rates.find((r) => r.level === 'town')!;
    const county = rates.find((r) => r.level === 'county')!;
    assert.ok(Math.abs(town.rate - 0.57) < 0.07, `town ${town.rate}`);
    assert.ok(Math.abs(county.rate - 0.21) < 0.07, `county ${county.rate}`);
    // The attendance page's figure for this year, as the county reports it.
    const year = await attendanceReport(t.database.db, '439901', {
      by: 'level',
      from: '2026-01-01',
      to: '2026-12-31',
      required: requiredShifts('year'),
      today: '2026-11-20',
    });
    const y = (l: string) => year.items.find((i) => i.key === l)!.rate;
    assert.ok(Math.abs(y('town') - 0.57) < 0.08, `year town ${y('town')}`);
    assert.ok(Math.abs(y('county') - 0.21) < 0.08, `year county ${y('county')}`);
  });

  test('every demo account signs in and sees its own scope on the home page', async () => {
    const open: Record<string, number> = {};
    for (const a of demoAccounts()) {
      const cookie = await loginAs(t.app, a.username, DEMO_PASSWORD);
      const res = await as(t.app, cookie)({ method: 'GET', url: '/api/dashboard' });
      assert.equal(res.statusCode, 200, a.username);
      open[a.username] = res.json().openCases;
    }
    assert.ok(open.county! > open.town!, 'the county sees more than one town');
    assert.ok(open.town! > 0 && open.station! > 0 && open.ecology! > 0);
  });
});
