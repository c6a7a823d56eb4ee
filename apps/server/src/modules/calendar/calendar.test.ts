import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { statutoryHolidays } from '@lianluo/domain';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { type App, buildApp } from '../../app.ts';
import type { Database } from '../../db/client.ts';
import { auditLog, calendarDays, caseTimers } from '../../db/schema/index.ts';
import { calendarCache } from '../../runtime.ts';
import { buildWorld, CODES, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, freshDatabase, loginAs, TestClock, testDeps } from '../../test/harness.ts';

/**
 * The holiday calendar as the console manages it: the warning when next year's notice is missing,
 * loading and deleting days (audited, and the in-process calendar reloaded), and bad input.
 *
 * The app runs on the runtime's calendar cache rather than the harness's fixed calendar, so a
 * write here really changes the deadlines a referral gets.
 */
let app: App;
let database: Database;
let world: World;
let deps: Awaited<ReturnType<typeof calendarCache>>;
const clock = new TestClock(new Date('2026-10-20T02:00:00Z'));
const c: Record<string, ReturnType<typeof as>> = {};

/** 元旦 is a statutory day off by law every year; the rest of 2027 awaits the State Council notice. */
const NEW_YEAR_2027 = { date: '2027-01-01', kind: 'holiday', name: '元旦' } as const;

after(async () => {
  await app?.close();
  await database?.close();
});
before(async () => {
  database = await freshDatabase();
  deps = await calendarCache(database.db);
  const base = { ...testDeps(database, clock), ...deps };
  app = await buildApp({ database, deps: base });
  world = await buildWorld(base);
});

/** Moves the clock and signs everyone in again (a session does not outlive a jump of weeks). */
async function at(iso: string) {
  clock.current = new Date(iso);
  for (const u of ['admin', 'county_a', 'town_a1', 'station_a1', 'dept_a']) {
    c[u] = as(app, await loginAs(app, u, PASSWORD));
  }
}

async function status(who = 'admin') {
  const res = await c[who]!({ method: 'GET', url: '/api/calendar/status' });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as {
    today: string;
    years: { year: number; holidays: number; workdays: number; complete: boolean; missing: string[] }[];
    warnings: { year: number; reason: string; message: string }[];
  };
}

async function auditOf(event: string) {
  return database.db.select().from(auditLog).where(eq(auditLog.event, event)).orderBy(desc(auditLog.id));
}

async function snapshot() {
  const [days] = await database.db
    .select({
      n: sql<number>`count(*)::int`,
      h: sql<string>`string_agg(date || kind || name, ',' order by date)`,
    })
    .from(calendarDays);
  const [audit] = await database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
  return { days, audit: audit!.n };
}

/** A new case in village A1v, triaged and ready to refer. */
async function triagedCase(): Promise<string> {
  const created = await c.station_a1!({
    method: 'POST',
    url: '/api/cases',
    payload: {
      regionCode: CODES.A1v,
      channel: 'phone',
      title: '沟渠堵塞',
      content: '村口沟渠堵塞，污水漫到路面',
      personName: '王五',
      personPhone: '13800138000',
    },
  });
  assert.equal(created.statusCode, 200, created.body);
  const id = created.json().id as string;
  const triaged = await c.town_a1!({
    method: 'POST',
    url: `/api/cases/${id}/triage`,
    payload: { categoryKey: 'environment' },
  });
  assert.equal(triaged.statusCode, 200, triaged.body);
  return id;
}

const refer = (id: string) =>
  c.town_a1!({
    method: 'POST',
    url: `/api/cases/${id}/refer`,
    payload: { leadDepartmentId: world.departments.A },
  });

describe('the calendar status', () => {
  test('before 1 November: the shipped years with their counts, and no warning', async () => {
    await at('2026-10-31T15:59:00Z'); // 23:59 on 31 October in Shanghai
    const s = await status();
    assert.equal(s.today, '2026-10-31');
    assert.deepEqual(
      s.years.map((y) => y.year),
      [2024, 2025, 2026],
    );
    // 2026 notice: 元旦 3, 春节 9, 清明 3, 劳动节 5, 端午 3, 中秋+国庆 8 … as shipped; 调休 days too.
    for (const y of s.years) assert.ok(y.holidays >= 11 && y.workdays >= 4, JSON.stringify(y));
    assert.deepEqual(s.warnings, []);
  });

  test('from 1 November (Shanghai) with 2027 missing: a warning every staff role sees', async () => {
    await at('2026-10-31T16:00:00Z'); // 00:00 on 1 November in Shanghai
    assert.deepEqual(
      (await status()).warnings.map((w) => [w.year, w.reason]),
      [[2027, 'next_year']],
    );
    await at('2026-11-25T02:00:00Z');
    for (const who of ['admin', 'county_a', 'town_a1', 'dept_a']) {
      const s = await status(who);
      assert.equal(s.today, '2026-11-25');
      assert.deepEqual(
        s.warnings.map((w) => w.message),
        [
          '2027年节假日安排尚未录入完整，跨年的工作日期限暂按法定节假日推算，录入后自动重算，请管理员尽快录入',
        ],
        who,
      );
    }
  });

  test('a referral whose deadline runs into 2027 gets provisional deadlines, counted again once 2027 is entered in full', async () => {
    await at('2026-12-21T02:00:00Z'); // Monday 10:00 in Shanghai
    const id = await triagedCase();
    const referred = await refer(id);
    assert.equal(referred.statusCode, 200, referred.body);
    // 15 working days from 21 December on the law's days: 元旦 (1 January) does not count.
    const detail = async () => (await c.town_a1!({ method: 'GET', url: `/api/cases/${id}` })).json();
    let d = await detail();
    assert.equal(d.acceptDueAt, '2026-12-23T15:59:59.999Z');
    assert.equal(d.replyDueAt, '2027-01-12T15:59:59.999Z');
    assert.equal(d.deadlineProvisional, true);

    // 元旦 alone is not the notice: 2027 stays incomplete, the warning stays, nothing moves.
    const first = await c.admin!({
      method: 'POST',
      url: '/api/calendar',
      payload: { days: [NEW_YEAR_2027] },
    });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { added: 1 });
    let s = await status();
    const y2027 = s.years.at(-1)!;
    assert.deepEqual([y2027.year, y2027.holidays, y2027.complete], [2027, 1, false]);
    assert.ok(y2027.missing.includes('2027-02-06'), y2027.missing.join()); // 春节 (正月初一)
    assert.deepEqual(
      s.warnings.map((w) => w.year),
      [2027],
    );
    d = await detail();
    assert.equal(d.replyDueAt, '2027-01-12T15:59:59.999Z');
    assert.equal(d.deadlineProvisional, true);

    // The rest: every statutory day, and — a test's own arrangement, not the State Council's —
    // 4 January off as a 调休 day. The deadline moves a day, is no longer provisional, and the
    // timeline says so; the reply clock moves with it.
    const rest = [
      ...statutoryHolidays(2027).filter((h) => h.date !== NEW_YEAR_2027.date),
      { date: '2027-01-04', kind: 'holiday', name: '元旦' } as const,
    ];
    const added = await c.admin!({ method: 'POST', url: '/api/calendar', payload: { days: rest } });
    assert.equal(added.statusCode, 200, added.body);
    s = await status();
    assert.deepEqual(s.warnings, []);
    assert.equal(s.years.at(-1)!.complete, true);
    d = await detail();
    assert.equal(d.acceptDueAt, '2026-12-23T15:59:59.999Z');
    assert.equal(d.replyDueAt, '2027-01-13T15:59:59.999Z');
    assert.equal(d.deadlineProvisional, false);
    const note = d.events.at(-1);
    assert.equal(note.action, 'deadlines_recomputed');
    assert.match(note.note, /答复 2027-01-12 → 2027-01-13/);
    const clocks = await database.db
      .select({ kind: caseTimers.kind, fireAt: caseTimers.fireAt })
      .from(caseTimers)
      .where(and(eq(caseTimers.caseId, id), isNull(caseTimers.firedAt)))
      .orderBy(caseTimers.fireAt);
    assert.deepEqual(
      clocks.map((t) => [t.kind, t.fireAt.toISOString()]),
      [
        ['accept_warn', '2026-12-22T15:59:59.999Z'],
        ['accept_due', '2026-12-23T15:59:59.999Z'],
        ['reply_warn', '2027-01-08T15:59:59.999Z'],
        ['reply_due', '2027-01-13T15:59:59.999Z'],
      ],
    );

    const [audit] = await auditOf('calendar_days_added');
    assert.equal(audit!.actorName, 'admin');
    assert.equal(audit!.objectId, '2027');
  });
});

describe('deleting a day entered by mistake', () => {
  test('only with calendar.manage: a county officer gets 403, audited, and nothing changes', async () => {
    const before = await snapshot();
    const denied = (await auditOf('permission_denied')).length;
    const res = await c.county_a!({ method: 'DELETE', url: '/api/calendar/2027-01-01' });
    assert.equal(res.statusCode, 403);
    const post = await c.county_a!({
      method: 'POST',
      url: '/api/calendar',
      payload: { days: [NEW_YEAR_2027] },
    });
    assert.equal(post.statusCode, 403);
    assert.equal((await auditOf('permission_denied')).length, denied + 2);
    assert.deepEqual((await snapshot()).days, before.days);
  });

  test('the administrator deletes it: audited with what it was, the calendar reloaded, the warning back', async () => {
    const res = await c.admin!({ method: 'DELETE', url: '/api/calendar/2027-01-01' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), NEW_YEAR_2027);
    const [audit] = await auditOf('calendar_day_deleted');
    assert.equal(audit!.objectId, '2027-01-01');
    assert.equal(audit!.actorRole, 'admin');
    assert.deepEqual(audit!.detail, NEW_YEAR_2027);
    assert.equal((await deps.calendar()).coversYear(2027), false);
    assert.deepEqual(
      (await status()).warnings.map((w) => w.year),
      [2027],
    );
    const again = await c.admin!({ method: 'DELETE', url: '/api/calendar/2027-01-01' });
    assert.equal(again.statusCode, 404);
    assert.match(String(again.headers['content-type']), /problem\+json/);
  });
});

describe('bad input is a problem+json and changes nothing', () => {
  const cases: [string, unknown][] = [
    ['a day that does not exist', [{ date: '2027-02-30', kind: 'holiday', name: '春节' }]],
    [
      'one day both a holiday and a workday',
      [
        { date: '2027-01-02', kind: 'holiday', name: '元旦' },
        { date: '2027-01-02', kind: 'workday', name: '元旦' },
      ],
    ],
    ['a year after next year', [{ date: '2028-01-01', kind: 'holiday', name: '元旦' }]],
    ['a year before 2000', [{ date: '1999-10-01', kind: 'holiday', name: '国庆节' }]],
    ['a 调休 working day on a weekday', [{ date: '2027-01-04', kind: 'workday', name: '元旦' }]],
    ['an unknown kind', [{ date: '2027-01-01', kind: 'rest', name: '元旦' }]],
    ['a blank name', [{ date: '2027-01-01', kind: 'holiday', name: '   ' }]],
    ['not a date at all', [{ date: '2027-1-1', kind: 'holiday', name: '元旦' }]],
    ['no days', []],
  ];
  for (const [what, days] of cases) {
    test(`adding ${what}`, async () => {
      const before = await snapshot();
      const res = await c.admin!({ method: 'POST', url: '/api/calendar', payload: { days } });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(String(res.headers['content-type']), /problem\+json/);
      assert.deepEqual(await snapshot(), before);
    });
  }

  test('a good line next to a bad one: neither is stored', async () => {
    const before = await snapshot();
    const res = await c.admin!({
      method: 'POST',
      url: '/api/calendar',
      payload: { days: [NEW_YEAR_2027, { date: '2027-02-29', kind: 'holiday', name: '春节' }] },
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().detail, /2027-02-29/);
    assert.deepEqual(await snapshot(), before);
  });

  for (const date of ['2027-02-30', 'yesterday', '1999-10-01', '2028-01-01']) {
    test(`deleting ${date}`, async () => {
      const before = await snapshot();
      const res = await c.admin!({ method: 'DELETE', url: `/api/calendar/${date}` });
      assert.equal(res.statusCode, 400, res.body);
      assert.match(String(res.headers['content-type']), /problem\+json/);
      assert.deepEqual(await snapshot(), before);
    });
  }
});
