import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { auditLog, open311Keys } from '../../db/schema/index.ts';
import { CODES, PASSWORD } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp } from '../../test/harness.ts';
import {
  caseCount,
  cookies,
  errors,
  form,
  open311App,
  open311Count,
  secrets,
  t,
  VALID,
  xml,
} from './open311.testkit.ts';

/** What Open311 refuses (keys, jurisdictions, fields), the console's API keys, and the rate limit. */
open311App();

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
