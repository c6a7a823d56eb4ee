import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { act, choose, waitStatus } from './console-actions.ts';
import { launchBrowser, type RunningServer, startServer } from './support.ts';

const PASSWORD = 'Qingxi#Demo2026';
/** The first villager's mobile (an unused test number). */
const PHONE_A = '13912340517';

/** Two villagers about the same quarry, in their own words. */
const DUST_A =
  '村口那家石料加工厂一开机就灰尘漫天，拉石料的大车来来往往也不洒水，屋顶和菜地全是灰，老人咳嗽的多了，希望环保部门查一查。';
const DUST_B =
  '村口那家石料加工厂一开机就灰尘漫天，拉石料的大车也不洒水，屋顶和菜地全是灰，老人孩子咳嗽，希望环保部门管一管。';

let server: RunningServer;
let browser: Browser;

/**
 * `E2E_URL` runs the checks against a server already started with the demo county (the seed takes
 * minutes on a busy machine); by default a fresh one is started.
 */
const EXISTING = process.env.E2E_URL;

before(async () => {
  server = EXISTING
    ? {
        url: EXISTING,
        output: () => '',
        stop: async () => {},
        setClockOffset: async () => {
          throw new Error('E2E_URL: the clock of a server started elsewhere cannot be moved');
        },
      }
    : await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  // The server trains its model and rolls up hotspots in the background: give pages time on a busy machine.
  page.setDefaultNavigationTimeout(180_000);
  page.setDefaultTimeout(60_000);
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-role').waitFor();
  return page;
}

describe('text analytics in the console', () => {
  test('the county office sees the hotspots of the period and similar cases on a case', async () => {
    const page = await signIn('county');
    await page.getByRole('menuitem', { name: /热点分析/ }).click();
    await page.waitForURL(/\/hotspots/);
    await page.getByTestId('hotspots-definition').waitFor();
    assert.match(await page.getByTestId('hotspots-definition').innerText(), /热度/);

    // This month's topics (the default period; the demo has its quarry dust in the current month
    // even on the 1st), each with a label, and the growing one with its rise over its history.
    assert.equal(
      (await page.getByTestId('hotspots-period').locator('.ant-segmented-item-selected').innerText()).trim(),
      '本月',
    );
    await page.locator('[data-testid="hotspot-label"], [data-testid="hotspots-empty"]').first().waitFor();
    assert.equal(await page.getByTestId('hotspots-empty').count(), 0, 'this month has topics');
    const label = (await page.getByTestId('hotspot-label').first().innerText()).trim();
    assert.ok(label.length > 0, 'hotspot label');
    const dust = page
      .locator('.hotspot-row')
      .filter({ hasText: /石料|粉尘/ })
      .first();
    await dust.waitFor();
    assert.match(await dust.innerText(), /\+\d+(\.\d+)?%/, 'the quarry dust rises against its history');
    assert.ok((await page.getByTestId('hotspots-words').locator('.ant-tag').count()) > 0, 'key terms');

    // The trend chart is drawn on a canvas.
    await page.getByTestId('hotspots-trend').locator('canvas').first().waitFor();

    // The representative case of the top hotspot opens with the similar-cases panel.
    const rep = page.locator('.hotspot-row').first().locator('a[href*="/cases/"]');
    if (await rep.count()) {
      await rep.first().click();
    } else {
      await page.goto(`${server.url}/cases`);
      await page.getByTestId('cases-table').locator('a[href*="/cases/"]').first().click();
    }
    await page.getByTestId('case-title').waitFor();
    const similar = page.getByTestId('case-similar');
    await similar.waitFor();
    await similar
      .locator('[data-testid="case-similar-item"], [data-testid="case-similar-empty"]')
      .first()
      .waitFor();
    const items = await similar.getByTestId('case-similar-item').count();
    assert.ok(items > 0, 'the representative case of a hotspot has similar open cases');
    assert.ok(
      (await similar.getByTestId('case-similar-item').first().locator('a[href*="/cases/"]').count()) > 0,
      'similar cases link to themselves',
    );
    // The model's version is for whoever trains it (模型管理), not for the officer on a case.
    assert.equal(await page.getByText('模型版本').count(), 0);
    await page.context().close();
  });

  test('the administrator sees the trained model versions', async () => {
    const page = await signIn('admin');
    await page.getByRole('menuitem', { name: /模型管理/ }).click();
    await page.waitForURL(/\/models/);
    const version = page.getByTestId('models-table').getByTestId('model-version').first();
    await version.waitFor();
    assert.ok((await version.innerText()).trim().length > 0, 'model version');
    await page.context().close();
  });

  test('roles without analytics have no hotspots menu and are refused the page', async () => {
    const page = await signIn('station');
    assert.equal(await page.getByRole('menuitem', { name: /热点分析/ }).count(), 0);
    await page.goto(`${server.url}/models`);
    await page.getByText('您无权访问此页面').waitFor();
    await page.context().close();
  });

  test('registering a case: category, department and similar cases while typing; one click into a common issue', async () => {
    const page = await signIn('town');
    page.setDefaultTimeout(60_000);
    const register = async (content: string, phone?: string) => {
      await page.goto(`${server.url}/cases/new`);
      await page.getByTestId('register-content').waitFor();
      await choose(page, 'register-station', '石桥村');
      if (phone) await page.getByTestId('register-person-phone').fill(phone);
      await page.getByTestId('register-content').fill(content);
    };

    // The first villager: the form suggests while the officer types.
    await register(DUST_A, PHONE_A);
    const top = page.getByTestId('intake-suggestion-category');
    await top.waitFor();
    assert.ok((await top.innerText()).trim().length > 0, 'a suggested category');
    assert.ok((await page.getByTestId('intake-suggestion-item').count()) >= 1);
    const department = (await page.getByTestId('intake-department').innerText()).split('：')[1]?.trim();
    assert.ok(department && department !== '—', `a routed department (${department})`);
    // Similar open cases of the town: the quarry dust reported from its villages these weeks.
    const similar = page.getByTestId('intake-similar-item');
    await similar.first().waitFor();
    assert.ok((await similar.count()) > 0);
    assert.match(await page.getByTestId('intake-similar-score').first().innerText(), /相似度：\d+%/);
    assert.ok(
      (await page.getByTestId('intake-similar').locator('.ant-tag-geekblue').count()) > 0,
      'shared terms',
    );
    // Taking the suggested category puts it in the form.
    await page.getByTestId('intake-use-category').click();
    assert.ok(
      (await page.getByTestId('register-category').innerText()).includes((await top.innerText()).trim()),
    );
    await page.getByTestId('register-submit').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}/);
    await page.getByTestId('case-title').waitFor();
    const numberA = (await page.locator('.ant-descriptions-item-content').first().innerText()).trim();
    // At triage the case page suggests the category and the department the routing table gives.
    const suggested = page.getByTestId('case-suggestion-category');
    await suggested.waitFor();
    assert.ok((await suggested.innerText()).trim().length > 0, 'a suggested category on the case page');
    const routed = (await page.getByTestId('case-suggestion-department').innerText()).trim();
    assert.ok(routed.length > 0 && routed !== '—', `a routed department on the case page (${routed})`);

    // The same villager again, in other words: their open case is tagged as the same person.
    await register('石料厂的大车把村道压坏了，一下雨全是泥坑，出行很不方便。', PHONE_A);
    const mine = page.getByTestId('intake-similar-item').filter({ hasText: numberA });
    await mine.getByTestId('intake-similar-same-person').waitFor();
    assert.equal((await mine.getByTestId('intake-similar-same-person').innerText()).trim(), '同一人');

    // A second villager about the same quarry: the first case is found, and one click makes
    // the common issue of the two as the case is registered.
    await register(DUST_B);
    const hit = page.getByTestId('intake-similar-item').filter({ hasText: numberA });
    await hit.waitFor();
    assert.equal(await hit.getByTestId('intake-similar-same-person').count(), 0, 'another person');
    await hit.getByTestId('similar-create-issue').click();
    await page.getByTestId('intake-link-planned').waitFor();
    await page.getByTestId('register-submit').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}/);
    await page.getByTestId('case-title').waitFor();
    await page.getByTestId('case-common-issue').waitFor();
    await page.context().close();
  });

  test('the supervision page raises the county’s hotspot warning and links to the hotspots', async () => {
    const page = await signIn('county');
    page.setDefaultTimeout(60_000);
    await page.goto(`${server.url}/supervision`);
    await page.getByTestId('supervision-table').waitFor();
    const warning = page.getByTestId('supervision-hotspot').first();
    await warning.waitFor();
    assert.match(await warning.innerText(), /近 30 天 \d+ 件/);
    assert.match(await page.getByTestId('supervision-hotspots').innerText(), /石料/);
    await page.getByTestId('supervision-hotspot-link').first().click();
    await page.waitForURL(/\/hotspots\?.*period=custom/);
    await page.getByTestId('hotspots-as-of').waitFor();
    assert.match(await page.getByTestId('hotspots-as-of').innerText(), /统计时间：\d{4}/);
    await page.getByTestId('hotspot-label').first().waitFor();
    await page.context().close();
  });

  test('a weak reply is flagged in the reply form before it is sent', async () => {
    const page = await signIn('ecology');
    page.setDefaultTimeout(60_000);
    // The department's "to reply" queue opens directly.
    await page.goto(`${server.url}/cases?queue=to_reply`);
    const first = page.getByTestId('cases-table').locator('a[href*="/cases/"]').first();
    await first.waitFor();
    await first.click();
    await page.getByTestId('case-title').waitFor();
    await page.getByTestId('action-reply').click();
    const dialog = page.locator('.ant-modal:visible').last();
    await dialog.waitFor();
    await dialog.getByText('已解决', { exact: true }).click();
    await page.getByTestId('reply-content').fill('来信收悉，我单位高度重视，将认真研究，妥善处理。');
    await page.getByTestId('reply-check-flag').first().waitFor();
    assert.ok((await page.getByTestId('reply-check-flag').count()) >= 1);
    // Nothing was sent: the form is still open and the case still waits for its reply.
    assert.ok(await page.getByTestId('action-submit').isVisible());
    await page.context().close();
  });

  test('the office sees a weak reply flagged on the case page before feeding it back', async () => {
    const dept = await signIn('ecology');
    await dept.goto(`${server.url}/cases?queue=to_reply`);
    const first = dept.getByTestId('cases-table').locator('a[href*="/cases/"]').first();
    await first.waitFor();
    await first.click();
    await dept.waitForURL(/\/cases\/[0-9a-f-]{36}/);
    const caseUrl = new URL(dept.url()).pathname;
    await dept.getByTestId('case-title').waitFor();
    await act(dept, 'reply', async (dialog) => {
      await dialog.getByText('已解决', { exact: true }).click();
      // Thanks and a promise of attention: no measure taken, nothing of substance.
      await dept.getByTestId('reply-content').fill('感谢您对我们工作的关心和支持，您的意见我们已收悉。');
      await dept.getByTestId('reply-measures').fill('我们将高度重视。');
    });
    await waitStatus(dept, '已答复');
    await dept.context().close();

    // The county office, before the reply goes to the person (反馈): the check flags it.
    const office = await signIn('county');
    await office.goto(`${server.url}${caseUrl}`);
    await office.getByTestId('case-title').waitFor();
    await waitStatus(office, '已答复');
    await office.getByTestId('case-reply-quality').waitFor();
    await office.getByTestId('case-reply-flag').first().waitFor();
    assert.ok((await office.getByTestId('case-reply-flag').count()) >= 1);
    assert.ok(await office.getByTestId('action-feed_back').isVisible(), 'not yet fed back');
    await office.context().close();
  });
});
