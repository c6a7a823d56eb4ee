import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { cases, open311Requests } from '../../db/schema/index.ts';
import { CODES } from '../../test/fixtures.ts';
import { publishCase } from '../cases/facts.ts';
import { registerCase } from '../cases/registration.ts';
import { transitionCase } from '../cases/transitions/index.ts';
import { caseCount, errors, form, open311App, secrets, t, VALID, world, xml } from './open311.testkit.ts';

/** GeoReport v2 as a client reads it: discovery, services, creating a request and following it, the list's filters. */
open311App();

describe('discovery, services and service definitions', () => {
  test('discovery names the GeoReport v2 endpoint and both formats, in JSON and XML', async () => {
    const json = await t.app.inject({ method: 'GET', url: '/open311/v2/discovery.json' });
    assert.equal(json.statusCode, 200);
    const d = json.json();
    assert.equal(d.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
    assert.match(d.endpoints[0].url, /\/open311\/v2$/);
    assert.deepEqual(d.endpoints[0].formats, ['text/xml', 'application/json']);
    assert.ok(d.changeset && d.key_service && d.contact);
    assert.equal(json.headers['access-control-allow-origin'], '*', 'browser apps may read');
    const x = xml(await t.app.inject({ method: 'GET', url: '/open311/v2/discovery.xml' }));
    assert.equal(x.discovery.endpoints.endpoint[0].specification, 'http://wiki.open311.org/GeoReport_v2');
    assert.deepEqual(x.discovery.endpoints.endpoint[0].formats.format, ['text/xml', 'application/json']);
  });

  test('services are our categories, for a known jurisdiction or none', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/services.json?jurisdiction_id=${CODES.A}`,
    });
    assert.equal(res.statusCode, 200);
    const env = res.json().find((s: { service_code: string }) => s.service_code === 'environment');
    assert.deepEqual(
      { ...env, description: undefined },
      {
        service_code: 'environment',
        service_name: '环境保护',
        description: undefined,
        metadata: false,
        type: 'realtime',
        keywords: '环境保护',
        group: '联络站意见',
      },
    );
    const x = xml(await t.app.inject({ method: 'GET', url: '/open311/v2/services.xml' }));
    assert.equal(x.services.service[0].service_code, 'environment');
    assert.equal(x.services.service[0].metadata, 'false');
  });

  test('an unknown or malformed jurisdiction is the spec error 400, in either format', async () => {
    const j = await t.app.inject({
      method: 'GET',
      url: '/open311/v2/services.json?jurisdiction_id=439999000000',
    });
    assert.match(errors(j, 400)[0]!, /jurisdiction_id provided was not found/);
    errors(await t.app.inject({ method: 'GET', url: '/open311/v2/services.json?jurisdiction_id=abc' }), 400);
    const res = await t.app.inject({
      method: 'GET',
      url: '/open311/v2/services.xml?jurisdiction_id=439999000000',
    });
    assert.equal(res.statusCode, 400);
    const x = xml(res);
    assert.equal(x.errors.error[0].code, '400');
    assert.match(x.errors.error[0].description, /jurisdiction_id/);
  });

  test('a service definition is valid with no attributes; an unknown code is 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/open311/v2/services/environment.json' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { service_code: 'environment', attributes: [] });
    const x = xml(await t.app.inject({ method: 'GET', url: '/open311/v2/services/environment.xml' }));
    assert.equal(x.service_definition.service_code, 'environment');
    assert.ok('attributes' in x.service_definition);
    errors(await t.app.inject({ method: 'GET', url: '/open311/v2/services/potholes.json' }), 404);
    const missing = await t.app.inject({ method: 'GET', url: '/open311/v2/services/potholes.xml' });
    assert.equal(missing.statusCode, 404);
    assert.equal(xml(missing).errors.error[0].code, '404');
    errors(await t.app.inject({ method: 'GET', url: '/open311/v2/services/environment.html' }), 404);
    errors(await t.app.inject({ method: 'GET', url: '/open311/v2/nothing.json' }), 404);
  });
});

describe('an Open311 client creates a request and follows it', () => {
  let number = '';

  test('a form-encoded POST with a key registers a case in the key’s region', async () => {
    const before = await caseCount();
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      ...form({ ...VALID, api_key: secrets.A, account_id: 'hotline-778', jurisdiction_id: CODES.A1 }),
    });
    assert.equal(res.statusCode, 200, res.body);
    const [created] = res.json();
    assert.match(created.service_request_id, /^LL-439901-2026-\d{6}$/);
    assert.equal(created.account_id, 'hotline-778');
    assert.ok(created.service_notice);
    number = created.service_request_id;
    assert.equal(await caseCount(), before + 1);
    const [row] = await t.database.db.select().from(cases).where(eq(cases.number, number));
    assert.equal(row!.channel, 'open311');
    assert.equal(row!.regionCode, CODES.A1);
    assert.equal(row!.categoryKey, 'environment');
    assert.equal(row!.status, 'registered');
    assert.equal(row!.personNameMasked, '张**');
    assert.equal(t.deps.crypto.decrypt(row!.personPhoneCipher!), '13800138000');
    const [extra] = await t.database.db
      .select()
      .from(open311Requests)
      .where(eq(open311Requests.caseId, row!.id));
    assert.equal(extra!.mediaUrl, VALID.media_url);
    assert.equal(t.deps.crypto.decrypt(extra!.emailCipher!), VALID.email);
  });

  test('it reads open with the stage, then closed with the reply and the department', async () => {
    const first = await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${number}.json` });
    assert.equal(first.statusCode, 200, first.body);
    const [open] = first.json();
    assert.equal(open.service_request_id, number);
    assert.equal(open.status, 'open');
    assert.equal(open.status_notes, '已登记，等待梳理');
    assert.equal(open.service_code, 'environment');
    assert.equal(open.service_name, '环境保护');
    assert.equal(open.requested_datetime, '2026-06-15T10:00:00+08:00');
    assert.equal(open.expected_datetime, null);
    // Sent without consent to publish: no place, not even a coarse one.
    assert.equal(open.lat, null);
    assert.equal(open.long, null);
    assert.equal(open.address, '');

    // Staff handle the case through the case service, from triage to close-out.
    const [row] = await t.database.db.select().from(cases).where(eq(cases.number, number));
    const staff = { id: null, name: '甲县代表工委' };
    const step = (
      action: Parameters<typeof transitionCase>[3],
      input: Parameters<typeof transitionCase>[4],
    ) => {
      t.clock.advance(3_600_000);
      return transitionCase(t.deps, t.database.db, row!.id, action, input, staff, t.clock.now());
    };
    await step('triage', { categoryKey: 'environment' });
    await step('refer', { leadDepartmentId: world.departments.A });
    const assigned = (
      await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${number}.json` })
    ).json()[0];
    assert.equal(assigned.status, 'open');
    assert.equal(assigned.agency_responsible, '甲县生态环境局');
    assert.match(assigned.expected_datetime, /^2026-07-\d{2}T23:59:59\+08:00$/);
    await step('accept', {});
    await step('reply', {
      reply: {
        kind: 'resolved',
        content: '已组织清淤，沟渠恢复畅通。如有问题请拨13912345678。',
        measures: '清淤',
      },
    });
    await step('feed_back', { feedback: { channel: 'phone', content: '电话告知' } });
    await step('rate', { satisfaction: 'satisfied' });
    await step('close', {});

    const res = await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${number}.json` });
    const [closed] = res.json();
    assert.equal(closed.status, 'closed');
    assert.equal(closed.agency_responsible, '甲县生态环境局');
    assert.match(closed.status_notes, /^已办结销号；评价：满意；答复（已解决）：已组织清淤，沟渠恢复畅通。/);
    assert.doesNotMatch(closed.status_notes, /13912345678/);
    assert.equal(closed.updated_datetime, '2026-06-15T17:00:00+08:00');
    assert.equal(closed.expected_datetime, assigned.expected_datetime);

    const x = xml(
      await t.app.inject({
        method: 'GET',
        url: `/open311/v2/requests/${number}.xml?jurisdiction_id=${CODES.A}`,
      }),
    );
    assert.equal(x.service_requests.request[0].status, 'closed');
    assert.equal(x.service_requests.request[0].agency_responsible, '甲县生态环境局');
  });

  test('nothing in what it reads back names or reaches the person', async () => {
    const one = await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${number}.json` });
    const all = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests.json?jurisdiction_id=${CODES.A}`,
    });
    const allXml = await t.app.inject({
      method: 'GET',
      url: `/open311/v2/requests.xml?jurisdiction_id=${CODES.A}`,
    });
    for (const body of [one.body, all.body, allXml.body]) {
      for (const secret of [
        '张三丰',
        '三丰',
        '13800138000',
        '138****8000',
        '张**',
        'zhang@example.com',
        '15号',
        'hotline-778',
      ]) {
        assert.ok(!body.includes(secret), `${secret} leaked`);
      }
      // The unpublished description is the person's own words: not shown.
      assert.ok(!body.includes('污水漫到田里'));
    }
    const [item] = one.json();
    assert.equal(item.address, '');
    assert.equal(item.description, '');
    assert.equal(item.media_url, null);
  });

  test('a case the person let publish shows its approved text and a coarse place', async () => {
    const staff = { id: null, name: '甲一镇人大' };
    const c = await registerCase(
      t.deps,
      t.database.db,
      {
        regionCode: CODES.A1v,
        channel: 'reception',
        categoryKey: 'environment',
        title: '垃圾清运不及时',
        content: '李四反映：我家门口（石桥村5组8号）垃圾三天没人收，电话13700137000。',
        personName: '李四',
        personPhone: '13700137000',
        address: '甲一镇石桥村5组8号',
        latitude: 28.1111119,
        longitude: 112.2222229,
        consentPublish: true,
      },
      staff,
      t.clock.now(),
    );
    await publishCase(t.database.db, c.id, '石桥村垃圾清运不及时，已协调每日清运。', staff, t.clock.now());
    const res = await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${c.number}.json` });
    const [item] = res.json();
    assert.equal(item.description, '石桥村垃圾清运不及时，已协调每日清运。');
    assert.equal(item.address, '甲一镇石桥村');
    assert.deepEqual([item.lat, item.long], [28.111, 112.222]);
    for (const secret of ['李四', '13700137000', '8号', '5组', '28.1111'])
      assert.ok(!res.body.includes(secret), secret);
  });

  test('JSON bodies are taken too, and an XML POST answers in XML', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      payload: {
        api_key: secrets.A,
        service_code: 'environment',
        address_string: '甲二镇集镇',
        description: '<script>alert(1)</script> 路灯 & 井盖\u200b坏了',
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    const x = xml(res);
    const id = x.service_requests.request[0].service_request_id;
    const [row] = await t.database.db.select().from(cases).where(eq(cases.number, id));
    assert.equal(row!.regionCode, CODES.A, 'no jurisdiction given: the key’s region');
    assert.equal(row!.content, '<script>alert(1)</script> 路灯 & 井盖坏了');
    assert.equal(row!.anonymous, true);
    assert.equal(row!.latitude, null);
  });
});

describe('GET requests with the spec’s filters', () => {
  const numbers: string[] = [];
  before(async () => {
    // One more request in county B, and an old one in A outside the default window.
    for (const [key, region] of [
      ['B', CODES.B1],
      ['A', CODES.A2],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        ...form({ ...VALID, api_key: secrets[key], jurisdiction_id: region }),
      });
      numbers.push(res.json()[0].service_request_id);
    }
    t.clock.advance(100 * 86_400_000);
  });
  const get = (qs: string) => t.app.inject({ method: 'GET', url: `/open311/v2/requests.json?${qs}` });

  test('a jurisdiction is required and scopes the list', async () => {
    errors(await get(''), 400);
    const b = (await get(`jurisdiction_id=${CODES.B}&start_date=2026-06-01T00:00:00%2B08:00`)).json();
    const ids = b.map((r: { service_request_id: string }) => r.service_request_id) as string[];
    // B's own: the Open311 one and the fixture's walk-in case, nothing of A.
    assert.ok(ids.includes(numbers[0]!) && ids.length === 2, ids.join());
    assert.ok(ids.every((n) => n.startsWith('LL-439902-')));
    // A's request asked for by number inside B's jurisdiction: not there.
    assert.deepEqual((await get(`jurisdiction_id=${CODES.B}&service_request_id=${numbers[1]}`)).json(), []);
    errors(
      await t.app.inject({
        method: 'GET',
        url: `/open311/v2/requests/${numbers[1]}.json?jurisdiction_id=${CODES.B}`,
      }),
      404,
    );
    errors(
      await t.app.inject({ method: 'GET', url: '/open311/v2/requests/LL-439901-2026-999999.json' }),
      404,
    );
    errors(await t.app.inject({ method: 'GET', url: '/open311/v2/requests/not-a-number.json' }), 404);
  });

  test('the default window is the last 90 days; dates select older ones', async () => {
    assert.deepEqual((await get(`jurisdiction_id=${CODES.A}`)).json(), []);
    const june = (
      await get(`jurisdiction_id=${CODES.A}&start_date=2026-06-01T00:00:00Z&end_date=2026-06-30T00:00:00Z`)
    ).json();
    assert.ok(june.length >= 3);
    assert.ok(june.some((r: { service_request_id: string }) => r.service_request_id === numbers[1]));
    // Newest first.
    const times = june.map((r: { requested_datetime: string }) => Date.parse(r.requested_datetime));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    const none = (
      await get(`jurisdiction_id=${CODES.A}&start_date=2026-05-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`)
    ).json();
    assert.deepEqual(none, []);
  });

  test('status, service_code and service_request_id filter; the ids override the rest', async () => {
    const span = 'start_date=2026-06-01T00:00:00Z&end_date=2026-07-01T00:00:00Z';
    const open = (await get(`jurisdiction_id=${CODES.A}&${span}&status=open`)).json();
    const closed = (await get(`jurisdiction_id=${CODES.A}&${span}&status=closed`)).json();
    const both = (await get(`jurisdiction_id=${CODES.A}&${span}&status=open,closed`)).json();
    assert.ok(open.every((r: { status: string }) => r.status === 'open') && open.length > 0);
    assert.ok(closed.every((r: { status: string }) => r.status === 'closed') && closed.length === 1);
    assert.equal(both.length, open.length + closed.length);
    const env = (await get(`jurisdiction_id=${CODES.A}&${span}&service_code=environment`)).json();
    assert.ok(env.length > 0 && env.every((r: { service_code: string }) => r.service_code === 'environment'));
    const ids = (
      await get(
        `jurisdiction_id=${CODES.A}&status=closed&service_request_id=${numbers[1]},LL-439901-2026-999999`,
      )
    ).json();
    assert.deepEqual(
      ids.map((r: { service_request_id: string }) => r.service_request_id),
      [numbers[1]],
    );
  });

  test('bad filters are the spec’s 400', async () => {
    for (const qs of [
      `jurisdiction_id=${CODES.A}&status=pending`,
      `jurisdiction_id=${CODES.A}&service_code=potholes`,
      `jurisdiction_id=${CODES.A}&start_date=yesterday`,
      `jurisdiction_id=${CODES.A}&start_date=2026-06-01`,
      `jurisdiction_id=${CODES.A}&start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`,
      `jurisdiction_id=${CODES.A}&start_date=2026-06-02T00:00:00Z&end_date=2026-06-01T00:00:00Z`,
      `jurisdiction_id=${CODES.A}&api_key=ll311_nope`,
    ]) {
      const res = await get(qs);
      assert.ok(res.statusCode === 400 || res.statusCode === 403, `${qs}: ${res.statusCode}`);
      errors(res, res.statusCode);
    }
  });
});
