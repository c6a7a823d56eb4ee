import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildWorld, CODES, PASSWORD, seedTriagedCases, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { registerCase } from '../cases/registration.ts';

let t: TestApp;
let world: World;
let townA1: ReturnType<typeof as>;
let townA2: ReturnType<typeof as>;

after(() => t?.close());
before(async () => {
  t = await startTestApp();
  world = await buildWorld(t.deps);
  await seedTriagedCases(t.deps, t.deps.now());
  townA1 = as(t.app, await loginAs(t.app, 'town_a1', PASSWORD));
  townA2 = as(t.app, await loginAs(t.app, 'town_a2', PASSWORD));
});

describe('similar cases at intake', () => {
  test('finds the same complaint, flags an exact resubmission, and stays inside the caller’s scope', async () => {
    const text = '石桥村村民反映：污水处理厂尾水排入的沟渠堵塞，污水漫到田里。';
    const own = await townA1({
      method: 'POST',
      url: '/api/analytics/similar-cases',
      payload: { text, regionCode: CODES.A1v },
    });
    assert.equal(own.statusCode, 200);
    const items = own.json().items as {
      id: string;
      score: number;
      regionCode: string;
      sharedTerms: string[];
    }[];
    assert.ok(items.length > 0);
    for (const it of items) assert.ok(it.regionCode.startsWith('439901001'), 'leaked another town');
    assert.ok(items.some((i) => i.sharedTerms.length > 0));
    const other = await townA2({ method: 'POST', url: '/api/analytics/similar-cases', payload: { text } });
    for (const it of other.json().items as { regionCode: string }[])
      assert.ok(it.regionCode.startsWith('439901002'));
  });

  test('flags a duplicate of an existing case', async () => {
    const text = 'A1村民反映：污水处理厂尾水排入的沟渠堵塞，污水漫到田里。';
    const res = await townA1({
      method: 'POST',
      url: '/api/analytics/similar-cases',
      payload: { text: `A1村民反映沟渠堵塞\n${text}` },
    });
    const hit = (res.json().items as { id: string; duplicate: string | null }[]).find(
      (i) => i.id === world.cases.A1,
    );
    assert.ok(hit, 'the same case is found');
    assert.ok(hit.duplicate === 'exact' || hit.duplicate === 'near');
  });

  test('flags the same person’s open cases by the phone’s blind index, however unlike the text', async () => {
    const PHONE = '13800138001';
    const reg = (regionCode: string, title: string, content: string, personPhone?: string) =>
      registerCase(
        t.deps,
        t.database.db,
        { regionCode, channel: 'phone', title, content, personPhone },
        { id: null, name: '测试' },
        t.deps.now(),
      );
    const drain = await reg(CODES.A1v, '门前排水沟不通', '我家门前的排水沟堵死了，一下雨就积水进屋', PHONE);
    const pension = await reg(
      CODES.A1v,
      '低保申请咨询',
      '想问问家里老人的低保要怎么申请，需要什么材料',
      PHONE,
    );
    const elsewhere = await reg(CODES.A2, '老屋漏雨', '老屋屋顶漏雨，想申请危房改造', PHONE);
    const stranger = await reg(CODES.A1v, '排水沟堵了', '村里排水沟堵死了，一下雨就积水进屋', '13900139002');
    const ask = (who: typeof townA1, payload: Record<string, unknown>) =>
      who({ method: 'POST', url: '/api/analytics/similar-cases', payload });
    const text = '门前排水沟堵塞，一下雨就积水进屋';
    type Hit = { id: string; samePerson: boolean; score: number; duplicate: string | null };

    // Written another way (+86, spaces): the same number, the same person.
    const res = await ask(townA1, { text, regionCode: CODES.A1v, personPhone: '+86 138 0013 8001' });
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items as Hit[];
    const byId = new Map(items.map((i) => [i.id, i]));
    assert.equal(byId.get(drain.id)?.samePerson, true, 'the same complaint of the same person');
    assert.equal(byId.get(pension.id)?.samePerson, true, 'their other open case, though its text is unlike');
    assert.ok(byId.get(pension.id)!.score < 0.2);
    assert.equal(byId.get(stranger.id)?.samePerson, false, 'a similar text from someone else');
    assert.ok(!byId.has(elsewhere.id), 'the other town is outside the caller’s scope');
    assert.ok(!res.body.includes('13800138001') && !res.body.includes('8001'), 'the phone is not returned');
    // The county office sees the person's case in the other town of the county too.
    const county = as(t.app, await loginAs(t.app, 'county_a', PASSWORD));
    const wide = (await ask(county, { text, regionCode: CODES.A1v, personPhone: PHONE })).json()
      .items as Hit[];
    assert.equal(wide.find((i) => i.id === elsewhere.id)?.samePerson, true);

    // Without the phone, or with a number that is not a mobile: text similarity only.
    for (const personPhone of [undefined, '12345']) {
      const plain = (await ask(townA1, { text, regionCode: CODES.A1v, personPhone })).json().items as Hit[];
      assert.ok(plain.every((i) => !i.samePerson));
      assert.ok(!plain.some((i) => i.id === pension.id), 'an unlike case is not listed without the person');
    }

    // On a case's page: its own phone (the case's blind index) finds the person's other cases.
    const page = await ask(townA1, { text: '门前排水沟不通\n我家门前的排水沟堵死了', excludeId: drain.id });
    const onPage = page.json().items as Hit[];
    assert.ok(!onPage.some((i) => i.id === drain.id));
    assert.equal(onPage.find((i) => i.id === pension.id)?.samePerson, true);
    assert.equal(onPage.find((i) => i.id === stranger.id)?.samePerson, false);

    // A closed case of the person is no longer flagged.
    await t.database.db.execute(sql`update cases set status = 'closed' where id = ${pension.id}`);
    const after = (await ask(townA1, { text, regionCode: CODES.A1v, personPhone: PHONE })).json()
      .items as Hit[];
    assert.ok(!after.some((i) => i.id === pension.id));
  });

  test('a case outside the caller’s scope cannot lend its phone: 404, audited', async () => {
    const res = await townA1({
      method: 'POST',
      url: '/api/analytics/similar-cases',
      payload: { text: '学校门口没有红绿灯', excludeId: world.cases.A2 },
    });
    assert.equal(res.statusCode, 404);
    assert.match(res.headers['content-type'] as string, /problem\+json/);
    const [row] = (
      (await t.database.db.execute(
        sql`select count(*)::int as n from audit_log where object_id = ${world.cases.A2} and event = 'scope_denied'`,
      )) as unknown as { rows: { n: number }[] }
    ).rows;
    assert.ok(row!.n >= 1);
  });

  test('a case stamped before the newest one seen, committed after it, is still found', async () => {
    const ask = (text: string) =>
      townA1({
        method: 'POST',
        url: '/api/analytics/similar-cases',
        payload: { text, regionCode: CODES.A1v },
      });
    const newest = await registerCase(
      t.deps,
      t.database.db,
      { regionCode: CODES.A1v, channel: 'phone', title: '广场舞噪音', content: '晚上十点后广场舞音响太吵' },
      { id: null, name: '测试' },
      t.deps.now(),
    );
    // The index has now seen the newest case.
    assert.ok(
      (await ask('广场舞音响太吵，晚上十点以后还在跳'))
        .json()
        .items.some((i: { id: string }) => i.id === newest.id),
    );
    // A slow transaction (or another process) commits a case stamped 30 s earlier.
    const late = await registerCase(
      t.deps,
      t.database.db,
      {
        regionCode: CODES.A1v,
        channel: 'phone',
        title: '垃圾站异味',
        content: '村口垃圾中转站夏天异味很重，苍蝇多',
      },
      { id: null, name: '测试' },
      new Date(t.deps.now().getTime() - 30_000),
    );
    const items = (await ask('村口垃圾中转站异味重，苍蝇很多')).json().items as { id: string }[];
    assert.ok(
      items.some((i) => i.id === late.id),
      'the late case is in the index',
    );
  });
});
