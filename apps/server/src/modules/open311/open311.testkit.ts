import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { count, eq } from 'drizzle-orm';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { LightMyRequestResponse } from 'fastify';
import { cases, open311Keys, open311Requests } from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * What the Open311 tests (open311.*.test.ts) share. They drive the GeoReport v2 façade as a
 * 12345 hotline's client would: discovery, the service list, creating a request with an API key
 * issued in the console, reading its status back as staff handle the case, and the spec's error
 * lists for everything it refuses.
 */
export let t: TestApp;
export let world: World;
export const cookies: Record<string, string> = {};
export const secrets: Record<'A' | 'B' | 'revoked', string> = { A: '', B: '', revoked: '' };

const parser = new XMLParser({
  isArray: (name) => ['service', 'request', 'error', 'endpoint', 'format'].includes(name),
  parseTagValue: false,
});

/** The body of an XML answer, after checking it is a well-formed UTF-8 document. */
export function xml(res: LightMyRequestResponse) {
  assert.match(String(res.headers['content-type']), /^text\/xml; charset=utf-8/);
  assert.ok(res.body.startsWith('<?xml version="1.0" encoding="utf-8"?>'), res.body.slice(0, 60));
  assert.equal(XMLValidator.validate(res.body), true, res.body.slice(0, 200));
  return parser.parse(res.body);
}

/** The spec's JSON error list with one status. */
export function errors(res: LightMyRequestResponse, status: number): string[] {
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

export const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

export const caseCount = async () => (await t.database.db.select({ n: count() }).from(cases))[0]!.n;
export const open311Count = async () =>
  (await t.database.db.select({ n: count() }).from(open311Requests))[0]!.n;

export const VALID = {
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

/** Starts the app for the calling test file: the world, staff sessions, keys for A and B, one revoked. */
export function open311App() {
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
}
