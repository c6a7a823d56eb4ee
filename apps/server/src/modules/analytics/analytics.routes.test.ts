import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { routingRules } from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, seedTriagedCases, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { transitionCase } from '../cases/transitions/index.ts';

let t: TestApp;
let world: World;
let admin: ReturnType<typeof as>;
let townA1: ReturnType<typeof as>;
let townA2: ReturnType<typeof as>;
let dept: ReturnType<typeof as>;

after(() => t?.close());
before(async () => {
  t = await startTestApp();
  world = await buildWorld(t.deps);
  await seedTriagedCases(t.deps, t.deps.now());
  admin = as(t.app, await loginAs(t.app, 'admin', PASSWORD));
  townA1 = as(t.app, await loginAs(t.app, 'town_a1', PASSWORD));
  townA2 = as(t.app, await loginAs(t.app, 'town_a2', PASSWORD));
  dept = as(t.app, await loginAs(t.app, 'dept_a', PASSWORD));
});

describe('the category classifier', () => {
  test('has nothing to say before a model is trained, and says why', async () => {
    const res = await townA1({
      method: 'POST',
      url: '/api/analytics/suggest-category',
      payload: { text: '沟渠堵塞污水漫田' },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().ok, false);
    assert.match(res.json().reason, /模型/);
  });

  test('is trained by an administrator on the triaged cases, and suggests category and department', async () => {
    assert.equal((await townA1({ method: 'POST', url: '/api/analytics/models' })).statusCode, 403);
    const trained = await admin({ method: 'POST', url: '/api/analytics/models' });
    assert.equal(trained.statusCode, 200, trained.body);
    assert.ok(trained.json().samples >= 36);
    const SEWAGE = '石桥村村民反映：污水处理厂排出的污水堵在沟渠里，漫进了稻田，臭气熏天';
    // No routing rule for the category yet: a category, but no department.
    const unrouted = await townA1({
      method: 'POST',
      url: '/api/analytics/suggest-category',
      payload: { text: SEWAGE },
    });
    assert.equal(unrouted.json().suggestions[0].category, 'environment');
    assert.equal(unrouted.json().department, null);
    // The routing table: the county's environment bureau answers environment cases of county A.
    await t.database.db
      .insert(routingRules)
      .values({ categoryKey: 'environment', regionCode: CODES.A, departmentId: world.departments.A });
    const res = await townA1({
      method: 'POST',
      url: '/api/analytics/suggest-category',
      payload: {
        text: '石桥村村民反映：污水处理厂排出的污水堵在沟渠里，漫进了稻田，臭气熏天',
        caseId: world.cases.A1,
      },
    });
    const body = res.json();
    assert.equal(body.ok, true, JSON.stringify(body));
    assert.equal(body.suggestions[0].category, 'environment');
    assert.equal(body.suggestions[0].name, '环境保护');
    assert.ok(body.suggestions[0].score > 0.4);
    assert.equal(body.modelVersion, trained.json().version);
    assert.deepEqual(body.department, { id: world.departments.A, name: '甲县生态环境局' });
  });

  test('gives no confident nonsense for emoji, punctuation or an unrelated language', async () => {
    for (const text of ['😀😀😀🎉', '！！！？？？……', 'lorem ipsum dolor sit amet']) {
      const res = await townA1({ method: 'POST', url: '/api/analytics/suggest-category', payload: { text } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().ok, false, text);
      assert.ok(res.json().reason.length > 0);
    }
  });

  test('takes 20,000 characters and HTML without trouble; refuses empty text', async () => {
    const long = '道路破损坑洼积水'.repeat(2500);
    assert.equal(
      (await townA1({ method: 'POST', url: '/api/analytics/suggest-category', payload: { text: long } }))
        .statusCode,
      200,
    );
    const html = '<p onclick="x()">学校门口<b>没有</b>红绿灯</p><script>alert(1)</script>';
    const res = await townA1({
      method: 'POST',
      url: '/api/analytics/suggest-category',
      payload: { text: html },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(
      (await townA1({ method: 'POST', url: '/api/analytics/suggest-category', payload: { text: '' } }))
        .statusCode,
      400,
    );
  });

  test('records whether staff took the suggestion, shown to administrators as the acceptance rate', async () => {
    const text = '学校门口没有红绿灯，学生过马路危险';
    const res = await townA2({
      method: 'POST',
      url: '/api/analytics/suggest-category',
      payload: { text, caseId: world.cases.A2 },
    });
    assert.equal(res.json().suggestions[0].category, 'transport');
    // Staff disagree and triage it as environment: the suggestion counts as changed, not taken.
    await transitionCase(
      t.deps,
      t.database.db,
      world.cases.A2,
      'triage',
      { categoryKey: 'environment' },
      { id: null, name: 'x' },
      t.deps.now(),
    );
    const models = (await admin({ method: 'GET', url: '/api/analytics/models' })).json().items;
    const current = models[0];
    assert.equal(current.suggested, 2, 'the A1 suggestion and this one');
    assert.equal(current.decided, 1);
    assert.equal(current.accepted, 0);
    assert.equal(current.acceptanceRate, 0);
  });

  test('does not record a suggestion against a case outside the caller’s scope', async () => {
    const res = await townA2({
      method: 'POST',
      url: '/api/analytics/suggest-category',
      payload: { text: '沟渠堵塞', caseId: world.cases.A1 },
    });
    assert.equal(res.statusCode, 404);
  });
});

describe('reply quality', () => {
  test('flags a reply that promises nothing concrete, and passes one with measures and a date', async () => {
    const weak = await dept({
      method: 'POST',
      url: '/api/analytics/assess-reply',
      payload: {
        caseId: world.cases.A1,
        reply: { kind: 'will_resolve', text: '高度重视，将认真研究，积极推进。' },
      },
    });
    assert.equal(weak.statusCode, 200);
    const codes = (weak.json().flags as { code: string }[]).map((f) => f.code);
    assert.ok(codes.includes('NO_DATE') || codes.includes('NO_MEASURES'), codes.join());
    const good = await dept({
      method: 'POST',
      url: '/api/analytics/assess-reply',
      payload: {
        caseId: world.cases.A1,
        reply: {
          kind: 'will_resolve',
          text: '经现场核查，沟渠确因淤积堵塞导致污水漫溢。我局已责成污水处理厂于7月15日前完成沟渠清淤疏通并修复排放口，届时组织回访。',
          committedDate: '2026-07-15',
        },
      },
    });
    assert.ok(good.json().flags.length < weak.json().flags.length);
    assert.ok(good.json().relevance > weak.json().relevance);
  });

  test('is not available for a case the department was never given', async () => {
    const res = await dept({
      method: 'POST',
      url: '/api/analytics/assess-reply',
      payload: { caseId: world.cases.A2, reply: { text: '已处理' } },
    });
    assert.equal(res.statusCode, 404);
  });
});

describe('keyword search and hotspots', () => {
  test('finds Chinese keywords, ranked, only in scope', async () => {
    const res = await townA1({
      method: 'GET',
      url: `/api/analytics/search?q=${encodeURIComponent('沟渠堵塞')}`,
    });
    assert.equal(res.statusCode, 200);
    const items = res.json().items as { regionCode: string; title: string; rank: number }[];
    assert.ok(items.length > 0);
    for (const i of items) assert.ok(i.regionCode.startsWith('439901001'));
    for (let k = 1; k < items.length; k++) assert.ok(items[k - 1]!.rank >= items[k]!.rank);
    const none = await townA1({
      method: 'GET',
      url: `/api/analytics/search?q=${encodeURIComponent('！！')}`,
    });
    assert.deepEqual(none.json().items, []);
  });

  test('the case list keyword filter uses the same search', async () => {
    const res = await townA1({ method: 'GET', url: `/api/cases?q=${encodeURIComponent('红绿灯')}` });
    assert.ok((res.json().items as unknown[]).length >= 1);
  });

  test('lists this month’s topics with counts and a documented heat score', async () => {
    const res = await townA1({ method: 'GET', url: '/api/analytics/hotspots' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.match(body.heatFormula, /热度/);
    assert.ok(Array.isArray(body.items));
    for (const h of body.items) {
      assert.ok(h.count >= 3);
      assert.ok(h.label.length > 0);
    }
    const bad = await townA1({ method: 'GET', url: '/api/analytics/hotspots?from=2026-06-10&to=2026-06-01' });
    assert.equal(bad.statusCode, 400);
  });
});

describe('intake: the suggestion shown on the form, and linking into a common issue', () => {
  const SEWAGE = '石桥村村民反映：污水处理厂尾水排入的沟渠堵塞，污水漫到田里，臭气熏天。';
  const rate = async () => {
    const m = (await admin({ method: 'GET', url: '/api/analytics/models' })).json().items[0];
    return { suggested: m.suggested, decided: m.decided, accepted: m.accepted, version: m.version };
  };
  const register = async (body: Record<string, unknown>) =>
    townA1({
      method: 'POST',
      url: '/api/cases',
      payload: {
        regionCode: CODES.A1v,
        stationId: world.stations.A1,
        channel: 'reception',
        title: '沟渠堵塞污水漫田',
        content: SEWAGE,
        ...body,
      },
    });

  test('taking or changing the suggestion at intake counts in the acceptance rate', async () => {
    const before = await rate();
    const shown = { modelVersion: before.version, categoryKey: 'environment', score: 0.8 };
    const taken = await register({ categoryKey: 'environment', suggestion: shown });
    assert.equal(taken.statusCode, 200, taken.body);
    const changed = await register({ categoryKey: 'transport', suggestion: shown });
    assert.equal(changed.statusCode, 200, changed.body);
    const after = await rate();
    assert.equal(after.suggested, before.suggested + 2);
    assert.equal(after.decided, before.decided + 2);
    assert.equal(after.accepted, before.accepted + 1);
  });

  test('left without a category at intake, the suggestion is decided at triage, and counted once', async () => {
    const before = await rate();
    const res = await register({
      suggestion: { modelVersion: before.version, categoryKey: 'environment', score: 0.7 },
    });
    const id = res.json().id as string;
    // The case page asks again for the same case: still one suggestion for it.
    await townA1({
      method: 'POST',
      url: '/api/analytics/suggest-category',
      payload: { text: SEWAGE, caseId: id },
    });
    const mid = await rate();
    assert.equal(mid.suggested, before.suggested + 1);
    assert.equal(mid.decided, before.decided);
    const triaged = await townA1({
      method: 'POST',
      url: `/api/cases/${id}/triage`,
      payload: { categoryKey: 'environment' },
    });
    assert.equal(triaged.statusCode, 200, triaged.body);
    const after = await rate();
    assert.equal(after.decided, before.decided + 1);
    assert.equal(after.accepted, before.accepted + 1);
  });

  test('a suggestion from an unknown model is refused and registers nothing', async () => {
    const count = async () =>
      (await townA1({ method: 'GET', url: '/api/cases?limit=100' })).json().items.length as number;
    const n = await count();
    const res = await register({
      suggestion: { modelVersion: 'no-such-model', categoryKey: 'environment', score: 0.5 },
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.headers['content-type'] as string, /problem\+json/);
    assert.equal(await count(), n);
  });

  test('similar cases name their common issue; the new case joins it in one call', async () => {
    // Another issue with members of its own: each issue's count must be of its own cases only.
    const lamps = [
      (await register({ title: '村口路灯不亮', content: '村口路灯坏了一个多月，晚上出行不便' })).json().id,
      (await register({ title: '路灯坏了没人修', content: '村口的路灯一直不亮，老人晚上摔倒过' })).json().id,
    ];
    const other = await townA1({
      method: 'POST',
      url: '/api/common-issues',
      payload: { regionCode: CODES.A1, title: '村口路灯不亮', caseIds: lamps },
    });
    assert.equal(other.statusCode, 200, other.body);
    // The fixture's A1 case joins the common issue first (before, it was referred; link a fresh one).
    const member = (await register({})).json().id as string;
    const linked = await townA1({
      method: 'POST',
      url: `/api/cases/${member}/link`,
      payload: { commonIssueId: world.commonIssueA1 },
    });
    assert.equal(linked.statusCode, 200, linked.body);
    const fresh = (await register({})).json().id as string;
    const res = await townA1({
      method: 'POST',
      url: '/api/analytics/similar-cases',
      payload: { text: SEWAGE, regionCode: CODES.A1v, excludeId: fresh },
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    const hit = body.items.find((i: { id: string }) => i.id === member);
    assert.ok(hit, 'the member case is similar');
    assert.equal(hit.commonIssue.id, world.commonIssueA1);
    assert.equal(hit.linkable, true);
    const referred = body.items.find((i: { id: string }) => i.id === world.cases.A1);
    if (referred) assert.equal(referred.linkable, false, 'a referred case cannot join an issue');
    assert.equal(body.issues[0].id, world.commonIssueA1);
    assert.ok(body.issues[0].caseCount >= 1);
    assert.equal(hit.commonIssue.caseCount, body.issues[0].caseCount, "the issue's own members only");
    assert.ok(body.issues[0].sharedTerms.length > 0);
    const join = await townA1({
      method: 'POST',
      url: `/api/cases/${fresh}/link`,
      payload: { commonIssueId: body.issues[0].id },
    });
    assert.equal(join.statusCode, 200);
    assert.equal(join.json().commonIssueId, world.commonIssueA1);
  });

  test('with no common issue yet, one is created from the new case and a similar one', async () => {
    const a = (
      await register({ title: '卫生院缺儿科医生', content: '石桥村卫生院没有儿科医生，孩子看病要跑县城' })
    ).json().id;
    const b = (
      await register({ title: '儿科医生缺乏', content: '卫生院缺少儿科医生，孩子生病只能去县城' })
    ).json().id;
    const res = await townA1({
      method: 'POST',
      url: '/api/common-issues',
      payload: { regionCode: CODES.A1, title: '卫生院缺儿科医生', caseIds: [b, a] },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().caseCount, 2);
    for (const id of [a, b]) {
      const c = (await townA1({ method: 'GET', url: `/api/cases/${id}` })).json();
      assert.equal(c.commonIssueId, res.json().id);
    }
  });
});
