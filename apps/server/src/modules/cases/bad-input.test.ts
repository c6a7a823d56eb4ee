import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { attachments, caseEvents, cases, notifications } from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

/** SECURITY.md §4.9/4.11 and the list: each bad input is a problem+json and changes nothing. */
let t: TestApp;
let world: World;
const c: Record<string, ReturnType<typeof as>> = {};

after(() => t?.close());
before(async () => {
  t = await startTestApp();
  world = await buildWorld(t.deps);
  for (const u of ['station_a1', 'town_a1', 'dept_a']) c[u] = as(t.app, await loginAs(t.app, u, PASSWORD));
});

async function snapshot() {
  const [n] = await t.database.db.select({ cases: sql<number>`count(*)::int` }).from(cases);
  const [e] = await t.database.db.select({ events: sql<number>`count(*)::int` }).from(caseEvents);
  const [a] = await t.database.db.select({ att: sql<number>`count(*)::int` }).from(attachments);
  const [o] = await t.database.db.select({ outbox: sql<number>`count(*)::int` }).from(notifications);
  const [r] = await t.database.db
    .select({ a1: sql<string>`status || ':' || last_seq` })
    .from(cases)
    .where(eq(cases.id, world.cases.A1));
  return { ...n, ...e, ...a, ...o, ...r };
}

async function refused(
  res: { statusCode: number; headers: Record<string, unknown>; json: () => Record<string, unknown> },
  status: number,
) {
  assert.equal(res.statusCode, status, JSON.stringify(res.json()));
  assert.match(String(res.headers['content-type']), /application\/problem\+json/);
  return res.json();
}

const intake = {
  regionCode: CODES.A1v,
  channel: 'phone',
  title: '路灯不亮',
  content: '村口路灯坏了一个月',
  personName: '王五',
  personPhone: '13800138000',
};

function multipart(fileName: string, bytes: Buffer) {
  const boundary = '----lianluo-test';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('bad input changes nothing', () => {
  test('a transition out of order: 409 with the allowed next steps', async () => {
    const before = await snapshot();
    const body = await refused(
      await c.town_a1!({ method: 'POST', url: `/api/cases/${world.cases.A1}/triage`, payload: {} }),
      409,
    );
    assert.deepEqual(body.allowed, ['accept', 'return', 'withdraw']);
    assert.deepEqual(await snapshot(), before);
  });

  test('a reply without measures, or with a committed date in the past', async () => {
    const ok = await c.dept_a!({ method: 'POST', url: `/api/cases/${world.cases.A1}/accept`, payload: {} });
    assert.equal(ok.statusCode, 200, ok.body);
    const before = await snapshot();
    const url = `/api/cases/${world.cases.A1}/reply`;
    await refused(
      await c.dept_a!({ method: 'POST', url, payload: { reply: { kind: 'resolved', content: '已处理' } } }),
      400,
    );
    await refused(
      await c.dept_a!({
        method: 'POST',
        url,
        payload: { reply: { kind: 'cannot_resolve', content: '无法处理' } },
      }),
      400,
    );
    await refused(
      await c.dept_a!({
        method: 'POST',
        url,
        payload: {
          reply: { kind: 'will_resolve', content: '将处理', measures: '清淤', committedDate: '2026-01-01' },
        },
      }),
      400,
    );
    assert.deepEqual(await snapshot(), before);
  });

  test('a refusal without its reasons or policy basis, an explanation without its policy basis, a blank answer', async () => {
    // The A1 case was accepted above and is still waiting for its reply.
    const url = `/api/cases/${world.cases.A1}/reply`;
    const basis = '《城镇排水与污水处理条例》第二十条';
    const before = await snapshot();
    assert.match(before.a1!, /^accepted:/);
    const refusals: [Record<string, string>, RegExp][] = [
      [{ kind: 'cannot_resolve', content: '暂无法解决', reasons: '该沟渠属省管工程' }, /须写明政策依据/],
      [{ kind: 'cannot_resolve', content: '暂无法解决', policyBasis: basis }, /须说明原因/],
      [{ kind: 'cannot_resolve', content: '暂无法解决', reasons: ' ', policyBasis: ' ' }, /原因.*政策依据/],
      [{ kind: 'explained', content: '按现行规定，沟渠清淤由村集体负责。' }, /解释说明的答复须写明政策依据/],
      [{ kind: 'explained', content: '   ', policyBasis: basis }, /须写明答复内容/],
      [{ kind: 'resolved', content: '\n', measures: '已清淤' }, /须写明答复内容/],
    ];
    for (const [reply, why] of refusals) {
      const body = await refused(await c.dept_a!({ method: 'POST', url, payload: { reply } }), 400);
      assert.match(String(body.detail), why, JSON.stringify(reply));
      assert.ok(Array.isArray(body.problems) && body.problems.length > 0);
    }
    assert.deepEqual(await snapshot(), before);
  });

  test('a 督办 with the body the bulk action used to send ({ level }): 400, nothing changed', async () => {
    const before = await snapshot();
    const county = as(t.app, await loginAs(t.app, 'county_a', PASSWORD));
    await refused(
      await county({
        method: 'POST',
        url: `/api/cases/${world.cases.A1}/supervise`,
        payload: { level: 'key' },
      }),
      400,
    );
    assert.deepEqual(await snapshot(), before);
  });

  test('a return with no reason', async () => {
    const created = (await c.station_a1!({ method: 'POST', url: '/api/cases', payload: intake })).json();
    await c.town_a1!({
      method: 'POST',
      url: `/api/cases/${created.id}/triage`,
      payload: { categoryKey: 'environment' },
    });
    const r = await c.town_a1!({
      method: 'POST',
      url: `/api/cases/${created.id}/refer`,
      payload: { leadDepartmentId: world.departments.A },
    });
    assert.equal(r.statusCode, 200, r.body);
    const before = await snapshot();
    await refused(
      await c.dept_a!({ method: 'POST', url: `/api/cases/${created.id}/return`, payload: { reason: '  ' } }),
      400,
    );
    await refused(
      await c.dept_a!({ method: 'POST', url: `/api/cases/${created.id}/return`, payload: {} }),
      400,
    );
    assert.deepEqual(await snapshot(), before);
    // With a reason it goes back to triage, and the deadlines are cleared (counted against nobody).
    const back = (
      await c.dept_a!({
        method: 'POST',
        url: `/api/cases/${created.id}/return`,
        payload: { reason: '不属于本单位职责' },
      })
    ).json();
    assert.equal(back.status, 'triaged');
    assert.equal(back.replyDueAt, null);
  });

  test('an unknown category or department, a department outside the region', async () => {
    const before = await snapshot();
    await refused(
      await c.station_a1!({
        method: 'POST',
        url: '/api/cases',
        payload: { ...intake, categoryKey: 'no_such' },
      }),
      400,
    );
    const created = (await c.station_a1!({ method: 'POST', url: '/api/cases', payload: intake })).json();
    await c.town_a1!({ method: 'POST', url: `/api/cases/${created.id}/triage`, payload: {} });
    const mid = await snapshot();
    await refused(
      await c.town_a1!({
        method: 'POST',
        url: `/api/cases/${created.id}/triage`,
        payload: { categoryKey: 'no_such' },
      }),
      409,
    );
    await refused(
      await c.town_a1!({
        method: 'POST',
        url: `/api/cases/${created.id}/refer`,
        payload: { leadDepartmentId: '00000000-0000-4000-8000-000000000000' },
      }),
      400,
    );
    const outside = await refused(
      await c.town_a1!({
        method: 'POST',
        url: `/api/cases/${created.id}/refer`,
        payload: { leadDepartmentId: world.departments.B },
      }),
      400,
    );
    assert.match(String(outside.detail), /不在本案所属区域/);
    assert.deepEqual(await snapshot(), mid);
    assert.equal(mid.cases, before.cases + 1);
  });

  test('a phone of the wrong shape', async () => {
    const before = await snapshot();
    for (const phone of [
      '1380013800',
      '23800138000',
      '138-0013-800O',
      '１３８００１３８０００٠',
      '+1 2025550123',
    ]) {
      await refused(
        await c.station_a1!({
          method: 'POST',
          url: '/api/cases',
          payload: { ...intake, personPhone: phone },
        }),
        400,
      );
    }
    assert.deepEqual(await snapshot(), before);
  });

  test('the same Idempotency-Key with a different body: 422', async () => {
    const headers = { 'idempotency-key': 'bad-input-key-0001' };
    const first = await c.station_a1!({ method: 'POST', url: '/api/cases', payload: intake, headers });
    assert.equal(first.statusCode, 200);
    const before = await snapshot();
    await refused(
      await c.station_a1!({
        method: 'POST',
        url: '/api/cases',
        payload: { ...intake, title: '别的事' },
        headers,
      }),
      422,
    );
    const same = await c.station_a1!({ method: 'POST', url: '/api/cases', payload: intake, headers });
    assert.equal(same.json().id, first.json().id);
    assert.deepEqual(await snapshot(), before);
  });

  test('an attachment whose content is not what its name says; a 50 MB upload is 413', async () => {
    const url = `/api/cases/${world.cases.A1}/attachments`;
    const before = await snapshot();
    await refused(
      await c.station_a1!({
        method: 'POST',
        url,
        ...multipart('photo.jpg', Buffer.from('<html><script>alert(1)</script>')),
      }),
      415,
    );
    await refused(
      await c.station_a1!({
        method: 'POST',
        url,
        ...multipart('invoice.pdf', Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0])),
      }),
      415,
    );
    const big = Buffer.alloc(50 * 1024 * 1024, 0);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    await refused(await c.station_a1!({ method: 'POST', url, ...multipart('big.jpg', big) }), 413);
    assert.deepEqual(await snapshot(), before);
    // A JPEG header with nothing behind it does not decode: refused, nothing stored.
    const broken = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
    await refused(await c.station_a1!({ method: 'POST', url, ...multipart('坏.jpg', broken) }), 422);
    assert.deepEqual(await snapshot(), before);
    const jpg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } })
      .jpeg()
      .withExif({ IFD0: { Copyright: 'camera-serial-123' } })
      .toBuffer();
    const ok = await c.station_a1!({ method: 'POST', url, ...multipart('沟渠.jpg', jpg) });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().mime, 'image/jpeg');
    const got = await c.station_a1!({ method: 'GET', url: `/api/attachments/${ok.json().id}` });
    assert.equal(got.statusCode, 200);
    // Stored re-encoded: still a 40×30 JPEG, its metadata gone.
    const meta = await sharp(got.rawPayload).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.width, 40);
    assert.equal(meta.exif, undefined);
    assert.doesNotMatch(got.rawPayload.toString('latin1'), /camera-serial/);
    const [row] = await t.database.db.select().from(attachments).where(eq(attachments.id, ok.json().id));
    assert.equal(row!.size, got.rawPayload.length);
  });
});
