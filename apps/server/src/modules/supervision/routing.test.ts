import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { departmentCategories, departments, routingRules } from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';

/**
 * suggestDepartments (issue 5 §1: "a category × region routing table that suggests the
 * department"): the routing rules whose region covers the case's region, the longest prefix
 * first, then the departments that answer for the category in the county, each once.
 */
let t: TestApp;
let world: World;
const c: Record<string, ReturnType<typeof as>> = {};
const dept: Record<string, string> = {};

after(() => t?.close());
before(async () => {
  t = await startTestApp();
  world = await buildWorld(t.deps);
  const added = await t.database.db
    .insert(departments)
    .values([
      {
        regionCode: CODES.A1,
        name: '甲一镇生态环境办',
        shortName: '镇环境办',
        kind: 'government',
        level: 'town',
      },
      { regionCode: CODES.A, name: '甲县水利局', shortName: '水利局', kind: 'government', level: 'county' },
      { regionCode: CODES.A, name: '甲县城管局', shortName: '城管局', kind: 'government', level: 'county' },
    ])
    .returning({ id: departments.id });
  dept.town = added[0]!.id; // 甲一镇生态环境办
  dept.water = added[1]!.id; // 甲县水利局 (甲县城管局 answers for nothing here)
  dept.county = world.departments.A;
  dept.other = world.departments.B;
  // The routing table: county A's environment cases go to its 生态环境局, town A1's to the town's
  // own office, and county B's to B's bureau.
  await t.database.db.insert(routingRules).values([
    { categoryKey: 'environment', regionCode: CODES.A, departmentId: dept.county },
    { categoryKey: 'environment', regionCode: CODES.A1, departmentId: dept.town },
    { categoryKey: 'environment', regionCode: CODES.B, departmentId: dept.other },
  ]);
  // Who answers for the category: the bureau (already routed: listed once) and the water bureau.
  await t.database.db.insert(departmentCategories).values([
    { departmentId: dept.county, categoryKey: 'environment' },
    { departmentId: dept.water, categoryKey: 'environment' },
  ]);
  for (const u of ['county_a', 'town_a1', 'town_a2']) c[u] = as(t.app, await loginAs(t.app, u, PASSWORD));
});

const suggest = (who: string, query: string) =>
  c[who]!({ method: 'GET', url: `/api/departments/suggest?${query}` });

const summary = (items: { id: string; source: string }[]) =>
  items.map((i) => `${i.source}:${Object.keys(dept).find((k) => dept[k] === i.id)}`);

describe('suggestDepartments', () => {
  test('a village in town A1: the town’s rule (longer prefix) before the county’s, then the answering departments', async () => {
    const res = await suggest('county_a', `category=environment&region=${CODES.A1v}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(summary(res.json().items), ['routing:town', 'routing:county', 'category:water']);
    // Each department comes with its own region, for the referral form.
    assert.equal(res.json().items[0].regionCode, CODES.A1);
  });

  test('town A2 has no rule of its own: the county’s rule wins; county B’s rule never applies', async () => {
    const res = await suggest('county_a', `category=environment&region=${CODES.A2}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(summary(res.json().items), ['routing:county', 'category:water']);
    assert.ok(!res.json().items.some((i: { id: string }) => i.id === dept.other));
  });

  test('without a region, the caller’s own: a town officer of A1 gets the town’s rule first', async () => {
    const res = await suggest('town_a1', 'category=environment');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(summary(res.json().items)[0], 'routing:town');
  });

  test('a category nobody routes or answers: an empty list, not an error', async () => {
    await t.database.db.execute(sql`insert into categories (key, name) values ('transport', '交通运输')`);
    const res = await suggest('county_a', `category=transport&region=${CODES.A1v}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().items, []);
  });

  test('bad input: no category or an unknown one is a 400; a region outside the caller’s scope a 404', async () => {
    for (const q of [`region=${CODES.A1v}`, `category=no_such&region=${CODES.A1v}`]) {
      const res = await suggest('county_a', q);
      assert.equal(res.statusCode, 400, q);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    }
    const outside = await suggest('town_a2', `category=environment&region=${CODES.A1v}`);
    assert.equal(outside.statusCode, 404);
    assert.doesNotMatch(outside.body, /甲一镇生态环境办/);
  });
});
