import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { desc } from 'drizzle-orm';
import { auditLog } from '../db/schema/index.ts';
import { publishShifts } from '../modules/rota/rota.service.ts';
import { addEvidence } from '../modules/stations/stations.service.ts';
import { buildWorld, CODES, PASSWORD, USERS, type World } from '../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../test/harness.ts';
import { PNG_1x1 } from '../test/network.ts';

/**
 * The authorisation matrix: every route is guarded, every row outside the caller's region is a
 * 404 indistinguishable from a missing one, and every such attempt is audited.
 */
let t: TestApp;
let world: World;
const cookies: Record<string, string> = {};
/** Rows that exist only once a route has written them: a shift and a piece of evidence in A1. */
const extra = { shift: '', evidence: '' };

after(() => t?.close());
before(async () => {
  t = await startTestApp();
  world = await buildWorld(t.deps);
  for (const u of USERS) cookies[u.username] = await loginAs(t.app, u.username, PASSWORD);
  const [shift] = await publishShifts(t.deps.db, { id: world.stations.A1, regionCode: CODES.A1 }, [
    { date: '2026-06-16', deputyIds: [world.deputies.A1] },
  ]);
  extra.shift = shift!.id;
  const checklist = await as(
    t.app,
    cookies.town_a1!,
  )({ method: 'GET', url: `/api/stations/${world.stations.A1}/checklist` });
  const actor = { ...(await import('../test/network.ts')).actorFor('town_a1', CODES.A1) };
  const ev = await addEvidence(t.deps, actor, world.stations.A1, {
    itemId: checklist.json().items[0].id,
    note: '挂牌照片',
    file: { bytes: PNG_1x1, kind: 'png', filename: 'plaque.png' },
  });
  extra.evidence = ev.id;
});

/** For each parameterised route: an id of a row in town A1, and a well-formed id that exists nowhere. */
const A1_ROW: Record<string, (w: World) => { own: string; missing: string; query?: string }> = {
  '/api/stations/:id': (w) => ({ own: w.stations.A1, missing: randomUUID() }),
  '/api/deputies/:id': (w) => ({ own: w.deputies.A1, missing: randomUUID() }),
  '/api/cases/:id': (w) => ({ own: w.cases.A1, missing: randomUUID() }),
  '/api/regions/:code': () => ({ own: CODES.A1, missing: '439901099000' }),
  '/api/stations/:id/checklist': (w) => ({ own: w.stations.A1, missing: randomUUID() }),
  '/api/stations/:id/rota-rules': (w) => ({ own: w.stations.A1, missing: randomUUID() }),
  '/api/stations/:id/checkin-code': (w) => ({ own: w.stations.A1, missing: randomUUID() }),
  '/api/stations/:id/rota.xlsx': (w) => ({ own: w.stations.A1, missing: randomUUID() }),
  '/api/deputies/:id/qr': (w) => ({ own: w.deputies.A1, missing: randomUUID() }),
  '/api/deputies/:id/card': (w) => ({ own: w.deputies.A1, missing: randomUUID() }),
  '/api/rota/shifts/:id': () => ({ own: extra.shift, missing: randomUUID() }),
  '/api/evidence/:id/file': () => ({ own: extra.evidence, missing: randomUUID() }),
  '/api/cases/:id/timeline': (w) => ({ own: w.cases.A1, missing: randomUUID() }),
  '/api/cases/:id/attachments': (w) => ({ own: w.cases.A1, missing: randomUUID() }),
  '/api/cases/:id/reporter': (w) => ({ own: w.cases.A1, missing: randomUUID(), query: '?reason=核实身份' }),
  '/api/attachments/:id': (w) => ({ own: w.attachmentA1, missing: randomUUID() }),
  '/api/common-issues/:id': (w) => ({ own: w.commonIssueA1, missing: randomUUID() }),
  '/api/stations/:id/appointments': (w) => ({ own: w.stations.A1, missing: randomUUID() }),
};

const apiRoutes = () =>
  t.app.routeTable.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));

async function auditCount(event: string) {
  const rows = await t.database.db.select().from(auditLog).orderBy(desc(auditLog.id));
  return rows.filter((r) => r.event === event).length;
}

describe('every route', () => {
  test('declares who may call it (public or a permission) — deny by default', () => {
    for (const r of t.app.routeTable) {
      assert.ok(r.config.public || r.config.permission, `${r.method} ${r.url} has no guard`);
    }
  });

  test('has an operationId in the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi.slice(0, 2), '3.');
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries(
      doc.paths as Record<string, Record<string, { operationId?: string }>>,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        assert.ok(op.operationId, `${method} ${path} has no operationId`);
        assert.ok(!ids.has(op.operationId), `duplicate operationId ${op.operationId}`);
        ids.add(op.operationId);
      }
    }
    for (const r of apiRoutes().filter((x) => !x.schema.hide)) {
      assert.ok(r.schema.operationId, `${r.method} ${r.url} is missing from the OpenAPI document`);
    }
  });

  test('answers 401 to an anonymous caller unless it is public', async () => {
    for (const r of apiRoutes().filter((x) => !x.config.public)) {
      const url = r.url.replace(':id', randomUUID()).replace(':code', CODES.A1);
      const res = await t.app.inject({
        method: r.method as 'GET',
        url,
        payload: r.method === 'GET' ? undefined : {},
      });
      assert.equal(res.statusCode, 401, `${r.method} ${r.url}`);
      assert.match(String(res.headers['content-type']), /problem\+json/);
    }
  });
});

describe('a town officer of A2 asking for A1’s rows', () => {
  test('gets the same 404 as for a row that does not exist, and the attempt is audited', async () => {
    const call = as(t.app, cookies.town_a2!);
    const routes = apiRoutes().filter((r) => r.method === 'GET' && r.url.includes(':'));
    assert.ok(routes.length >= 4);
    for (const r of routes) {
      const rows = A1_ROW[r.url];
      assert.ok(rows, `${r.url} has a parameter but no entry in the access matrix`);
      const { own, missing, query = '' } = rows(world);
      const param = r.url.includes(':id') ? ':id' : ':code';
      const deniedBefore = await auditCount('scope_denied');
      const foreign = await call({ method: 'GET', url: r.url.replace(param, own) + query });
      const absent = await call({ method: 'GET', url: r.url.replace(param, missing) + query });
      assert.equal(foreign.statusCode, 404, `${r.url} leaked A1's row`);
      assert.equal(absent.statusCode, 404);
      const { requestId: _f, ...f } = foreign.json();
      const { requestId: _a, ...a } = absent.json();
      assert.deepEqual(f, a, `${r.url}: out-of-scope and missing must look the same`);
      assert.ok((await auditCount('scope_denied')) > deniedBefore, `${r.url}: the attempt was not audited`);
    }
  });

  test('while the A1 officer and the county office can read them', async () => {
    for (const who of ['town_a1', 'county_a']) {
      const call = as(t.app, cookies[who]!);
      for (const [url, rows] of Object.entries(A1_ROW)) {
        const param = url.includes(':id') ? ':id' : ':code';
        const res = await call({
          method: 'GET',
          url: url.replace(param, rows(world).own) + (rows(world).query ?? ''),
        });
        assert.equal(res.statusCode, 200, `${who} ${url}`);
      }
    }
  });

  test('cannot widen a list to another region with ?region=, and a malformed code is 400', async () => {
    const call = as(t.app, cookies.town_a1!);
    const lists = apiRoutes().filter((r) => r.method === 'GET' && r.schema.querystring?.properties?.region);
    assert.ok(lists.length >= 4);
    for (const r of lists) {
      const before = await auditCount('scope_denied');
      // Other required parameters get a harmless value, so the region is what is judged.
      const required = ((r.schema.querystring as { required?: string[] } | undefined)?.required ?? [])
        .filter((k) => k !== 'region')
        .map((k) => `&${k}=${encodeURIComponent('沟渠')}`)
        .join('');
      for (const region of [CODES.A2, CODES.B1, CODES.A]) {
        const res = await call({ method: 'GET', url: `${r.url}?region=${region}${required}` });
        assert.equal(res.statusCode, 404, `${r.url}?region=${region}`);
      }
      assert.equal(await auditCount('scope_denied'), before + 3);
      for (const bad of ['44030', '4403000000000', '44030X000000', '%25', '']) {
        const res = await call({ method: 'GET', url: `${r.url}?region=${bad}${required}` });
        assert.equal(res.statusCode, 400, `${r.url}?region=${bad}`);
        assert.match(String(res.headers['content-type']), /problem\+json/);
      }
    }
  });

  test('sees only its own town in every list', async () => {
    const call = as(t.app, cookies.town_a1!);
    for (const url of ['/api/stations', '/api/deputies', '/api/cases']) {
      const res = await call({ method: 'GET', url });
      assert.equal(res.statusCode, 200);
      const items = res.json().items as { regionCode: string }[];
      assert.ok(items.length > 0, url);
      for (const it of items)
        assert.ok(it.regionCode.startsWith('439901001'), `${url} leaked ${it.regionCode}`);
    }
  });
});

describe('roles narrower than a region', () => {
  test('a department handler sees only the cases referred to its department', async () => {
    const call = as(t.app, cookies.dept_a!);
    const list = (await call({ method: 'GET', url: '/api/cases' })).json().items as { id: string }[];
    assert.deepEqual(
      list.map((c) => c.id),
      [world.cases.A1],
    );
    assert.equal((await call({ method: 'GET', url: `/api/cases/${world.cases.A2}` })).statusCode, 404);
  });

  test('a department handler may not list stations (403), and the refusal is audited', async () => {
    const before = await auditCount('permission_denied');
    const res = await as(t.app, cookies.dept_a!)({ method: 'GET', url: '/api/stations' });
    assert.equal(res.statusCode, 403);
    assert.equal(await auditCount('permission_denied'), before + 1);
  });

  test('only the administrator reads the audit log', async () => {
    assert.equal((await as(t.app, cookies.admin!)({ method: 'GET', url: '/api/audit' })).statusCode, 200);
    assert.equal((await as(t.app, cookies.county_a!)({ method: 'GET', url: '/api/audit' })).statusCode, 403);
  });
});

describe('pagination', () => {
  test('a tampered cursor is a 400 problem, not a 500', async () => {
    const call = as(t.app, cookies.county_a!);
    for (const cursor of ['not-base64!', Buffer.from('{"a":1}').toString('base64url'), 'AAAA']) {
      const res = await call({ method: 'GET', url: `/api/cases?cursor=${encodeURIComponent(cursor)}` });
      assert.equal(res.statusCode, 400, cursor);
    }
  });

  test('limit is bounded', async () => {
    const call = as(t.app, cookies.county_a!);
    assert.equal((await call({ method: 'GET', url: '/api/cases?limit=100000' })).statusCode, 400);
    assert.equal((await call({ method: 'GET', url: '/api/cases?limit=0' })).statusCode, 400);
    const one = (await call({ method: 'GET', url: '/api/stations?limit=1' })).json();
    assert.equal(one.items.length, 1);
    assert.ok(one.nextCursor);
    const next = (
      await call({ method: 'GET', url: `/api/stations?limit=1&cursor=${one.nextCursor}` })
    ).json();
    assert.notEqual(next.items[0].id, one.items[0].id);
  });
});
