import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PUBLIC_LIMITS } from '@lianluo/domain';
import { eq, sql } from 'drizzle-orm';
import { cases, categorySuggestions, idempotencyKeys } from '../../db/schema/index.ts';
import { buildWorld, CODES, seedTriagedCases, type World } from '../../test/fixtures.ts';
import { startTestApp, type TestApp } from '../../test/harness.ts';
import { createCommonIssue, publishCase } from '../cases/facts.ts';
import { registerCase } from '../cases/registration.ts';
import { transitionCase } from '../cases/transitions/index.ts';

/**
 * The raise-an-opinion form's help while a person types (POST /p/opinion/insight): the category the
 * classifier suggests, and what is already public and similar near the station — board items
 * (approved text and result) and common-issue titles — never a case's own text or a person's data.
 */
let t: TestApp;
let world: World;
let ipSeq = 0;
const newIp = () => `10.9.0.${++ipSeq}`;
const staff = { id: null, name: '测试' };

/** What a villager types on the form: the same trouble as the published item and the issue. */
const TYPED = '我们石桥村的沟渠被养殖场污水堵塞了，污水漫到田里，臭气熏天，请帮忙疏通';

const PUBLISHED_TEXT = '石桥村群众反映沟渠堵塞、养殖污水漫进稻田，镇政府已组织清淤疏通，养殖场已整改。';
/** Private details of the published case: never to be found or shown through the form. */
const PRIVATE = { name: '欧阳娜娜', phone: '13712345678', address: '石桥村5组18号' };
const UNPUBLISHED_TEXT =
  '石桥村3组沟渠被养殖场污水堵塞，污水漫田发臭，赵桂兰 13698765432 反映，家住石桥村3组6号';

let publishedNumber = '';
let otherCountyNumber = '';
let issueTitle = '';

async function ask(body: unknown, ip = newIp()) {
  return t.app.inject({
    method: 'POST',
    url: '/p/opinion/insight',
    payload: body as Record<string, unknown>,
    headers: { accept: 'application/json' },
    remoteAddress: ip,
  });
}

async function counts() {
  const n = async (table: typeof cases | typeof categorySuggestions | typeof idempotencyKeys) =>
    (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  return { cases: await n(cases), suggestions: await n(categorySuggestions), keys: await n(idempotencyKeys) };
}

after(() => t?.close());
before(async () => {
  t = await startTestApp();
  world = await buildWorld(t.deps);
  const db = t.database.db;
  await seedTriagedCases(t.deps, t.deps.now());
  assert.ok(await t.app.insight.train('admin'));

  // On the A1 board: the result of an opinion, its private details kept out of the approved text.
  const published = await registerCase(
    t.deps,
    db,
    {
      regionCode: CODES.A1,
      stationId: world.stations.A1,
      channel: 'qr',
      title: '沟渠被养殖污水堵塞',
      content: `${PRIVATE.name}反映：家门口沟渠被养殖场污水堵塞，污水漫进稻田。电话${PRIVATE.phone}，住${PRIVATE.address}。`,
      personName: PRIVATE.name,
      personPhone: PRIVATE.phone,
      address: PRIVATE.address,
      consentPublish: true,
    },
    staff,
    t.clock.now(),
  );
  await publishCase(db, published.id, PUBLISHED_TEXT, staff, t.clock.now());
  publishedNumber = published.number;
  // As alike, but not published: the person's own text stays inside.
  await registerCase(
    t.deps,
    db,
    {
      regionCode: CODES.A1,
      stationId: world.stations.A1,
      channel: 'qr',
      title: '沟渠堵塞污水漫田',
      content: UNPUBLISHED_TEXT,
      personName: '赵桂兰',
      personPhone: '13698765432',
      consentPublish: true,
    },
    staff,
    t.clock.now(),
  );
  // Published, but in another county: not near this station.
  await publishCase(db, world.cases.B1, '乙一镇沟渠堵塞、污水漫田，已清淤。', staff, t.clock.now());
  otherCountyNumber = (await db.select().from(cases).where(eq(cases.id, world.cases.B1)))[0]!.number;
  // A common issue whose title carries a phone number is never shown.
  await createCommonIssue(db, { regionCode: CODES.A1, title: '沟渠污水 13611112222' }, staff, t.clock.now());
  issueTitle = '沟渠堵塞'; // world.commonIssueA1
});

describe('while a person types on the public form', () => {
  test('the classifier suggests the category by its Chinese name, with a signed token', async () => {
    const res = await ask({ text: TYPED, station: world.stations.A1 });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /application\/json/);
    const { suggestion } = res.json();
    assert.equal(suggestion.ok, true, JSON.stringify(suggestion));
    assert.equal(suggestion.items[0].category, 'environment');
    assert.equal(suggestion.items[0].name, '环境保护');
    assert.ok(suggestion.items[0].score > 0.4 && suggestion.items[0].score <= 1);
    assert.ok(suggestion.items.length <= 3);
    assert.match(suggestion.token, /^[^|]+\|environment\|0\.\d+\|.+$/);
  });

  test('similar: the published board item and the common-issue title, with score and shared terms', async () => {
    const res = await ask({ text: TYPED, station: world.stations.A1 });
    const { similar } = res.json();
    assert.equal(similar.items.length, 1, JSON.stringify(similar));
    const item = similar.items[0];
    assert.equal(item.number, publishedNumber);
    assert.equal(item.publicText, PUBLISHED_TEXT);
    // Not the title typed at intake: staff approved only the public text.
    assert.equal(item.title, undefined);
    assert.equal(item.station, 'A1人大代表联络站');
    assert.ok(item.score > 0.1 && item.score <= 1);
    // The reason: key terms found in both what was typed and the approved text.
    assert.ok(item.sharedTerms.length > 0);
    for (const term of item.sharedTerms as string[])
      assert.ok(TYPED.includes(term) && PUBLISHED_TEXT.includes(term), term);
    assert.equal(item.sameTown, true);
    assert.equal(item.href, `/p/board?station=${world.stations.A1}&q=${encodeURIComponent(publishedNumber)}`);
    // The link opens the board on that very item.
    const board = await t.app.inject({ method: 'GET', url: item.href });
    assert.equal(board.statusCode, 200);
    assert.ok(board.body.includes(publishedNumber) && board.body.includes(PUBLISHED_TEXT));
    assert.match(board.body, /找到 1 条/);

    assert.deepEqual(
      similar.issues.map((i: { title: string }) => i.title),
      [issueTitle],
    );
    assert.equal(similar.issues[0].caseCount, 0);
    assert.deepEqual(similar.issues[0].sharedTerms, ['沟渠', '堵塞']);
    assert.ok(similar.issues[0].score > 0.1);
  });

  test('never an unpublished case, another county, a name, a phone or an address', async () => {
    const res = await ask({ text: UNPUBLISHED_TEXT, station: world.stations.A1 });
    assert.equal(res.statusCode, 200);
    const raw = res.body;
    for (const secret of [
      UNPUBLISHED_TEXT.slice(0, 12),
      '赵桂兰',
      '13698765432',
      '张三丰',
      '13800138000',
      '污水处理厂尾水',
      PRIVATE.name,
      PRIVATE.phone,
      PRIVATE.address,
      otherCountyNumber,
      '乙一镇',
      '13611112222',
    ]) {
      assert.ok(!raw.includes(secret), `leaks ${secret}`);
    }
    for (const key of ['personName', 'personPhone', 'address', 'content', 'id']) {
      assert.ok(!raw.includes(`"${key}"`), `carries ${key}`);
    }
  });

  test("a published case's private text cannot be probed: its name or phone finds nothing", async () => {
    // (石桥村 itself is in the approved text, so only the private part of the address is typed.)
    for (const text of [`${PRIVATE.name}反映的问题`, `电话${PRIVATE.phone}`, '住5组18号']) {
      const res = await ask({ text: `${text}怎么样了`, station: world.stations.A1 });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json().similar.items, [], text);
    }
  });

  test('an item published later is offered once the index catches up; the county after the town', async () => {
    const text = 'A2村民反映沟渠堵塞，污水漫田，已清淤疏通。';
    // Asked once now, so the index has synced before the new item.
    await ask({ text: TYPED, station: world.stations.A1 });
    await publishCase(t.database.db, world.cases.A2, text, staff, t.clock.now());
    t.clock.advance(11_000);
    const res = await ask({ text: TYPED, station: world.stations.A1 });
    const items = res.json().similar.items as { publicText: string; sameTown: boolean; number: string }[];
    const a2 = items.find((i) => i.publicText === text);
    assert.ok(a2, JSON.stringify(items));
    assert.equal(a2.sameTown, false);
    assert.equal(items.find((i) => i.number === publishedNumber)?.sameTown, true);
  });

  test('from a station of another county, the A1 board item is not offered', async () => {
    const res = await ask({ text: TYPED, station: world.stations.B1 });
    const numbers = res.json().similar.items.map((i: { number: string }) => i.number);
    assert.ok(!numbers.includes(publishedNumber));
    assert.deepEqual(numbers, [otherCountyNumber]);
    assert.deepEqual(res.json().similar.issues, []);
  });
});

describe('bad input gets a clear answer and nothing is stored', () => {
  test('empty, 20,000 characters, HTML: problem+json in Chinese; emoji only: no suggestion, with a reason', async () => {
    const before = await counts();
    const problems: [unknown, number, RegExp][] = [
      [{ text: '', station: world.stations.A1 }, 400, /请填写/],
      [{ text: ' \u200b\u200b ', station: world.stations.A1 }, 400, /请填写/],
      [{ station: world.stations.A1 }, 400, /请填写/],
      [{ text: '沟渠堵塞'.repeat(5000), station: world.stations.A1 }, 400, /内容过长/],
      [{ text: '<script>alert(1)</script>沟渠堵塞', station: world.stations.A1 }, 400, /网页代码/],
      [{ text: TYPED, station: 'not-a-station' }, 404, /联络站/],
      [{ text: TYPED }, 404, /联络站/],
    ];
    for (const [body, status, title] of problems) {
      const res = await ask(body);
      assert.equal(res.statusCode, status, res.body.slice(0, 200));
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.match(res.json().title, title);
    }
    for (const text of ['😀😀😀🎉🎉', '！！！？？？……']) {
      const res = await ask({ text, station: world.stations.A1 });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.suggestion.ok, false);
      assert.match(body.suggestion.reason, /标点或表情/);
      assert.deepEqual(body.similar, { items: [], issues: [] });
    }
    assert.deepEqual(await counts(), before);
  });

  test('past the limit per IP (in the database): 429 with Retry-After; another person is not held up', async () => {
    const ip = newIp();
    const max = PUBLIC_LIMITS.insightIp.max;
    for (let i = 0; i < max; i++) {
      const res = await ask({ text: i % 2 ? '😀😀' : '', station: world.stations.A1 }, ip);
      assert.ok(res.statusCode === 200 || res.statusCode === 400, res.body);
    }
    const limited = await ask({ text: TYPED, station: world.stations.A1 }, ip);
    assert.equal(limited.statusCode, 429);
    assert.match(limited.json().title, /频繁/);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal((await ask({ text: TYPED, station: world.stations.A1 })).statusCode, 200);
    t.clock.advance(PUBLIC_LIMITS.insightIp.windowSeconds * 1000);
    assert.equal((await ask({ text: TYPED, station: world.stations.A1 }, ip)).statusCode, 200);
  });
});

describe('the suggestion is recorded with the opinion', () => {
  type Part = string;
  function multipart(fields: Record<string, Part>) {
    const boundary = '----lianluo-insight';
    const body = Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('');
    return {
      payload: Buffer.from(`${body}--${boundary}--\r\n`),
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        accept: 'application/json',
      },
    };
  }
  let seq = 0;
  async function submit(category: string, suggestion: string) {
    const m = multipart({
      station: world.stations.A1,
      via: 'qr',
      idem: `insight-test-key-${++seq}-abcdefgh`,
      content: `${TYPED}（第${seq}次）`,
      category,
      anonymous: '1',
      suggestion,
    });
    const res = await t.app.inject({ method: 'POST', url: '/p/opinion', ...m, remoteAddress: newIp() });
    assert.equal(res.statusCode, 200, res.body);
    const [row] = await t.database.db.select().from(cases).where(eq(cases.number, res.json().number));
    return t.database.db.select().from(categorySuggestions).where(eq(categorySuggestions.caseId, row!.id));
  }

  test('accepted, changed, left to staff — or ignored when forged', async () => {
    const token = (await ask({ text: TYPED, station: world.stations.A1 })).json().suggestion.token as string;
    const model = token.split('|')[0];

    const [accepted] = await submit('environment', token);
    assert.equal(accepted!.suggestedKey, 'environment');
    assert.equal(accepted!.modelVersion, model);
    assert.equal(accepted!.accepted, true);
    assert.equal(accepted!.finalKey, 'environment');

    const [changed] = await submit('transport', token);
    assert.equal(changed!.accepted, false);
    assert.equal(changed!.finalKey, 'transport');

    // 不清楚: staff decide at triage, as for the console's intake form.
    const [open] = await submit('', token);
    assert.equal(open!.accepted, null);

    const forged = token.replace('|environment|', '|health|');
    assert.deepEqual(await submit('health', forged), []);
    assert.deepEqual(await submit('environment', 'v1|environment|0.99|x'), []);
  });
});

describe('the form page', () => {
  test('has the places for the suggestion and the similar list, under the same strict CSP', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/p/opinion?station=${world.stations.A1}` });
    assert.equal(res.statusCode, 200);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'nonce-[^']+';/);
    assert.match(csp, /connect-src 'self'/);
    assert.match(csp, /default-src 'none'/);
    // Hidden until the script fills it: without JavaScript the form is as before.
    assert.match(res.body, /<section id="similar" data-testid="similar" hidden/);
    assert.match(res.body, /<input type="hidden" name="suggestion" value="">/);
    assert.match(res.body, /fetch\('\/p\/opinion\/insight'/);
    // The script builds the list with textContent, never markup from the answer.
    assert.ok(!/innerHTML/.test(res.body));
  });
});

describe('a board item that leaves the board', () => {
  test('withdrawn after publication: no longer offered, though still in the process index', async () => {
    const [row] = await t.database.db.select().from(cases).where(eq(cases.number, publishedNumber));
    const before = await ask({ text: TYPED, station: world.stations.A1 });
    assert.ok(before.json().similar.items.some((i: { number: string }) => i.number === publishedNumber));
    await transitionCase(
      t.deps,
      t.database.db,
      row!.id,
      'withdraw',
      { note: '本人撤回' },
      staff,
      t.clock.now(),
    );
    const res = await ask({ text: TYPED, station: world.stations.A1 });
    assert.ok(!res.json().similar.items.some((i: { number: string }) => i.number === publishedNumber));
    assert.ok(!res.body.includes(PUBLISHED_TEXT));
  });
});
