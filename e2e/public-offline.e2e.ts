/**
 * Issue 6: "a draft that survives a dropped connection and is resent with the same
 * Idempotency-Key (never a duplicate case)", in Chromium emulating a phone with JavaScript on and
 * the pages' own CSP. Two ways a village network fails: the request never leaves the phone (the
 * page resends by itself once the connection is back), and the answer is lost after the server
 * took the opinion (the person reloads, the restored draft is sent again and the server answers
 * with the first case). Either way the staff find exactly one case for the text.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Browser, type BrowserContext, devices, type Page, type Request } from 'playwright-core';
import { launchBrowser, type RunningServer, startServer } from './support.ts';

const PASSWORD = 'Qingxi#Demo2026';

let server: RunningServer;
let browser: Browser;
let stationId = '';
const contexts: BrowserContext[] = [];

/** A staff session through the API (as the console's fetches do). */
async function api(username: string) {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  assert.equal(res.status, 200, `login ${username}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return async (path: string) => {
    const r = await fetch(`${server.url}/api${path}`, { headers: { cookie } });
    const json = (await r.json()) as Record<string, unknown>;
    assert.ok(r.ok, `GET ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const stations = await (await api('town'))(`/stations?q=${encodeURIComponent('石桥村')}`);
  stationId = (stations.items as { id: string; name: string }[]).find((s) => s.name.includes('石桥村'))!.id;
});
after(async () => {
  if (process.env.E2E_DEBUG) console.error(server?.output().slice(-4000));
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

/** A phone keeping the pages' CSP: the form's script must work under it. */
async function phone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    ...devices['Pixel 5'],
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  return { context, page };
}

/** The opinion form filled as the story does: text, name, phone verified by the code from the outbox. */
async function fillVerified(page: Page, content: string, name: string, mobile: string): Promise<string> {
  await page.goto(`${server.url}/p/stations/${stationId}`);
  await page.getByRole('link', { name: '我要提意见' }).click();
  await page.getByTestId('opinion-station').waitFor();
  await page.locator('#content').fill(content);
  await page.locator('#name').fill(name);
  await page.locator('#phone').fill(mobile);
  await page.locator('#send-code').click();
  await page.getByText(new RegExp(`验证码已发送到 ${mobile.slice(0, 3)}\\*{4}${mobile.slice(-4)}`)).waitFor();
  const outbox = await (await api('admin'))('/notifications?limit=5');
  const sms = (outbox.items as { template: string; body: string }[]).find(
    (m) => m.template === 'verify_code',
  )!;
  await page.locator('#code').fill(sms.body.match(/验证码是(\d{6})/)![1]!);
  await page.getByText('同意在公示栏公开', { exact: false }).click();
  return page.locator('input[name="idem"]').inputValue();
}

/** The Idempotency-Key of every submission the page makes (those that fail included). */
function submissions(page: Page): string[] {
  const keys: string[] = [];
  page.on('request', (r: Request) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/p/opinion') {
      keys.push(r.headers()['idempotency-key'] ?? '');
    }
  });
  return keys;
}

/** The draft the page keeps in the phone's storage, if any. */
const draft = (page: Page) =>
  page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('lianluo-opinion-draft:'));
    return key
      ? (JSON.parse(localStorage.getItem(key) ?? 'null') as { idem: string; content: string })
      : null;
  });

/** The cases whose text is exactly `content`, as the town office finds them by keyword. */
async function casesWith(content: string): Promise<{ id: string; number: string }[]> {
  const town = await api('town');
  const hits = await town(`/cases?q=${encodeURIComponent(content.slice(0, 12))}&limit=50`);
  const out: { id: string; number: string }[] = [];
  for (const c of hits.items as { id: string; number: string }[]) {
    const detail = await town(`/cases/${c.id}`);
    if (detail.content === content) out.push({ id: c.id, number: c.number });
  }
  return out;
}

describe('a draft that survives a dropped connection is resent with the same key, never twice', () => {
  test('offline when submitting: the draft is kept and resent by itself once back online', async () => {
    const content = '后沟组的水渠被落叶和泥沙堵住了，一下大雨水就漫进路边几户人家的院子，请安排清淤。';
    const { context, page } = await phone();
    const key = await fillVerified(page, content, '刘德明', '13587654321');
    assert.match(key, /^[A-Za-z0-9_.:-]{16,128}$/);
    const sent = submissions(page);

    await context.setOffline(true);
    await page.locator('#submit').click();
    await page.getByText('网络中断：草稿已保存在本机，网络恢复后会自动重新提交（不会重复提交）。').waitFor();
    const kept = await draft(page);
    assert.equal(kept?.idem, key, 'the draft keeps the Idempotency-Key');
    assert.equal(kept?.content, content);
    assert.deepEqual(await casesWith(content), [], 'nothing reached the server');

    // Back online: the page resends on its own, with the same key, and lands on the tracking number.
    await context.setOffline(false);
    await page.waitForURL(/\/p\/opinion\/done$/);
    const number = (await page.getByTestId('tracking-number').innerText()).trim();
    assert.match(number, /^LL-\d{6}-\d{4}-\d+$/);
    assert.equal(sent.length, 2, 'one failed attempt, one resend');
    assert.deepEqual(sent, [key, key]);
    assert.equal(await draft(page), null, 'the draft is gone once accepted');
    assert.deepEqual(
      (await casesWith(content)).map((c) => c.number),
      [number],
    );
  });

  test('the answer lost after the server took it: after a reload the restored draft is resent, the first case comes back', async () => {
    const content = '石桥村老年活动室的屋顶漏雨，下雨天老人们只能挤在一个角落里，希望尽快维修。';
    const { page } = await phone();
    const key = await fillVerified(page, content, '陈阿婆', '13512348765');
    const sent = submissions(page);
    // The first submission reaches the server, which registers the case; its answer never
    // reaches the phone (the connection drops on the way back).
    let first: string | null = null;
    await page.route('**/p/opinion', async (route) => {
      if (route.request().method() !== 'POST' || first !== null) return route.continue();
      const response = await route.fetch();
      first = ((await response.json()) as { number: string }).number;
      await route.abort('connectionreset');
    });
    await page.locator('#submit').click();
    await page.getByText(/网络中断：草稿已保存在本机/).waitFor();
    assert.ok(first, 'the server took the opinion');
    assert.deepEqual(
      (await casesWith(content)).map((c) => c.number),
      [first],
    );

    // The person reloads the page: the draft comes back with the same key (the code does not;
    // the server knows the key and answers without asking for it again).
    await page.reload();
    await page.getByText('已恢复您上次未提交的草稿').waitFor();
    assert.equal(await page.locator('#content').inputValue(), content);
    assert.equal(await page.locator('input[name="idem"]').inputValue(), key);
    await page.locator('#submit').click();
    await page.waitForURL(/\/p\/opinion\/done$/);
    assert.equal((await page.getByTestId('tracking-number').innerText()).trim(), first);
    assert.deepEqual(sent, [key, key]);
    assert.deepEqual(
      (await casesWith(content)).map((c) => c.number),
      [first],
      'still exactly one case',
    );
  });
  test('a draft changed after its answer was lost is not stuck: the spent key is dropped, a reload sends it afresh', async () => {
    const content = '石桥小学后门的排水沟盖板断了一块，孩子们放学要从那里经过。';
    const { page } = await phone();
    await page.goto(`${server.url}/p/stations/${stationId}`);
    await page.getByRole('link', { name: '我要提意见' }).click();
    await page.getByTestId('opinion-station').waitFor();
    await page.locator('#content').fill(content);
    await page.locator('#anonymous').check();
    const key = await page.locator('input[name="idem"]').inputValue();
    let first: string | null = null;
    await page.route('**/p/opinion', async (route) => {
      if (route.request().method() !== 'POST' || first !== null) return route.continue();
      first = ((await (await route.fetch()).json()) as { number: string }).number;
      await route.abort('connectionreset');
    });
    await page.locator('#submit').click();
    await page.getByText(/网络中断：草稿已保存在本机/).waitFor();
    assert.ok(first, 'the server took the opinion');

    // Not knowing it arrived, the person adds a sentence and submits again: the server refuses the
    // key for a different text and says to reload.
    const more = `${content}晚上看不见，很危险。`;
    await page.locator('#content').fill(more);
    await page.locator('#submit').click();
    await page
      .getByText('这份草稿已经提交过，内容却不同。若要反映新的问题，请刷新页面后重新填写。')
      .waitFor();
    // Reloading as told keeps the text but not the spent key, so the draft can be sent.
    await page.reload();
    await page.getByText('已恢复您上次未提交的草稿').waitFor();
    assert.equal(await page.locator('#content').inputValue(), more);
    assert.notEqual(await page.locator('input[name="idem"]').inputValue(), key);
    await page.locator('#submit').click();
    await page.waitForURL(/\/p\/opinion\/done$/);
    const second = (await page.getByTestId('tracking-number').innerText()).trim();
    assert.notEqual(second, first);
    assert.deepEqual(
      (await casesWith(content)).map((c) => c.number),
      [first],
    );
    assert.deepEqual(
      (await casesWith(more)).map((c) => c.number),
      [second],
    );
  });
});
