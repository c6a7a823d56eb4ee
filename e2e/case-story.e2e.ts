/**
 * The demo's story, walked in Chromium the way the people do it: the 石桥村 liaison officer
 * registers an opinion, the town office triages and refers it (生态环境 lead, 水利局 co-handling),
 * the ecology handler accepts and promises a fix by a date, the station tells the person and
 * records the rating, the county office supervises it; the date comes (the test moves the server's
 * clock), the commitment shows as overdue, the station revisits, the town office closes and
 * publishes it, and the board shows the result with the person's name masked and no phone.
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

/** `YYYY-MM-DD` in Beijing, `days` from now on the real clock. */
function shanghaiDay(days: number): string {
  return new Date(Date.now() + days * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A fresh browser session signed in as `username` (after a clock jump, the browser moves too). */
async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  if (clockOffset) await context.clock.install({ time: Date.now() + clockOffset });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-role').waitFor();
  return page;
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

  test('the ecology handler accepts (in bulk, from the queue) and promises a fix by a date', async () => {
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
    await act(page, 'reply', async (dialog) => {
      await dialog.getByText('承诺解决', { exact: true }).click();
      await page
        .getByTestId('reply-content')
        .fill('经现场核查，沟渠堵塞属实，我局已会同水利局制定疏浚方案。');
      await page.getByTestId('reply-measures').fill('疏浚沟渠、加装尾水在线监测，督促污水处理厂达标排放。');
      await page.getByTestId('reply-committed-date').fill(shanghaiDay(2));
    });
    await waitStatus(page, '已答复');
  });

  test('the station tells the person and records the rating', async () => {
    const page = await signIn('station');
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

  test('the county office puts it under key supervision and sees it on the list', async () => {
    const page = await signIn('county');
    await openCase(page, caseId);
    await act(page, 'supervise', async (dialog) => {
      await dialog.getByText('重点督办', { exact: true }).click();
    });
    await page.getByTestId('case-supervision').waitFor();
    await page.goto(`${server.url}/supervision`);
    await page.locator('[data-testid="supervision-table"] tr', { hasText: caseNumber }).waitFor();
  });

  test('the committed date passes: overdue in the commitments ledger, then revisited', async () => {
    clockOffset = 3 * DAY;
    await server.setClockOffset(clockOffset);

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
  });
});
