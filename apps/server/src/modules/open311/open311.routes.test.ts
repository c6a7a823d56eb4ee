import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { count, eq } from 'drizzle-orm';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { auditLog, cases, open311Keys, open311Requests } from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { publishCase, registerCase, transitionCase } from '../cases/cases.service.ts';

/**
 * The Open311 GeoReport v2 façade, driven as a 12345 hotline's client would: discovery, the
 * service list, creating a request with an API key issued in the console, reading its status
 * back as staff handle the case, and the spec's error lists for everything it refuses.
 */
let t: TestApp;
let world: World;
const cookies: Record<string, string> = {};
const secrets: Record<'A' | 'B' | 'revoked', string> = { A: '', B: '', revoked: '' };

const parser = new XMLParser({
  isArray: (name) => ['service', 'request', 'error', 'endpoint', 'format'].includes(name),
  parseTagValue: false,
});

/** The body of an XML answer, after checking it is a well-formed UTF-8 document. */
function xml(res: LightMyRequestResponse) {
  assert.match(String(res.headers['content-type']), /^text\/xml; charset=utf-8/);
  assert.ok(res.body.startsWith('<?xml version="1.0" encoding="utf-8"?>'), res.body.slice(0, 60));
  assert.equal(XMLValidator.validate(res.body), true, res.body.slice(0, 200));
  return parser.parse(res.body);
}

/** The spec's JSON error list with one status. */
function errors(res: LightMyRequestResponse, status: number): string[] {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = res.json() as { code: number; description: string }[];
  assert.ok(Array.isArray(body) && body.length > 0, res.body);
  for (const e of body) {
    assert.equal(e.code, status);
    assert.ok(e.description.length > 5);
  }
  return body.map((e) => e.description);
}

const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

const caseCount = async () => (await t.database.db.select({ n: count() }).from(cases))[0]!.n;
const open311Count = async () => (await t.database.db.select({ n: count() }).from(open311Requests))[0]!.n;

const VALID = {
  service_code: 'environment',
  lat: '28.1234567',
  long: '112.9876543',
  address_string: '甲一镇石桥村3组15号',
  description: '村口沟渠堵塞，污水漫到田里，请尽快疏通。',
  first_name: '三丰',
  last_name: '张',
  phone: '13800138000',
  email: 'zhang@example.com',
  media_url: 'https://img.example.com/ditch.jpg',
};

after(() => t?.close());
before(async () => {
  t = await startTestApp();
  world = await buildWorld(t.deps);
  for (const u of ['county_a', 'county_b', 'town_a1', 'admin'])
    cookies[u] = await loginAs(t.app, u, PASSWORD);
  for (const [who, slot, region] of [
    ['county_a', 'A', CODES.A],
    ['county_b', 'B', CODES.B],
    ['county_a', 'revoked', CODES.A],
  ] as const) {
    const res = await as(
      t.app,
      cookies[who]!,
    )({
      method: 'POST',
      url: '/api/open311/keys',
      payload: { name: `${slot} 市12345热线`, regionCode: region },
    });
    assert.equal(res.statusCode, 200, res.body);
    secrets[slot] = res.json().secret;
  }
  const revokedId = (
    await t.database.db.select().from(open311Keys).where(eq(open311Keys.name, 'revoked 市12345热线'))
  )[0]!.id;
  const r = await as(
    t.app,
    cookies.county_a!,
  )({ method: 'POST', url: `/api/open311/keys/${revokedId}/revoke` });
  assert.equal(r.statusCode, 200, r.body);
});

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

describe('a POST the spec refuses stores nothing', () => {
  const cases311 = [
    { name: 'no key', fields: { ...VALID }, status: 403, match: /api_key was not provided/ },
    {
      name: 'an unknown key',
      fields: { ...VALID, api_key: 'll311_nope' },
      status: 403,
      match: /api_key was invalid/,
    },
    {
      name: 'a key that is not ours',
      fields: { ...VALID, api_key: 'abc' },
      status: 403,
      match: /api_key was invalid/,
    },
    {
      name: 'another region’s jurisdiction',
      fields: { ...VALID, key: 'A', jurisdiction_id: CODES.B1 },
      status: 403,
      match: /not valid for this jurisdiction_id/,
    },
    {
      name: 'an unknown jurisdiction',
      fields: { ...VALID, key: 'A', jurisdiction_id: '439901099000' },
      status: 400,
      match: /jurisdiction_id provided was not found/,
    },
    {
      name: 'an unknown service code',
      fields: { ...VALID, key: 'A', service_code: 'potholes' },
      status: 400,
      match: /service_code was not found/,
    },
    {
      name: 'no service code',
      fields: { ...VALID, key: 'A', service_code: '' },
      status: 400,
      match: /service_code was not provided/,
    },
    {
      name: 'no location',
      fields: { ...VALID, key: 'A', lat: '', long: '', address_string: '' },
      status: 400,
      match: /location was not provided/,
    },
    {
      name: 'a latitude out of range',
      fields: { ...VALID, key: 'A', lat: '91' },
      status: 400,
      match: /lat is invalid/,
    },
    {
      name: 'a longitude that is not a number',
      fields: { ...VALID, key: 'A', long: '112,5' },
      status: 400,
      match: /long is invalid/,
    },
    {
      name: 'a latitude without longitude',
      fields: { ...VALID, key: 'A', long: '', address_string: '' },
      status: 400,
      match: /lat and long must be given together/,
    },
    {
      name: 'no description',
      fields: { ...VALID, key: 'A', description: '\u200b ' },
      status: 400,
      match: /description was not provided/,
    },
    {
      name: 'a 20,000-character description',
      fields: { ...VALID, key: 'A', description: '长'.repeat(20_000) },
      status: 400,
      match: /description is too long/,
    },
    {
      name: 'a landline phone',
      fields: { ...VALID, key: 'A', phone: '0731-1234567' },
      status: 400,
      match: /phone is invalid/,
    },
    {
      name: 'a bad e-mail',
      fields: { ...VALID, key: 'A', email: 'not-mail' },
      status: 400,
      match: /email is invalid/,
    },
    {
      name: 'a media_url that is not http',
      fields: { ...VALID, key: 'A', media_url: 'javascript:alert(1)' },
      status: 400,
      match: /media_url is invalid/,
    },
  ];
  for (const c of cases311) {
    test(`${c.name}: ${c.status}`, async () => {
      const { key, ...fields } = c.fields as Record<string, string>;
      if (key) fields.api_key = secrets[key as 'A'];
      const before = [await caseCount(), await open311Count()];
      const res = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', ...form(fields) });
      const descriptions = errors(res, c.status);
      assert.ok(
        descriptions.some((d) => c.match.test(d)),
        descriptions.join(' | '),
      );
      assert.deepEqual([await caseCount(), await open311Count()], before);
    });
  }

  test('a revoked key is refused like an unknown one, in XML too', async () => {
    const before = await caseCount();
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      ...form({ ...VALID, api_key: secrets.revoked }),
    });
    assert.equal(res.statusCode, 403);
    const x = xml(res);
    assert.equal(x.errors.error[0].code, '403');
    assert.match(x.errors.error[0].description, /api_key was invalid/);
    assert.equal(await caseCount(), before);
  });

  test('several problems are listed together', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      ...form({ api_key: secrets.A, service_code: 'potholes', lat: 'x', long: '1' }),
    });
    assert.ok(errors(res, 400).length >= 3);
  });

  test('a cross-site browser post is refused with the spec’s error, not a problem document', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      payload: { ...VALID, api_key: secrets.A },
    });
    errors(res, 403);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
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

describe('API keys in the console', () => {
  const call = (who: string) => as(t.app, cookies[who]!);
  // The filters above moved the clock past the sessions' lifetime.
  before(async () => {
    for (const u of ['county_a', 'county_b', 'town_a1', 'admin'])
      cookies[u] = await loginAs(t.app, u, PASSWORD);
  });

  test('the list shows names and prefixes, never the key or its hash', async () => {
    const res = await call('county_a')({ method: 'GET', url: '/api/open311/keys' });
    assert.equal(res.statusCode, 200);
    const items = res.json().items as {
      name: string;
      keyPrefix: string;
      revokedAt: string | null;
      lastUsedAt: string | null;
    }[];
    assert.deepEqual(items.map((i) => i.name).sort(), ['A 市12345热线', 'revoked 市12345热线']);
    const a = items.find((i) => i.name === 'A 市12345热线')!;
    assert.ok(secrets.A.startsWith(a.keyPrefix) && a.keyPrefix.length < 16);
    assert.ok(a.lastUsedAt, 'a used key shows when');
    assert.ok(items.find((i) => i.name.startsWith('revoked'))!.revokedAt);
    assert.ok(!res.body.includes(secrets.A) && !res.body.includes('keyHash'));
    const rows = await t.database.db.select().from(open311Keys);
    assert.ok(
      rows.every((r) => !Object.values(r).includes(secrets.A)),
      'the key itself is not stored',
    );
  });

  test('issuing and revoking are audited; county B cannot touch county A’s keys', async () => {
    const [aKey] = await t.database.db
      .select()
      .from(open311Keys)
      .where(eq(open311Keys.name, 'A 市12345热线'));
    const denied = async () =>
      (await t.database.db.select().from(auditLog).where(eq(auditLog.event, 'scope_denied'))).length;
    const before = await denied();
    const res = await call('county_b')({ method: 'POST', url: `/api/open311/keys/${aKey!.id}/revoke` });
    assert.equal(res.statusCode, 404);
    assert.equal(await denied(), before + 1);
    const bList = (await call('county_b')({ method: 'GET', url: '/api/open311/keys' })).json().items;
    assert.deepEqual(
      bList.map((k: { regionCode: string }) => k.regionCode),
      [CODES.B],
    );
    const issueOutside = await call('county_b')({
      method: 'POST',
      url: '/api/open311/keys',
      payload: { name: 'x', regionCode: CODES.A1 },
    });
    assert.equal(issueOutside.statusCode, 404);
    const events = await t.database.db.select().from(auditLog);
    assert.equal(events.filter((e) => e.event === 'open311_key_issued').length, 3);
    assert.equal(events.filter((e) => e.event === 'open311_key_revoked').length, 1);
  });

  test('town offices may not manage keys; the administrator may', async () => {
    assert.equal((await call('town_a1')({ method: 'GET', url: '/api/open311/keys' })).statusCode, 403);
    const res = await call('admin')({
      method: 'POST',
      url: '/api/open311/keys',
      payload: { name: '城市App' },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().key.regionCode, CODES.A);
    assert.match(res.json().secret, /^ll311_[A-Za-z0-9_-]{32}$/);
    const bad = await call('admin')({ method: 'POST', url: '/api/open311/keys', payload: { name: ' ' } });
    assert.equal(bad.statusCode, 400);
  });
});

describe('rate limit', () => {
  // LIANLUO_OPEN311_RATE_PER_MINUTE=3, as config.ts reads it and main.ts hands it to the app.
  const limitOf3 = {
    open311RatePerMinute: loadConfig({ LIANLUO_OPEN311_RATE_PER_MINUTE: '3' }).open311RatePerMinute,
  };
  test('past the limit per key (whatever the IP) or per IP, the spec error 429', async () => {
    const small = await startTestApp(undefined, limitOf3);
    try {
      const get = (ip: string, key?: string) =>
        small.app.inject({
          method: 'GET',
          url: `/open311/v2/services.xml${key ? `?api_key=${key}` : ''}`,
          remoteAddress: ip,
        });
      for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3'])
        assert.equal((await get(ip, 'll311_k')).statusCode, 200);
      const limited = await get('10.0.0.4', 'll311_k');
      assert.equal(limited.statusCode, 429);
      assert.ok(limited.headers['retry-after']);
      assert.equal(xml(limited).errors.error[0].code, '429');
      // Another caller is not held up by that one.
      assert.equal((await get('10.0.0.4')).statusCode, 200);
    } finally {
      await small.close();
    }
  });

  test('two server processes on one database share the limit; a new minute opens it again', async () => {
    const one = await startTestApp(new Date('2026-06-15T02:00:05Z'), limitOf3);
    // A second process: its own Fastify instance and limiter, the same database.
    const two = await buildApp({ database: one.database, deps: one.deps, ...limitOf3 });
    try {
      const get = (app: typeof two, ip: string, key?: string) =>
        app.inject({
          method: 'GET',
          url: `/open311/v2/services.json${key ? `?api_key=${key}` : ''}`,
          remoteAddress: ip,
        });
      assert.equal((await get(one.app, '10.1.0.1', 'll311_shared')).statusCode, 200);
      assert.equal((await get(two, '10.1.0.2', 'll311_shared')).statusCode, 200);
      assert.equal((await get(one.app, '10.1.0.3', 'll311_shared')).statusCode, 200);
      // The fourth in the minute, on the process that has seen only one of them: refused.
      const limited = await get(two, '10.1.0.4', 'll311_shared');
      assert.deepEqual(errors(limited, 429).length, 1);
      assert.equal(limited.headers['retry-after'], '55');
      // By IP alike, across processes.
      for (const app of [one.app, two, one.app]) assert.equal((await get(app, '10.1.0.9')).statusCode, 200);
      assert.equal((await get(two, '10.1.0.9')).statusCode, 429);
      one.clock.advance(60_000);
      assert.equal((await get(two, '10.1.0.4', 'll311_shared')).statusCode, 200);
      assert.equal((await get(one.app, '10.1.0.9')).statusCode, 200);
    } finally {
      await two.close();
      await one.close();
    }
  });
});
