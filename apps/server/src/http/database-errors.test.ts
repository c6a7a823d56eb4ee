import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { auditLog, caseEvents, cases, deputyStations, notifications } from '../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, type World } from '../test/fixtures.ts';
import { as, freshDatabase, loginAs, startTestApp, type TestApp } from '../test/harness.ts';
import { loggableDatabaseError, pgErrorOf } from './database-errors.ts';
import { registerProblemHandlers } from './problems.ts';

/**
 * The pen test's six inputs that answered 500 and wrote the failing query's parameters (case
 * text) to the error log: each is now a 4xx problem+json, changes nothing, and leaves no trace of
 * what was sent in the log. Fastify's access log keeps the request URL by design (`req.url`);
 * everything else in every line is searched.
 */

/** Captures the app's log lines (pino writes one JSON object a line). */
function logCapture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  /** Every line as text, without the access log's `req` (method, url, host). */
  const text = () =>
    lines
      .map(({ req: _req, ...rest }) => JSON.stringify(rest))
      .join('\n')
      .normalize();
  return { lines, stream, text };
}

function assertNotLogged(log: ReturnType<typeof logCapture>, ...parts: string[]) {
  const text = log.text();
  for (const p of parts) assert.ok(!text.includes(p), `the log holds ${JSON.stringify(p)}:\n${text}`);
}

async function problem(res: Awaited<ReturnType<TestApp['app']['inject']>>, status: number) {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const body = res.json();
  assert.match(String(body.title), /\p{Script=Han}/u);
  return body as Record<string, unknown>;
}

describe('the six inputs of the pen test, through real routes', () => {
  let t: TestApp;
  let world: World;
  const log = logCapture();
  const c: Record<string, ReturnType<typeof as>> = {};

  before(async () => {
    t = await startTestApp(undefined, { logger: { level: 'info', stream: log.stream } });
    world = await buildWorld(t.deps);
    for (const u of ['station_a1', 'county_a']) c[u] = as(t.app, await loginAs(t.app, u, PASSWORD));
  });
  after(() => t?.close());

  async function counts() {
    const n = async (
      table: typeof cases | typeof caseEvents | typeof deputyStations | typeof notifications,
    ) => (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
    const [audit] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    return {
      cases: await n(cases),
      events: await n(caseEvents),
      links: await n(deputyStations),
      outbox: await n(notifications),
      audit: audit!.n,
    };
  }

  const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

  test('a NUL in a case title: 400 naming the field, nothing stored, no case text logged', async () => {
    const before = await counts();
    const title = '村口路灯\u0000不亮-标记甲';
    const content = '村口的路灯坏了一个月，晚上看不见路-标记乙';
    const body = await problem(
      await c.station_a1!({
        method: 'POST',
        url: '/api/cases',
        payload: {
          regionCode: CODES.A1v,
          channel: 'phone',
          title,
          content,
          personName: '王五',
          personPhone: '13800138000',
        },
      }),
      400,
    );
    assert.deepEqual(body.errors, [{ field: 'body/title', message: '不能含有空字符（U+0000）' }]);
    assert.deepEqual(await counts(), before);
    assertNotLogged(log, '标记甲', '标记乙', '村口', '13800138000');
  });

  test('from=2026-02-30: 400 from the date format', async () => {
    const before = await counts();
    for (const url of [
      '/api/rota/shifts?from=2026-02-30',
      `/api/stations/${world.stations.A1}/appointments?from=2026-02-30`,
    ]) {
      const body = await problem(await c.station_a1!({ method: 'GET', url }), 400);
      assert.equal((body.errors as { field: string }[])[0]!.field, 'querystring/from');
    }
    assert.deepEqual(await counts(), before);
    assertNotLogged(log, '2026-02-30');
  });

  test('an over-long numeric id, in the path and in a cursor: 400', async () => {
    const before = await counts();
    await problem(
      await c.station_a1!({ method: 'POST', url: '/api/me/notifications/99999999999999999999/read' }),
      400,
    );
    const forged = cursor([1e20]);
    await problem(await c.station_a1!({ method: 'GET', url: `/api/me/notifications?cursor=${forged}` }), 400);
    assert.deepEqual(await counts(), before);
    assertNotLogged(log, '99999999999999999999', '100000000000000000000', forged);
  });

  test('a cursor whose id is no uuid: bad_cursor on every keyset list', async () => {
    const urls = [
      `/api/cases?cursor=${cursor(['2026-06-01T00:00:00.000Z', 'kein-uuid-标记丙'])}`,
      `/api/deputies?cursor=${cursor(['town', 'kein-uuid-标记丙'])}`,
      `/api/stations?cursor=${cursor([CODES.A1, 'kein-uuid-标记丙'])}`,
      `/api/departments?cursor=${cursor(['甲县', 'kein-uuid-标记丙'])}`,
      `/api/cases?cursor=${cursor(['2026-02-30T00:00:00.000Z', world.cases.A1])}`,
    ];
    const before = await counts();
    for (const url of urls) {
      const body = await problem(await c.county_a!({ method: 'GET', url }), 400);
      assert.equal(body.type, 'https://lianluo.org/problems/bad-cursor', url);
    }
    assert.deepEqual(await counts(), before);
    assertNotLogged(log, 'kein-uuid', '标记丙');
  });

  test("a station twice in a deputy's stations: 422, the links as they were", async () => {
    const before = await counts();
    const body = await problem(
      await c.county_a!({
        method: 'PUT',
        url: `/api/deputies/${world.deputies.A1}/stations`,
        payload: {
          stations: [
            { stationId: world.stations.A1, role: 'member' },
            { stationId: world.stations.A1, role: 'leader' },
          ],
        },
      }),
      422,
    );
    assert.match(String(body.detail), /同一联络站只能编组一次/);
    assert.deepEqual(await counts(), before);
    assertNotLogged(log, world.stations.A1);
  });

  test('a multipart body without a boundary: 400 problem+json, nothing imported', async () => {
    const before = await counts();
    for (const type of [
      'multipart/form-data',
      'multipart/form-data; boundary=',
      'multipart/form-data; charset=utf-8',
    ]) {
      await problem(
        await c.county_a!({
          method: 'POST',
          url: '/api/deputies-import',
          payload: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\n标记丁\r\n--x--\r\n',
          headers: { 'content-type': type },
        }),
        400,
      );
    }
    assert.deepEqual(await counts(), before);
    assertNotLogged(log, '标记丁');
  });

  test('nothing above was logged as an error', () => {
    const errors = log.lines.filter((l) => Number(l.level) >= 50);
    assert.deepEqual(errors, []);
  });
});

/**
 * When input does reach the database and is refused there, the error handler maps the SQLSTATE
 * from Drizzle's `cause` and logs it without the parameters: real errors from the real driver
 * (PGlite, or PostgreSQL under DATABASE_URL), thrown from a route of a bare app.
 */
describe('database errors through the error handler', () => {
  const log = logCapture();
  const SECRET = '群众反映的原文-标记戊';
  let app: FastifyInstance;
  let close: () => Promise<void>;

  before(async () => {
    const database = await freshDatabase();
    close = database.close;
    const db = database.db;
    const queries: Record<string, () => Promise<unknown>> = {
      nul: () => db.execute(sql`select ${`${SECRET}\u0000`}::text`),
      date: () => db.execute(sql`select ${'2026-02-30'}::date, ${SECRET}::text`),
      bigint: () => db.execute(sql`select ${'99999999999999999999'}::bigint, ${SECRET}::text`),
      uuid: () => db.execute(sql`select ${`${SECRET}-not-a-uuid`}::uuid`),
      unique: async () => {
        await db.execute(sql`create table if not exists t_unique (k text primary key)`);
        await db.execute(sql`insert into t_unique values (${SECRET}) on conflict do nothing`);
        return db.execute(sql`insert into t_unique values (${SECRET})`);
      },
      bug: () => db.execute(sql`select * from no_such_table where k = ${SECRET}`),
    };
    app = Fastify({ logger: { level: 'info', stream: log.stream } });
    registerProblemHandlers(app);
    app.get<{ Params: { q: string } }>('/q/:q', async (request) => queries[request.params.q]!());
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await close?.();
  });

  for (const [q, status, sqlState] of [
    ['nul', 400, '22021'],
    ['date', 400, '22008'],
    ['bigint', 400, '22003'],
    ['uuid', 400, '22P02'],
    ['unique', 409, '23505'],
    ['bug', 500, '42P01'],
  ] as const) {
    test(`${sqlState} → ${status}, logged without the parameters`, async () => {
      const from = log.lines.length;
      const res = await app.inject({ method: 'GET', url: `/q/${q}` });
      assert.equal(res.statusCode, status, res.body);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.ok(!res.body.includes('标记戊') && !/select|insert/i.test(res.body), res.body);
      const lines = log.lines.slice(from).filter((l) => l.db);
      assert.equal(lines.length, 1, JSON.stringify(log.lines.slice(from)));
      const entry = lines[0]!;
      assert.equal(entry.level, status >= 500 ? 50 : 40);
      assert.equal((entry.db as { sqlState: string }).sqlState, sqlState);
      if (q === 'unique') assert.equal((entry.db as { constraint: string }).constraint, 't_unique_pkey');
      assertNotLogged(log, '标记戊', 'params');
    });
  }
});

describe('pgErrorOf and the mapping of a DrizzleQueryError-shaped error', () => {
  const shaped = (code: string) =>
    Object.assign(new Error('Failed query: insert into x values ($1)\nparams: 标记己'), {
      query: 'insert into x values ($1)',
      params: ['标记己'],
      cause: Object.assign(new Error('duplicate key value violates unique constraint "x_pkey"'), {
        code,
        constraint: 'x_pkey',
        detail: 'Key (k)=(标记己) already exists.',
      }),
    });

  test('cause.code 23505 → 409 conflict; the log entry keeps the constraint, not the value', async () => {
    const app = Fastify();
    registerProblemHandlers(app);
    app.get('/', async () => {
      throw shaped('23505');
    });
    const res = await app.inject({ method: 'GET', url: '/' });
    await app.close();
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().type, 'https://lianluo.org/problems/conflict');
    assert.equal(res.json().title, '与现有记录冲突');
    const entry = loggableDatabaseError(shaped('23505'))!;
    assert.equal(entry.sqlState, '23505');
    assert.equal(entry.constraint, 'x_pkey');
    assert.equal(entry.query, 'insert into x values ($1)');
    assert.ok(!JSON.stringify(entry).includes('标记己'), JSON.stringify(entry));
  });

  test('a Node error code is no SQLSTATE; the chain is followed a few links only', () => {
    assert.equal(pgErrorOf(Object.assign(new Error('x'), { code: 'EPIPE' })), null);
    assert.equal(pgErrorOf({ cause: { cause: { code: '23503' } } })?.code, '23503');
    assert.equal(pgErrorOf(null), null);
    assert.equal(loggableDatabaseError(new Error('plain')), null);
  });
});
