import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import {
  auditLog,
  cases,
  deputyStations,
  receptions,
  shiftDeputies,
  shiftSwaps,
  users,
} from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { hashPassword } from '../auth/passwords.ts';
import { publishShifts } from './rota.service.ts';

/** The API behind the console's network screens: swaps, the visitor register, grouping, drill-down. */
let t: TestApp;
let world: World;
let town: ReturnType<typeof as>;
let county: ReturnType<typeof as>;
let shiftId = '';
after(() => t?.close());
before(async () => {
  t = await startTestApp(); // 2026-06-15 10:00 Asia/Shanghai
  world = await buildWorld(t.deps);
  town = as(t.app, await loginAs(t.app, 'town_a1', PASSWORD));
  county = as(t.app, await loginAs(t.app, 'county_a', PASSWORD));
  const [s] = await publishShifts(t.deps.db, { id: world.stations.A1, regionCode: CODES.A1 }, [
    { date: '2026-06-15', deputyIds: [world.deputies.A1] },
  ]);
  shiftId = s!.id;
});

const onShift = async () =>
  (await t.database.db.select().from(shiftDeputies).where(eq(shiftDeputies.shiftId, shiftId)))
    .map((r) => r.deputyId)
    .sort();

describe('swaps and substitutes', () => {
  test('a swap without a reason, or to a deputy of another county, changes nothing', async () => {
    const blank = await town({
      method: 'POST',
      url: `/api/rota/shifts/${shiftId}/swap`,
      payload: { fromDeputyId: world.deputies.A1, toDeputyId: world.deputies.A2, reason: '   ' },
    });
    assert.equal(blank.statusCode, 400);
    const foreign = await town({
      method: 'POST',
      url: `/api/rota/shifts/${shiftId}/swap`,
      payload: { fromDeputyId: world.deputies.A1, toDeputyId: world.deputies.B1, reason: '出差' },
    });
    assert.equal(foreign.statusCode, 422);
    assert.deepEqual(await onShift(), [world.deputies.A1]);
    assert.equal((await t.database.db.select().from(shiftSwaps)).length, 0);
  });

  test('a swap with a reason replaces the deputy and shows in the shift’s history by name', async () => {
    const res = await town({
      method: 'POST',
      url: `/api/rota/shifts/${shiftId}/swap`,
      payload: { fromDeputyId: world.deputies.A1, toDeputyId: world.deputies.A2, reason: '外出开会' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(await onShift(), [world.deputies.A2]);
    const shift = (await town({ method: 'GET', url: `/api/rota/shifts/${shiftId}` })).json();
    assert.equal(shift.swaps.length, 1);
    assert.equal(shift.swaps[0].fromName, '代表A1');
    assert.equal(shift.swaps[0].toName, '代表A2');
    assert.equal(shift.swaps[0].reason, '外出开会');
  });
});

describe('the visitor register (接待选民登记簿)', () => {
  test('records who came, what they raised and which deputy; links the case', async () => {
    const res = await town({
      method: 'POST',
      url: `/api/rota/shifts/${shiftId}/receptions`,
      payload: {
        visitorName: '李大妈',
        visitorPhone: '13800001234',
        summary: '村口路灯坏了三个月',
        deputyId: world.deputies.A2,
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id;
    const link = await town({
      method: 'PUT',
      url: `/api/rota/receptions/${id}/case`,
      payload: { caseId: world.cases.A1 },
    });
    assert.equal(link.statusCode, 200, link.body);
    const shift = (await town({ method: 'GET', url: `/api/rota/shifts/${shiftId}` })).json();
    assert.equal(shift.receptions.length, 1);
    const r = shift.receptions[0];
    assert.equal(r.visitorName, '李大妈');
    assert.equal(r.deputyName, '代表A2');
    assert.deepEqual(
      r.cases.map((c: { id: string }) => c.id),
      [world.cases.A1],
    );
    assert.ok(!JSON.stringify(shift).includes('13800001234'), 'the phone is not sent back');
  });

  test('a deputy not on the shift, or a case of another county, is refused and nothing changes', async () => {
    const before = await t.database.db.select().from(receptions);
    const notOn = await town({
      method: 'POST',
      url: `/api/rota/shifts/${shiftId}/receptions`,
      payload: { visitorName: '王伯', summary: '修桥', deputyId: world.deputies.A1 },
    });
    assert.equal(notOn.statusCode, 422);
    const foreignCase = await town({
      method: 'PUT',
      url: `/api/rota/receptions/${before[0]!.id}/case`,
      payload: { caseId: world.cases.B1 },
    });
    assert.equal(foreignCase.statusCode, 404);
    const after = await t.database.db.select().from(receptions);
    assert.deepEqual(after, before);
  });
});

describe('registering an opinion from the visitor register (登记为意见)', () => {
  test('the case keeps the register row and the deputy, and shows on the row', async () => {
    const row = await town({
      method: 'POST',
      url: `/api/rota/shifts/${shiftId}/receptions`,
      payload: { visitorName: '赵大爷', summary: '村里的水渠该清淤了', deputyId: world.deputies.A2 },
    });
    assert.equal(row.statusCode, 201, row.body);
    const receptionId = row.json().id as string;
    const created = await town({
      method: 'POST',
      url: '/api/cases',
      payload: {
        channel: 'reception',
        stationId: world.stations.A1,
        regionCode: CODES.A1v,
        title: '村里的水渠该清淤了',
        content: '村里的水渠该清淤了',
        personName: '赵大爷',
        receptionId,
        deputyIds: [world.deputies.A2],
      },
    });
    assert.equal(created.statusCode, 200, created.body);
    const caseId = created.json().id as string;
    const detail = (await town({ method: 'GET', url: `/api/cases/${caseId}` })).json();
    assert.equal(detail.receptionId, receptionId);
    assert.deepEqual(
      detail.deputies.map((d: { name: string }) => d.name),
      ['代表A2'],
    );
    const shift = (await town({ method: 'GET', url: `/api/rota/shifts/${shiftId}` })).json();
    const r = shift.receptions.find((x: { id: string }) => x.id === receptionId);
    assert.deepEqual(
      r.cases.map((c: { id: string }) => c.id),
      [caseId],
    );
  });

  test('a register row of another station is refused and no case is made', async () => {
    const [row] = await t.database.db.select().from(receptions).limit(1);
    const count = async () => (await t.database.db.select({ id: cases.id }).from(cases)).length;
    const before = await count();
    const res = await county({
      method: 'POST',
      url: '/api/cases',
      payload: {
        channel: 'reception',
        stationId: world.stations.A2,
        regionCode: CODES.A2,
        title: '另一站',
        content: '另一站的登记',
        anonymous: true,
        receptionId: row!.id,
      },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.headers['content-type'] as string, /problem\+json/);
    assert.match(res.json().detail, /接待登记记录不存在/);
    assert.equal(await count(), before);
  });
});

describe('grouping deputies into stations (编组进站)', () => {
  test('a station outside the county of the deputy’s constituency is refused; nothing changes', async () => {
    await t.database.db.insert(users).values({
      username: 'city_office',
      displayName: '市人大联工委',
      passwordHash: await hashPassword(PASSWORD),
      role: 'county_office',
      regionCode: '439900000000',
    });
    const city = as(t.app, await loginAs(t.app, 'city_office', PASSWORD));
    const before = await t.database.db.select().from(deputyStations);
    const res = await city({
      method: 'PUT',
      url: `/api/deputies/${world.deputies.A1}/stations`,
      payload: { stations: [{ stationId: world.stations.B1, role: 'member' }] },
    });
    assert.equal(res.statusCode, 422);
    assert.match(res.json().detail, /不在代表选区所在县/);
    assert.deepEqual(await t.database.db.select().from(deputyStations), before);
  });

  test('a station outside the caller’s scope in the body is a 404, audited, and nothing changes', async () => {
    const townA1 = as(t.app, await loginAs(t.app, 'town_a1', PASSWORD));
    const before = await t.database.db.select().from(deputyStations);
    const res = await townA1({
      method: 'PUT',
      url: `/api/deputies/${world.deputies.A1}/stations`,
      payload: { stations: [{ stationId: world.stations.A2, role: 'member' }] },
    });
    assert.equal(res.statusCode, 404, res.body);
    assert.deepEqual(await t.database.db.select().from(deputyStations), before);
    const denied = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.event, 'scope_denied'), eq(auditLog.objectId, world.stations.A2)));
    assert.equal(denied.length, 1);
  });

  test('grouping with a role in each station shows on the deputy', async () => {
    const res = await county({
      method: 'PUT',
      url: `/api/deputies/${world.deputies.A2}/stations`,
      payload: {
        stations: [
          { stationId: world.stations.A1, role: 'leader' },
          { stationId: world.stations.A2, role: 'member' },
        ],
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    const d = (await county({ method: 'GET', url: `/api/deputies/${world.deputies.A2}` })).json();
    assert.deepEqual(
      d.stationList.map((s: { id: string; role: string }) => [s.id, s.role]).sort(),
      [
        [world.stations.A1, 'leader'],
        [world.stations.A2, 'member'],
      ].sort(),
    );
  });
});

describe('attendance drill-down', () => {
  test('a group’s figure drills down to its deputies and their shifts', async () => {
    await town({
      method: 'POST',
      url: `/api/rota/shifts/${shiftId}/confirm`,
      payload: { deputyId: world.deputies.A2 },
    });
    const byTown = (await county({ method: 'GET', url: '/api/attendance?by=town&period=month' })).json();
    const a1 = byTown.items.find((i: { key: string }) => i.key === CODES.A1);
    assert.equal(a1.rate, 1);
    const deputiesOfTown = (
      await county({ method: 'GET', url: `/api/attendance?by=deputy&period=month&town=${CODES.A1}` })
    ).json();
    assert.deepEqual(
      deputiesOfTown.items.map((i: { key: string }) => i.key),
      [world.deputies.A2],
    );
    assert.equal(deputiesOfTown.items[0].attendedShifts, a1.attendedShifts);
    const other = (
      await county({ method: 'GET', url: `/api/attendance?by=deputy&period=month&town=${CODES.A2}` })
    ).json();
    assert.deepEqual(other.items, []);
    const shifts = (
      await county({
        method: 'GET',
        url: `/api/rota/shifts?deputy=${world.deputies.A2}&from=${deputiesOfTown.period.from}&to=${deputiesOfTown.period.countedTo}`,
      })
    ).json();
    assert.deepEqual(
      shifts.items.map((s: { id: string }) => s.id),
      [shiftId],
    );
    const bad = await county({ method: 'GET', url: '/api/attendance?by=deputy&town=4399' });
    assert.equal(bad.statusCode, 400);
  });
});

describe('checklist templates (七有、十有、本地变体)', () => {
  test('the county rewords and extends 七有 and adds a local variant; a town may not', async () => {
    const list = (await county({ method: 'GET', url: '/api/checklist-templates' })).json().items;
    const qiyou = list.find((x: { key: string }) => x.key === 'qiyou');
    assert.equal(qiyou.items.length, 7);
    const denied = await town({
      method: 'PUT',
      url: '/api/checklist-templates',
      payload: { key: 'qiyou', name: '七有', items: [{ text: '改' }] },
    });
    assert.equal(denied.statusCode, 403);
    const items = qiyou.items.map((i: { id: string; text: string }) => ({ id: i.id, text: i.text }));
    items[0].text = '有固定场所（不少于 30 平方米）';
    const ok = await county({
      method: 'PUT',
      url: '/api/checklist-templates',
      payload: { key: 'qiyou', name: '七有', items: [...items, { text: '有无障碍通道' }] },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const local = await county({
      method: 'PUT',
      url: '/api/checklist-templates',
      payload: { key: 'shanqu', name: '山区版', items: [{ text: '有流动接待点' }, { text: '有接待日公示' }] },
    });
    assert.equal(local.statusCode, 200, local.body);
    const after = (await county({ method: 'GET', url: '/api/checklist-templates' })).json().items;
    const q2 = after.find((x: { key: string }) => x.key === 'qiyou');
    assert.equal(q2.items.length, 8);
    assert.equal(q2.items[0].text, '有固定场所（不少于 30 平方米）');
    assert.equal(q2.items[0].id, qiyou.items[0].id, 'the item keeps its id (evidence points at it)');
    const st = await town({
      method: 'POST',
      url: '/api/stations',
      payload: { kind: 'village', regionCode: CODES.A1v, checklistKey: 'shanqu' },
    });
    assert.equal(st.statusCode, 201, st.body);
    const cl = (await town({ method: 'GET', url: `/api/stations/${st.json().id}/checklist` })).json();
    assert.equal(cl.template.key, 'shanqu');
    assert.equal(cl.completion.total, 2);
  });

  test('an item of another template is refused and nothing changes', async () => {
    const before = (await county({ method: 'GET', url: '/api/checklist-templates' })).json().items;
    const shiyou = before.find((x: { key: string }) => x.key === 'shiyou');
    const res = await county({
      method: 'PUT',
      url: '/api/checklist-templates',
      payload: { key: 'shanqu', name: '山区版', items: [{ id: shiyou.items[0].id, text: '借用' }] },
    });
    assert.equal(res.statusCode, 422);
    const after = (await county({ method: 'GET', url: '/api/checklist-templates' })).json().items;
    assert.deepEqual(after, before);
  });
});
