import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { desc, eq, sql } from 'drizzle-orm';
import { type App, buildApp } from '../../app.ts';
import type { Database } from '../../db/client.ts';
import { auditLog, calendarDays } from '../../db/schema/index.ts';
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
    years: { year: number; holidays: number; workdays: number }[];
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
        ['2027年节假日安排尚未录入，跨年工作日期限将无法计算，请管理员尽快录入'],
        who,
      );
    }
  });

  test('a referral whose deadline runs into 2027 is refused until 2027 is loaded; then the warning goes', async () => {
    await at('2026-12-21T02:00:00Z'); // Monday 10:00 in Shanghai
    const id = await triagedCase();
    const refused = await refer(id);
    assert.equal(refused.statusCode, 503, refused.body);
    assert.match(refused.json().type, /calendar-missing/);

    const added = await c.admin!({
      method: 'POST',
      url: '/api/calendar',
      payload: { days: [NEW_YEAR_2027] },
    });
    assert.equal(added.statusCode, 200, added.body);
    assert.deepEqual(added.json(), { added: 1 });
    const s = await status();
    assert.deepEqual(s.warnings, []);
    assert.deepEqual(s.years.at(-1), { year: 2027, holidays: 1, workdays: 0 });

    // The process's calendar was reloaded: 15 working days from 21 December skip 1 January.
    const ok = await refer(id);
    assert.equal(ok.statusCode, 200, ok.body);
    const detail = await c.town_a1!({ method: 'GET', url: `/api/cases/${id}` });
    assert.equal(detail.json().replyDueAt, '2027-01-12T15:59:59.999Z');

    const [audit] = await auditOf('calendar_days_added');
    assert.equal(audit!.actorName, 'admin');
    assert.equal(audit!.objectId, '2027');
    assert.deepEqual((audit!.detail as { days: unknown }).days, [NEW_YEAR_2027]);
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
