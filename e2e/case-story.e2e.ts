/**
 * The demo's story, walked in Chromium the way the people do it: the 石桥村 liaison officer
 * registers an opinion, the town office triages and refers it (生态环境 lead, 水利局 co-handling),
 * the ecology handler accepts it — and then lets the 15 working days for the reply pass (the test
 * moves the server's clock): the case is marked overdue, and the county officer finds it on the
 * supervision list as 超期 while it is still open, and puts it under key supervision. The
 * department replies late, promising a fix by a date; the station tells the person and records the
 * rating; the date comes, the commitment shows as overdue, the station revisits, the town office
 * closes and publishes it, and the public board (/p/board, no sign-in) shows the result with no
 * name or phone, the staff board the name masked.
 *
 * Runs on the embedded database by default, and on PostgreSQL under scripts/with-postgres.sh
 * (`npm run test:e2e:pg`, as CI does).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { act, choose, waitStatus } from './console-actions.ts';
import { launchBrowser, type RunningServer, startServer } from './support.ts';

const PASSWORD = 'Qingxi#Demo2026';
const CONTENT = '镇污水处理厂尾水排入的沟渠堵塞，污水漫到田里';
const PERSON = '张建国';
const PHONE = '13812345678';
/** A valid 18-digit ID number (MOD 11-2 check digit) of someone born in the county in 1968. */
const ID_NUMBER = '430723196805120035';
const LAT = 29.633512;
const LNG = 111.761234;
const DAY = 86_400_000;

let server: RunningServer;
let browser: Browser;
let clockOffset = 0;
const contexts: BrowserContext[] = [];

before(async () => {
  server = await startServer({ clock: true });
  browser = await launchBrowser();
});
after(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

/** `YYYY-MM-DD` in Beijing, `days` from now on the server's (moved) clock. */
function shanghaiDay(days: number): string {
  return new Date(Date.now() + clockOffset + days * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
}

interface CaseJson {
  status: string;
  personIdNumber: string | null;
  latitude: number | null;
  longitude: number | null;
  deputies: { id: string; name: string }[];
  stationId: string | null;
  replyDueAt: string | null;
  overdueAt: string | null;
  supervision: string;
}

/** The case as the API gives it to the town office (read between the steps, never to act). */
async function caseJson(id: string): Promise<CaseJson> {
  if (!api) api = await signIn('town');
  const res = await api.request.get(`${server.url}/api/cases/${id}`);
  assert.equal(res.status(), 200, await res.text());
  return (await res.json()) as CaseJson;
}
let api: Page | undefined;

/** Sets the server's clock `ms` ahead of real time (sessions idle out: sign in afresh after). */
async function moveClock(ms: number): Promise<void> {
  clockOffset = ms;
  await server.setClockOffset(ms);
  api = undefined;
}

/** Polls `probe` until it returns a value (the server's workers run every 5 s). */
async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/**
 * A fresh browser session signed in as `username`. After a clock jump the browser's clock moves
 * too, unless `browserClock` is false: the feedback dialog's channel Select did not take the
 * option's click under Playwright's installed clock, and that step reads no date in the browser.
 */
async function signIn(username: string, browserClock = true): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  if (clockOffset && browserClock) await context.clock.install({ time: Date.now() + clockOffset });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-role').waitFor();
  return page;
}

/** The <input> of a form control whose test id sits on it or on its wrapper (InputNumber). */
function inputOf(page: Page, testId: string) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

async function openCase(page: Page, id: string): Promise<void> {
  await page.goto(`${server.url}/cases/${id}`);
  await page.getByTestId('case-title').waitFor();
}

/** The case's status as the page shows it (the first tag next to the title). */
async function statusText(page: Page): Promise<string> {
  return page.locator('[data-testid="case-title"] ~ div .ant-tag').first().innerText();
}

describe('the case story in the console', () => {
  let caseId = '';
  let caseNumber = '';

  test('the liaison officer registers the opinion at 石桥村', async () => {
    const page = await signIn('station');
    await page.goto(`${server.url}/cases`);
    await page.getByTestId('case-register').click();
    await page.getByTestId('register-content').waitFor();
    // The officer's own station and its village are filled in.
    await page.waitForFunction(() => {
      const el = document.querySelector<HTMLInputElement>('[data-testid="register-region"]');
      return !!el && /^\d{12}$/.test(el.value);
    });
    assert.match(await page.getByTestId('register-station').innerText(), /石桥村/);
    await page.getByTestId('register-content').fill(CONTENT);
    await page.getByTestId('register-person-name').fill(PERSON);
    await page.getByTestId('register-person-phone').fill(PHONE);
    // The ID number is checked as the server checks it: a wrong check digit is refused at once.
    const id = page.getByTestId('register-person-id');
    await id.fill(`${ID_NUMBER.slice(0, 17)}9`);
    await page.getByTestId('register-submit').click();
    await page.getByText('身份证号码不正确', { exact: false }).waitFor();
    await id.fill(ID_NUMBER);
    // Where the ditch is, taken from a map.
    await inputOf(page, 'register-latitude').fill(String(LAT));
    await inputOf(page, 'register-longitude').fill(String(LNG));
    // The deputy who received the villagers that day: one of the station's deputies.
    await page.getByTestId('register-deputies').click();
    const deputy = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    await deputy.waitFor();
    const deputyName = (await deputy.innerText()).replace(/（.*$/, '').trim();
    await deputy.click();
    await page.getByText('同意公示', { exact: true }).click();
    await page.getByTestId('register-submit').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}/);
    caseId = page.url().match(/\/cases\/([0-9a-f-]{36})/)![1]!;
    await page.getByTestId('case-title').waitFor();
    assert.equal(await page.getByTestId('case-content').innerText(), CONTENT);
    // Masked on the page: 138****5678, never the whole number.
    const phone = await page.getByTestId('case-phone').innerText();
    assert.ok(!phone.includes(PHONE), phone);
    assert.match(phone, /138\*{4}5678/);
    caseNumber = (await page.locator('.ant-descriptions-item-content').first().innerText()).trim();
    assert.equal(await statusText(page), '登记');
    // The ID number, the coordinates and the deputy went with it.
    const saved = await caseJson(caseId);
    assert.ok(saved.personIdNumber && saved.personIdNumber !== ID_NUMBER, 'kept, and shown masked');
    assert.ok(Math.abs((saved.latitude ?? 0) - LAT) < 1e-6 && Math.abs((saved.longitude ?? 0) - LNG) < 1e-6);
    assert.deepEqual(
      saved.deputies.map((d) => d.name),
      [deputyName],
    );
  });

  test('the town office triages and refers it: 生态环境 leads, 水利局 co-handles', async () => {
    const page = await signIn('town');
    // It waits in the town's triage queue.
    await page.goto(`${server.url}/cases`);
    const queue = page.getByTestId('queue-to_triage');
    await queue.waitFor();
    assert.ok(Number(await queue.getAttribute('data-value')) >= 1);

    await openCase(page, caseId);
    // The contact, unmasked for a reason that is audited.
    await page.getByTestId('reveal-contact').click();
    await page.getByTestId('reveal-reason').fill('电话联系核实情况');
    await page.locator('.ant-modal:visible .ant-btn-primary').click();
    assert.match(await page.getByTestId('case-contact-revealed').innerText(), new RegExp(PHONE));

    await act(page, 'triage', async () => {
      await choose(page, 'triage-category', '环境保护');
    });
    await waitStatus(page, '已梳理');
    await act(page, 'refer', async () => {
      await choose(page, 'refer-lead', '生态环境');
      await choose(page, 'refer-co', '水利局');
    });
    await waitStatus(page, '已交办');

    // The printable referral sheet.
    await page.goto(`${server.url}/cases/${caseId}/print/referral`);
    const sheet = page.getByTestId('print-sheet-referral');
    await sheet.waitFor();
    const text = await sheet.innerText();
    assert.match(text, /交办单/);
    assert.match(text, /生态环境/);
    assert.match(text, /水利局/);
    assert.match(text, /（盖章）/);
  });

  test('the ecology handler accepts it (in bulk, from the queue)', async () => {
    const page = await signIn('ecology');
    await page.goto(`${server.url}/cases`);
    await page.getByTestId('queue-to_accept').click();
    const row = page.locator('[data-testid="cases-table"] tr', { hasText: caseNumber });
    await row.waitFor();
    await row.locator('input[type="checkbox"]').check();
    await page.getByTestId('bulk-accept').click();
    await page.getByText('已办理 1 件').waitFor();

    await openCase(page, caseId);
    await waitStatus(page, '已签收');
  });

  test('the reply deadline passes: the county officer sees it overdue on the supervision list', async () => {
    // No reply within the 15 working days counted from the referral: move the server's clock a
    // day past the deadline, and the reply_due timer marks the case overdue and escalates it.
    const before = await caseJson(caseId);
    assert.equal(before.overdueAt, null);
    assert.ok(before.replyDueAt, 'the referral set a reply deadline');
    await moveClock(Date.parse(before.replyDueAt) - Date.now() + DAY);
    const marked = await waitFor(async () => {
      const c = await caseJson(caseId);
      return c.overdueAt ? c : null;
    }, 300_000);
    assert.equal(marked.status, 'accepted', 'still open: accepted, not replied');
    assert.equal(marked.supervision, 'none', 'on the list because it is overdue, not because supervised');

    const page = await signIn('county');
    await page.goto(`${server.url}/supervision`);
    const row = page.locator('[data-testid="supervision-table"] tr', { hasText: caseNumber });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /已签收/, 'open');
    assert.match(text, /超期/, 'marked overdue');
    assert.doesNotMatch(text, /督办/, 'no supervision level yet');
    // The overdue-since column: the day the deadline passed, and how many days ago.
    assert.match(text, /\d{4}-\d{2}-\d{2}（\d+ ?天）/);

    // The county office puts it under key supervision from the case page; the list shows both.
    await openCase(page, caseId);
    await act(page, 'supervise', async (dialog) => {
      await dialog.getByText('重点督办', { exact: true }).click();
    });
    await page.getByTestId('case-supervision').waitFor();
    await page.goto(`${server.url}/supervision`);
    const again = page.locator('[data-testid="supervision-table"] tr', { hasText: caseNumber });
    await again.waitFor();
    const now = await again.innerText();
    assert.match(now, /重点督办/);
    assert.match(now, /超期/);
  });

  test('the ecology handler replies, late, and promises a fix by a date', async () => {
    const page = await signIn('ecology');
    await openCase(page, caseId);
    await waitStatus(page, '已签收');
    await act(page, 'reply', async (dialog) => {
      await dialog.getByText('承诺解决', { exact: true }).click();
      await page
        .getByTestId('reply-content')
        .fill('经现场核查，沟渠堵塞属实，我局已会同水利局制定疏浚方案。');
      await page.getByTestId('reply-measures').fill('疏浚沟渠、加装尾水在线监测，督促污水处理厂达标排放。');
      await page.getByTestId('reply-committed-date').fill(shanghaiDay(2));
    });
    await waitStatus(page, '已答复');
    // Replied: no longer overdue (the supervision list still keeps it, as key-supervised).
    assert.equal((await caseJson(caseId)).status, 'replied');
  });

  test('the station tells the person and records the rating', async () => {
    const page = await signIn('station', false);
    await openCase(page, caseId);
    await act(page, 'feed_back', async () => {
      await choose(page, 'feedback-channel', '电话');
      await page.getByTestId('feedback-content').fill('已电话告知张先生答复内容和承诺办结日期。');
    });
    await waitStatus(page, '已反馈');
    await act(page, 'rate', async (dialog) => {
      await dialog.getByText('满意', { exact: true }).click();
    });
    await waitStatus(page, '已评价');
    // A promise not yet kept: it cannot be closed, and revisiting waits for the date.
    assert.equal(await page.getByTestId('action-revisit').count(), 0);
  });

  test('the committed date passes: overdue in the commitments ledger, then revisited', async () => {
    await moveClock(clockOffset + 3 * DAY);

    const county = await signIn('county');
    await county.goto(`${server.url}/commitments`);
    await county.locator('[data-testid="commitments-table"] tr', { hasText: caseNumber }).waitFor();

    const page = await signIn('station');
    await openCase(page, caseId);
    await act(page, 'revisit', async () => {
      await page.getByTestId('revisit-content').fill('回访：沟渠已疏浚，田里积水已排干，群众认可。');
      await page.getByTestId('revisit-resolved').click();
    });
    await waitStatus(page, '已反馈');
    await act(page, 'rate', async (dialog) => {
      await dialog.getByText('满意', { exact: true }).click();
    });
    await waitStatus(page, '已评价');
  });

  test('the town office closes and publishes it; the board shows it masked', async () => {
    const page = await signIn('town');
    await openCase(page, caseId);
    await act(page, 'close', async () => undefined);
    await waitStatus(page, '已销号');
    await act(page, 'publish', async () => {
      await page
        .getByTestId('publish-text')
        .fill('石桥村群众反映污水处理厂尾水沟渠堵塞，经生态环境分局会同水利局疏浚，已办结，群众满意。');
    });
    await page.getByTestId('case-public-text').waitFor();

    // The printable reply letter.
    await page.goto(`${server.url}/cases/${caseId}/print/reply`);
    const letter = await page.getByTestId('print-sheet-reply').innerText();
    assert.match(letter, /回复函/);
    assert.match(letter, /（盖章）/);

    // The staff board: the name masked (张**), no phone.
    const res = await page.request.get(`${server.url}/api/board`);
    assert.equal(res.status(), 200);
    const body = (await res.json()) as {
      items: { id: string; personName: string | null; publicText: string }[];
    };
    const item = body.items.find((i) => i.id === caseId);
    assert.ok(item, 'the case is on the board');
    assert.match(item.personName ?? '', /^张\*+$/);
    const raw = JSON.stringify(item);
    assert.ok(!raw.includes(PHONE), 'no phone on the board');
    assert.ok(!raw.includes(PERSON), 'no full name on the board');

    // The public board of 石桥村's station, as a villager opens it from the QR code: no sign-in.
    const { stationId } = await caseJson(caseId);
    assert.ok(stationId);
    const visitor = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(visitor);
    const board = await visitor.newPage();
    await board.goto(`${server.url}/p/board?station=${stationId}`);
    const entry = board.locator('[data-testid="board-items"] li', { hasText: caseNumber });
    await entry.waitFor();
    const shown = await entry.innerText();
    assert.match(shown, /尾水沟渠堵塞.*已办结，群众满意/);
    // The result: closed, the department's answer and the person's rating.
    assert.match(shown, /已销号/);
    assert.match(shown, /答复：(承诺解决|已解决)/);
    assert.match(shown, /评价：满意/);
    const whole = await board.locator('body').innerText();
    assert.ok(!whole.includes(PHONE) && !/138\*{4}5678/.test(whole), 'no phone, not even masked');
    assert.ok(!whole.includes(PERSON), 'no full name on the public page');
  });
});
