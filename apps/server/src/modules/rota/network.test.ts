import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { deputies, notifications, regions } from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { PNG_1x1 } from '../../test/network.ts';
import { checkInToken } from './checkin-token.ts';
import { enqueueReminders } from './rota.manage.ts';

/** Issue 4 end to end through the API: the station network, the roster, the rota, check-in and 进站率. */
let t: TestApp;
let world: World;
let town: ReturnType<typeof as>;
let county: ReturnType<typeof as>;
after(() => t?.close());
before(async () => {
  t = await startTestApp(); // 2026-06-15 10:00 Asia/Shanghai, a Monday
  world = await buildWorld(t.deps);
  town = as(t.app, await loginAs(t.app, 'town_a1', PASSWORD));
  county = as(t.app, await loginAs(t.app, 'county_a', PASSWORD));
});

function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer; type?: string }) {
  const boundary = '----lianluo-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function xlsx(rows: string[][], merge?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('代表名册');
  for (const r of rows) ws.addRow(r);
  if (merge) ws.mergeCells(merge);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const HEADER = ['姓名', '性别', '公民身份号码', '代表层级', '选区区划代码', '选区', '联络站'];
const ID1 = '11010519491231002X';
const ID2 = '110105194912310046';

let stationId = '';

describe('stations and the standards checklist', () => {
  test('a town officer creates a station with the unified name; another town’s region is a 404', async () => {
    const res = await town({
      method: 'POST',
      url: '/api/stations',
      payload: { kind: 'village', regionCode: CODES.A1v, address: '石桥村村委会' },
    });
    assert.equal(res.statusCode, 201, res.body);
    stationId = res.json().id;
    const got = (await town({ method: 'GET', url: `/api/stations/${stationId}` })).json();
    assert.equal(got.name, '石桥村人大代表联络点');
    const foreign = await town({
      method: 'POST',
      url: '/api/stations',
      payload: { kind: 'town', regionCode: CODES.A2 },
    });
    assert.equal(foreign.statusCode, 404);
  });

  test('evidence fills the 七有 checklist; a disguised file is refused', async () => {
    const list = (await town({ method: 'GET', url: `/api/stations/${stationId}/checklist` })).json();
    assert.equal(list.template.name, '七有');
    assert.equal(list.items.length, 7);
    assert.deepEqual(list.completion, { done: 0, total: 7, rate: 0 });
    const ok = await town({
      method: 'POST',
      url: `/api/stations/${stationId}/evidence`,
      ...multipart({ itemId: list.items[1].id, note: '已挂牌' }, { name: 'p.png', bytes: PNG_1x1 }),
    });
    assert.equal(ok.statusCode, 201, ok.body);
    const html = await town({
      method: 'POST',
      url: `/api/stations/${stationId}/evidence`,
      ...multipart(
        { itemId: list.items[0].id },
        { name: 'x.jpg', bytes: Buffer.from('<html><script>alert(1)</script></html>'), type: 'image/jpeg' },
      ),
    });
    assert.equal(html.statusCode, 415);
    const after = (await town({ method: 'GET', url: `/api/stations/${stationId}/checklist` })).json();
    assert.equal(after.completion.done, 1);
    assert.equal(after.items[1].evidence[0].recordedByName, 'town_a1');
    const summary = (await county({ method: 'GET', url: '/api/stations-checklist-summary' })).json();
    assert.equal(summary.towns.find((x: { code: string }) => x.code === CODES.A1).done, 1);
    const graded = await town({
      method: 'POST',
      url: `/api/stations/${stationId}/assessments`,
      payload: { grade: 'second', note: '基本达标' },
    });
    assert.equal(graded.statusCode, 201);
    assert.equal((await town({ method: 'GET', url: `/api/stations/${stationId}` })).json().grade, 'second');
  });
});

describe('deputy roster import', () => {
  const imp = async (bytes: Buffer) =>
    town({ method: 'POST', url: '/api/deputies-import', ...multipart({}, { name: 'r.xlsx', bytes }) });
  const count = async () =>
    (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(deputies))[0]!.n;

  test('refuses missing columns, merged cells, duplicate ID numbers and a 50 MB file — importing nothing', async () => {
    const before = await count();
    const missing = await imp(
      await xlsx([
        ['姓名', '性别'],
        ['王五', '男'],
      ]),
    );
    assert.equal(missing.statusCode, 422);
    assert.match(missing.json().detail, /缺少必填列：公民身份号码/);
    const merged = await imp(
      await xlsx([HEADER, ['王五', '男', ID1, '乡镇', CODES.A1v, '一选区', '']], 'A2:B2'),
    );
    assert.equal(merged.statusCode, 422);
    assert.match(merged.json().detail, /合并单元格/);
    const dup = await imp(
      await xlsx([
        HEADER,
        ['王五', '男', ID1, '乡镇', CODES.A1v, '一选区', ''],
        ['赵六', '女', ID1, '乡镇', CODES.A1v, '一选区', ''],
      ]),
    );
    assert.equal(dup.statusCode, 422);
    assert.deepEqual(
      dup.json().errors.map((e: { row: number }) => e.row),
      [3],
    );
    const big = await imp(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(50 * 1024 * 1024)]));
    assert.equal(big.statusCode, 413);
    assert.equal(await count(), before);
  });

  test('imports a clean roster in full, grouped into its stations, and exports it', async () => {
    const tpl = await town({ method: 'GET', url: '/api/deputies-import/template' });
    assert.equal(tpl.statusCode, 200);
    const res = await imp(
      await xlsx([
        HEADER,
        ['王五', '男', ID1, '乡镇', CODES.A1v, '一选区', '石桥村人大代表联络点'],
        ['赵六', '女', ID2, '县', CODES.A1, '二选区', '石桥村人大代表联络点'],
      ]),
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().imported, 2);
    const again = await imp(await xlsx([HEADER, ['王五', '男', ID1, '乡镇', CODES.A1v, '一选区', '']]));
    assert.equal(again.statusCode, 422, 'the same ID number twice on the roster');
    const list = (await town({ method: 'GET', url: `/api/deputies?station=${stationId}` })).json();
    assert.equal(list.items.length, 2);
    const exp = await town({ method: 'GET', url: '/api/deputies-export' });
    assert.equal(exp.statusCode, 200);
    assert.equal(exp.rawPayload.subarray(0, 2).toString(), 'PK');
    const qr = await town({ method: 'GET', url: `/api/deputies/${list.items[0].id}/qr?format=png` });
    assert.equal(qr.headers['content-type'], 'image/png');
    const svg = await town({ method: 'GET', url: `/api/deputies/${list.items[0].id}/qr` });
    assert.match(svg.body, /<svg/);
  });
});

describe('rota, check-in and 进站率', () => {
  let ruleId = '';
  let ids: string[] = [];
  test('refuses a rule with no date, and a deputy from another county', async () => {
    ids = (await town({ method: 'GET', url: `/api/deputies?station=${stationId}` }))
      .json()
      .items.map((d: { id: string }) => d.id);
    const none = await town({
      method: 'POST',
      url: `/api/stations/${stationId}/rota-rules`,
      payload: {
        rule: { kind: 'market_days', dates: ['2025-01-02'] },
        startTime: '10:00',
        endTime: '11:30',
        perShift: 1,
        deputyIds: ids,
      },
    });
    assert.equal(none.statusCode, 201);
    const pub = await town({
      method: 'POST',
      url: `/api/rota-rules/${none.json().id}/publish`,
      payload: { from: '2026-07-01', to: '2026-12-31' },
    });
    assert.equal(pub.statusCode, 422);
    assert.match(pub.json().detail, /没有接待日/);
    const written = (await town({ method: 'GET', url: `/api/rota/shifts?station=${stationId}` })).json();
    assert.equal(written.items.length, 0, 'no shift was written');
    const foreign = await county({
      method: 'POST',
      url: `/api/stations/${stationId}/rota-rules`,
      payload: {
        rule: { kind: 'monthly', day: 15 },
        startTime: '10:00',
        endTime: '11:30',
        perShift: 1,
        deputyIds: [world.deputies.B1],
      },
    });
    assert.equal(foreign.statusCode, 422);
    assert.match(foreign.json().detail, /选区不在该联络站所在县/);
  });

  test('a 15th-of-the-month rule publishes fair shifts, moved off holidays, on the public page', async () => {
    const res = await town({
      method: 'POST',
      url: `/api/stations/${stationId}/rota-rules`,
      payload: {
        rule: { kind: 'monthly', day: 15 },
        startTime: '10:00',
        endTime: '11:30',
        perShift: 1,
        deputyIds: ids,
      },
    });
    ruleId = res.json().id;
    const pub = await town({
      method: 'POST',
      url: `/api/rota-rules/${ruleId}/publish`,
      payload: { from: '2026-06-01', to: '2026-12-31' },
    });
    assert.equal(pub.statusCode, 200, pub.body);
    // 2026-08-15 is a Saturday → Monday the 17th; 2026-11-15 a Sunday → the 16th.
    assert.deepEqual(pub.json().dates, [
      '2026-06-15',
      '2026-07-15',
      '2026-08-17',
      '2026-09-15',
      '2026-10-15',
      '2026-11-16',
      '2026-12-15',
    ]);
    const twice = await town({
      method: 'POST',
      url: `/api/rota-rules/${ruleId}/publish`,
      payload: { from: '2026-06-01', to: '2026-12-31' },
    });
    assert.equal(twice.statusCode, 409);
    const shifts = (await town({ method: 'GET', url: `/api/rota/shifts?station=${stationId}` })).json().items;
    const per = new Map<string, number>();
    for (const s of shifts) for (const d of s.deputies) per.set(d.id, (per.get(d.id) ?? 0) + 1);
    assert.deepEqual([...per.values()].sort(), [3, 4]);
    const page = await t.app.inject({ method: 'GET', url: `/p/stations/${stationId}` });
    assert.match(page.body, /2026-07-15/);
    const wall = await town({ method: 'GET', url: `/api/stations/${stationId}/rota.xlsx` });
    assert.equal(wall.statusCode, 200);
  });

  test('a rule that cannot give every deputy a shift each quarter is refused, naming them; nothing written', async () => {
    const count = async () =>
      (
        await town({
          method: 'GET',
          url: `/api/rota/shifts?station=${stationId}&from=2026-01-01&to=2026-03-31`,
        })
      ).json().items.length;
    const res = await town({
      method: 'POST',
      url: `/api/stations/${stationId}/rota-rules`,
      payload: {
        rule: { kind: 'market_days', dates: ['2026-03-20'] },
        startTime: '14:00',
        endTime: '16:00',
        perShift: 1,
        deputyIds: ids,
      },
    });
    assert.equal(res.statusCode, 201);
    const before = await count();
    const pub = await town({
      method: 'POST',
      url: `/api/rota-rules/${res.json().id}/publish`,
      payload: { from: '2026-01-01', to: '2026-03-31' },
    });
    assert.equal(pub.statusCode, 422);
    const problem = pub.json();
    assert.match(problem.detail, /每季度至少 1 次/);
    assert.equal(problem.errors.length, 1);
    assert.equal(problem.errors[0].quarter, '2026-Q1');
    assert.ok(ids.includes(problem.errors[0].deputyId));
    assert.ok(problem.detail.includes(problem.errors[0].name));
    assert.equal(await count(), before);
  });

  test('an overlapping booking for one deputy is refused', async () => {
    const shifts = (
      await town({
        method: 'GET',
        url: `/api/rota/shifts?station=${stationId}&from=2026-07-15&to=2026-07-15`,
      })
    ).json().items;
    const onIt = shifts[0].deputies[0].id;
    const other = await town({
      method: 'POST',
      url: `/api/stations/${world.stations.A1}/rota-rules`,
      payload: {
        rule: { kind: 'market_days', dates: ['2026-07-15'] },
        startTime: '11:00',
        endTime: '12:00',
        perShift: 1,
        deputyIds: [world.deputies.A1],
      },
    });
    await town({
      method: 'POST',
      url: `/api/rota-rules/${other.json().id}/publish`,
      payload: { from: '2026-07-01', to: '2026-07-31' },
    });
    const s2 = (
      await town({
        method: 'GET',
        url: `/api/rota/shifts?station=${world.stations.A1}&from=2026-07-15&to=2026-07-15`,
      })
    ).json().items[0];
    const res = await town({
      method: 'POST',
      url: `/api/rota/shifts/${s2.id}/deputies`,
      payload: { deputyId: onIt },
    });
    assert.equal(res.statusCode, 409);
    assert.match(res.json().detail, /时间重叠/);
    const swap = await town({
      method: 'POST',
      url: `/api/rota/shifts/${s2.id}/swap`,
      payload: { fromDeputyId: world.deputies.A1, toDeputyId: onIt, reason: '外出' },
    });
    assert.equal(swap.statusCode, 409);
    const after = (await town({ method: 'GET', url: `/api/rota/shifts/${s2.id}` })).json();
    assert.deepEqual(
      after.deputies.map((d: { id: string }) => d.id),
      [world.deputies.A1],
      'nothing changed on the shift',
    );
    assert.deepEqual(after.swaps, []);
  });

  test('the day before, each rostered deputy gets one reminder in the outbox', async () => {
    const now = new Date('2026-07-14T02:00:00Z');
    const n = await enqueueReminders(t.deps.db, '439901', now);
    assert.equal(n, 2);
    assert.equal(await enqueueReminders(t.deps.db, '439901', now), 0);
    const rows = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.template, 'rota_reminder'));
    assert.equal(rows.length, 2);
  });

  test('check-in: another day’s or another station’s code is refused; today’s moves 进站率', async () => {
    const shifts = (
      await town({
        method: 'GET',
        url: `/api/rota/shifts?station=${stationId}&from=2026-06-15&to=2026-06-15`,
      })
    ).json().items;
    const deputyId = shifts[0].deputies[0].id;
    const [dep] = await t.database.db.select().from(deputies).where(eq(deputies.id, deputyId));
    const { users } = await import('../../db/schema/index.ts');
    const { hashPassword } = await import('../auth/passwords.ts');
    await t.database.db.insert(users).values({
      username: 'deputy_new',
      displayName: dep!.name,
      passwordHash: await hashPassword(PASSWORD),
      role: 'deputy',
      regionCode: CODES.A1,
      deputyId,
    });
    const me = as(t.app, await loginAs(t.app, 'deputy_new', PASSWORD));
    const yesterday = checkInToken(t.deps.crypto, stationId, '2026-06-14');
    const r1 = await me({
      method: 'POST',
      url: '/api/rota/checkin',
      payload: { stationId, token: yesterday },
    });
    assert.equal(r1.statusCode, 422);
    assert.match(r1.json().detail, /只在当天有效/);
    const otherStation = checkInToken(t.deps.crypto, world.stations.A1, '2026-06-15');
    const r2 = await me({
      method: 'POST',
      url: '/api/rota/checkin',
      payload: { stationId, token: otherStation },
    });
    assert.equal(r2.statusCode, 422);
    const before = (await county({ method: 'GET', url: '/api/attendance?by=station&period=quarter' })).json();
    const code = (await town({ method: 'GET', url: `/api/stations/${stationId}/checkin-code` })).json();
    const ok = await me({
      method: 'POST',
      url: '/api/rota/checkin',
      payload: { stationId, token: code.token },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().attendance, 'present');
    const afterIt = (
      await county({ method: 'GET', url: '/api/attendance?by=station&period=quarter' })
    ).json();
    const rate = (r: { items: { key: string; rate: number }[] }) =>
      r.items.find((i) => i.key === stationId)!.rate;
    assert.equal(rate(before), 0);
    assert.equal(rate(afterIt), 1);
    assert.match(afterIt.definition, /进站率/);
    const byLevel = (await county({ method: 'GET', url: '/api/attendance?by=level&period=year' })).json();
    assert.ok(byLevel.items.length >= 1);
    const exp = await county({ method: 'GET', url: '/api/attendance/export?by=level&period=year' });
    assert.equal(exp.statusCode, 200);
  });
});

describe('regions import', () => {
  test('a code of the wrong shape or with a missing parent is refused with its row number', async () => {
    const csv = `代码,名称\n439901001002,新村\n43990100100,短码\n439901077001,孤村\n`;
    const res = await county({
      method: 'POST',
      url: '/api/regions-import',
      ...multipart({}, { name: 'r.csv', bytes: Buffer.from(csv) }),
    });
    assert.equal(res.statusCode, 422);
    assert.deepEqual(
      res.json().errors.map((e: { row: number }) => e.row),
      [3, 4],
    );
    const [none] = await t.database.db.select().from(regions).where(eq(regions.code, '439901001002'));
    assert.equal(none, undefined);
    const gbk = Buffer.from([...Buffer.from('439901001002,'), 0xd0, 0xc2, 0xb4, 0xe5, 0x0a]); // 新村 in GBK
    const ok = await county({
      method: 'POST',
      url: '/api/regions-import',
      ...multipart({}, { name: 'r.csv', bytes: gbk }),
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const [row] = await t.database.db.select().from(regions).where(eq(regions.code, '439901001002'));
    assert.equal(row!.name, '新村');
  });
});
