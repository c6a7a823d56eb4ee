import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays, defaultDeadlineLimit, shanghaiDate, workingDayDeadline } from '@lianluo/domain';
import { desc, eq } from 'drizzle-orm';
import { loadConfig } from '../../config.ts';
import { auditLog, cases } from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, USERS, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { registerCase } from '../cases/registration.ts';
import { timerEffect } from '../cases/timer-effects.ts';
import { runTimersOnce } from '../cases/timers.ts';
import { type TransitionInput, transitionCase } from '../cases/transitions/index.ts';

/**
 * Workflow settings per county: deadline limits by level × urgency and the rating wait, set by an
 * administrator of the county, read by everyone who works its cases, and taken by new referrals
 * and feedback only (what is already running keeps its dates).
 */
let t: TestApp;
let world: World;
const c: Record<string, ReturnType<typeof as>> = {};
const system = { id: null, name: '测试' };

after(() => t?.close());
before(async () => {
  t = await startTestApp(new Date('2026-06-15T02:00:00Z'));
  world = await buildWorld(t.deps);
  for (const u of USERS) c[u.username] = as(t.app, await loginAs(t.app, u.username, PASSWORD));
});

const step = (id: string, action: Parameters<typeof transitionCase>[3], input: TransitionInput = {}) =>
  transitionCase(t.deps, t.database.db, id, action, input, system, t.clock.now());

/** A fresh town-level, normal case in town A1, triaged and ready to refer. */
async function triaged(title = '沟渠堵塞') {
  const row = await registerCase(
    t.deps,
    t.database.db,
    {
      regionCode: CODES.A1v,
      stationId: world.stations.A1,
      channel: 'reception',
      title,
      content: '污水处理厂旁沟渠堵塞，污水横流。',
      level: 'town',
      urgency: 'normal',
    },
    system,
    t.clock.now(),
  );
  await step(row.id, 'triage', { categoryKey: 'environment' });
  return row.id;
}

async function caseRow(id: string) {
  const [row] = await t.database.db.select().from(cases).where(eq(cases.id, id));
  return row!;
}

async function lastAudit(event: string) {
  const [row] = await t.database.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.event, event))
    .orderBy(desc(auditLog.id))
    .limit(1);
  return row;
}

const limitUrl = '/api/settings/deadline-limits';

describe('deadline limits', () => {
  test('with no row every level × urgency shows the default', async () => {
    const res = await c.county_a!({ method: 'GET', url: limitUrl });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.settingsRegion, CODES.A);
    assert.equal(body.items.length, 6);
    for (const it of body.items) {
      assert.equal(it.source, null);
      assert.deepEqual(
        { a: it.acceptWorkingDays, r: it.replyWorkingDays, w: it.warnWorkingDays },
        {
          a: it.default.acceptWorkingDays,
          r: it.default.replyWorkingDays,
          w: it.default.warnWorkingDays,
        },
      );
      assert.deepEqual(it.default, defaultDeadlineLimit(it.level, it.urgency));
    }
  });

  test('a county row overrides the default for new referrals; running deadlines are unchanged', async () => {
    const before = await triaged('设定前交办');
    await step(before, 'refer', { leadDepartmentId: world.departments.A });
    const beforeRow = await caseRow(before);

    const set = await c.admin!({
      method: 'PUT',
      url: `${limitUrl}/town/normal`,
      payload: { acceptWorkingDays: 1, replyWorkingDays: 5, warnWorkingDays: 1 },
    });
    assert.equal(set.statusCode, 200, set.body);
    assert.equal(set.json().source, CODES.A);
    const audit = await lastAudit('deadline_limit_set');
    assert.equal(audit?.objectId, `${CODES.A}/town/normal`);
    assert.ok(audit?.actorName);
    assert.deepEqual((audit!.detail as { after: unknown }).after, {
      acceptWorkingDays: 1,
      replyWorkingDays: 5,
      warnWorkingDays: 1,
    });

    // A town officer of A1 sees the county's limit in force, and where it comes from.
    const seen = (await c.town_a1!({ method: 'GET', url: limitUrl })).json();
    const townNormal = seen.items.find(
      (i: { level: string; urgency: string }) => i.level === 'town' && i.urgency === 'normal',
    );
    assert.equal(townNormal.replyWorkingDays, 5);
    assert.equal(townNormal.source, CODES.A);

    const now = t.clock.now();
    const fresh = await triaged('设定后交办');
    await step(fresh, 'refer', { leadDepartmentId: world.departments.A });
    const cal = await t.deps.calendar();
    const row = await caseRow(fresh);
    assert.equal(row.acceptDueAt?.toISOString(), workingDayDeadline(cal, now, 1).toISOString());
    assert.equal(row.replyDueAt?.toISOString(), workingDayDeadline(cal, now, 5).toISOString());
    // Referred before: still 2 and 15 working days.
    const unchanged = await caseRow(before);
    assert.equal(unchanged.replyDueAt?.toISOString(), beforeRow.replyDueAt?.toISOString());
    assert.equal(unchanged.replyDueAt?.toISOString(), workingDayDeadline(cal, now, 15).toISOString());
  });

  test('another county keeps the default', async () => {
    const res = (await c.county_b!({ method: 'GET', url: limitUrl })).json();
    const townNormal = res.items.find(
      (i: { level: string; urgency: string }) => i.level === 'town' && i.urgency === 'normal',
    );
    assert.equal(townNormal.source, null);
    assert.equal(townNormal.replyWorkingDays, 15);
  });

  test('an administrator writing outside the county gets 404, audited; a town code is 400', async () => {
    const deniedBefore = (await lastAudit('scope_denied'))?.id ?? 0;
    const res = await c.admin!({
      method: 'PUT',
      url: `${limitUrl}/town/normal`,
      payload: { region: CODES.B, acceptWorkingDays: 1, replyWorkingDays: 5, warnWorkingDays: 1 },
    });
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /problem\+json/);
    const denied = await lastAudit('scope_denied');
    assert.ok(denied && denied.id > deniedBefore);
    assert.equal(denied.objectId, CODES.B);
    assert.equal((await c.admin!({ method: 'GET', url: `${limitUrl}?region=${CODES.B}` })).statusCode, 404);
    assert.equal(
      (await c.admin!({ method: 'DELETE', url: `${limitUrl}/town/normal?region=${CODES.B}` })).statusCode,
      404,
    );
    const town = await c.admin!({
      method: 'PUT',
      url: `${limitUrl}/town/normal`,
      payload: { region: CODES.A1, acceptWorkingDays: 1, replyWorkingDays: 5, warnWorkingDays: 1 },
    });
    assert.equal(town.statusCode, 400);
  });

  test('only an administrator may set limits (403, audited)', async () => {
    const res = await c.county_a!({
      method: 'PUT',
      url: `${limitUrl}/town/normal`,
      payload: { acceptWorkingDays: 1, replyWorkingDays: 5, warnWorkingDays: 1 },
    });
    assert.equal(res.statusCode, 403);
    assert.equal((await lastAudit('permission_denied'))?.actorRole, 'county_office');
  });

  test('bad limits are refused with problem+json and change nothing', async () => {
    const bad = [
      { acceptWorkingDays: 5, replyWorkingDays: 4, warnWorkingDays: 1 },
      { acceptWorkingDays: 1, replyWorkingDays: 4, warnWorkingDays: 4 },
      { acceptWorkingDays: 0, replyWorkingDays: 4, warnWorkingDays: 1 },
      { acceptWorkingDays: 1, replyWorkingDays: 4 },
      { acceptWorkingDays: 1, replyWorkingDays: 4, warnWorkingDays: 1, extra: 1 },
    ];
    for (const payload of bad) {
      const res = await c.admin!({ method: 'PUT', url: `${limitUrl}/county/urgent`, payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.match(String(res.headers['content-type']), /problem\+json/);
    }
    const wrongKey = await c.admin!({
      method: 'PUT',
      url: `${limitUrl}/province/normal`,
      payload: { acceptWorkingDays: 1, replyWorkingDays: 5, warnWorkingDays: 1 },
    });
    assert.equal(wrongKey.statusCode, 400);
    const list = (await c.admin!({ method: 'GET', url: limitUrl })).json();
    const countyUrgent = list.items.find(
      (i: { level: string; urgency: string }) => i.level === 'county' && i.urgency === 'urgent',
    );
    assert.equal(countyUrgent.source, null);
  });

  test('deleting the row restores the default; deleting again is 404', async () => {
    const del = await c.admin!({ method: 'DELETE', url: `${limitUrl}/town/normal` });
    assert.equal(del.statusCode, 200, del.body);
    assert.equal(del.json().source, null);
    assert.equal(del.json().replyWorkingDays, 15);
    assert.ok(await lastAudit('deadline_limit_deleted'));
    assert.equal((await c.admin!({ method: 'DELETE', url: `${limitUrl}/town/normal` })).statusCode, 404);
  });
});

describe('rating settings', () => {
  const url = '/api/settings/workflow';

  test('show the deployment defaults until a county sets its own', async () => {
    const res = await c.town_a1!({ method: 'GET', url });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.ratingWaitDays, t.deps.settings.ratingWaitDays);
    assert.equal(body.ratingTimeoutCountsAs, 'satisfied');
    assert.deepEqual(body.sources, { ratingWaitDays: null, ratingTimeoutCountsAs: null });
    assert.equal(body.maxAttachmentBytes, t.deps.settings.maxAttachmentBytes);
  });

  test('a county’s wait and outcome are what its feedback and timers use', async () => {
    const res = await c.admin!({
      method: 'PUT',
      url,
      payload: { ratingWaitDays: 3, ratingTimeoutCountsAs: 'basically_satisfied' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().ratingWaitDays, 3);
    assert.deepEqual(res.json().sources, { ratingWaitDays: CODES.A, ratingTimeoutCountsAs: CODES.A });
    assert.ok(await lastAudit('workflow_settings_set'));

    const id = await triaged('设定评价等待后');
    await step(id, 'refer', { leadDepartmentId: world.departments.A });
    await step(id, 'accept');
    await step(id, 'reply', { reply: { kind: 'resolved', content: '已疏通沟渠', measures: '清淤' } });
    await step(id, 'feed_back', { feedback: { channel: 'phone', content: '已告知' } });
    const row = await caseRow(id);
    const lastDay = addDays(shanghaiDate(t.clock.now()), 3);
    assert.equal(row.ratingDueAt?.toISOString(), new Date(`${lastDay}T23:59:59.999+08:00`).toISOString());

    const saved = t.clock.current;
    t.clock.current = new Date(row.ratingDueAt!.getTime() + 60_000);
    await runTimersOnce(t.deps, 'settings-test', timerEffect(t.deps));
    // Back to the morning, so the signed-in sessions of the other tests stay fresh.
    t.clock.current = saved;
    const after = await caseRow(id);
    assert.equal(after.status, 'closed');
    assert.equal(after.lastSatisfaction, 'basically_satisfied');
  });

  test('a value left out follows the default again; outside the county is 404', async () => {
    const res = await c.admin!({ method: 'PUT', url, payload: {} });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().own, { ratingWaitDays: null, ratingTimeoutCountsAs: null });
    assert.equal(res.json().ratingWaitDays, t.deps.settings.ratingWaitDays);
    const outside = await c.admin!({
      method: 'PUT',
      url,
      payload: { region: CODES.B, ratingWaitDays: 3 },
    });
    assert.equal(outside.statusCode, 404);
    const bad = await c.admin!({
      method: 'PUT',
      url,
      payload: { ratingWaitDays: 0 },
    });
    assert.equal(bad.statusCode, 400);
    const badOutcome = await c.admin!({
      method: 'PUT',
      url,
      payload: { ratingWaitDays: 5, ratingTimeoutCountsAs: 'dissatisfied' },
    });
    assert.equal(badOutcome.statusCode, 400);
    const forbidden = await c.county_a!({
      method: 'PUT',
      url,
      payload: { ratingWaitDays: 5 },
    });
    assert.equal(forbidden.statusCode, 403);
    const nulled = await c.admin!({ method: 'PUT', url, payload: { ratingWaitDays: null } });
    assert.equal(nulled.statusCode, 400);
  });
});

describe('attachment size (per deployment)', () => {
  test('LIANLUO_MAX_ATTACHMENT_BYTES sets the limit; a bad value stops the start', () => {
    assert.equal(
      loadConfig({ LIANLUO_MAX_ATTACHMENT_BYTES: '1048576' }).settings.maxAttachmentBytes,
      1048576,
    );
    assert.equal(loadConfig({}).settings.maxAttachmentBytes, 20 * 1024 * 1024);
    assert.throws(() => loadConfig({ LIANLUO_MAX_ATTACHMENT_BYTES: 'big' }));
    assert.equal(loadConfig({ LIANLUO_RATING_WAIT_DAYS: '10' }).settings.ratingWaitDays, 10);
    assert.throws(() => loadConfig({ LIANLUO_RATING_TIMEOUT_COUNTS_AS: 'dissatisfied' }));
  });

  test('an upload above the configured size is 413 and stores nothing', async () => {
    const saved = t.deps.settings.maxAttachmentBytes;
    t.deps.settings.maxAttachmentBytes = 4096;
    try {
      const boundary = '----lianluo-test';
      const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(8000, 1)]);
      const payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
        ),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await c.station_a1!({
        method: 'POST',
        url: `/api/cases/${world.cases.A1}/attachments`,
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
      assert.equal(res.statusCode, 413, res.body);
      const list = await c.station_a1!({ method: 'GET', url: `/api/cases/${world.cases.A1}/attachments` });
      assert.ok(!list.json().items.some((a: { fileName: string }) => a.fileName.startsWith('big')));
    } finally {
      t.deps.settings.maxAttachmentBytes = saved;
    }
  });
});
