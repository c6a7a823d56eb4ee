import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type RunningServer, startServer } from './support.ts';

const PASSWORD = 'Qingxi#Demo2026';

let server: RunningServer;
let browser: Browser;

/**
 * `E2E_URL` runs the checks against a server already started with the demo county (the seed takes
 * minutes on a busy machine); by default a fresh one is started.
 */
const EXISTING = process.env.E2E_URL;

before(async () => {
  server = EXISTING ? { url: EXISTING, output: () => '', stop: async () => {} } : await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
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

    // The demo county has topics: at least one ranked row with a label (early in a month the
    // current month may have none yet, then the last three months do).
    await page.locator('[data-testid="hotspot-label"], [data-testid="hotspots-empty"]').first().waitFor();
    if (await page.getByTestId('hotspots-empty').count()) {
      await page.getByTestId('hotspots-period').getByText('近三个月').click();
    }
    await page.getByTestId('hotspot-label').first().waitFor();
    const label = (await page.getByTestId('hotspot-label').first().innerText()).trim();
    assert.ok(label.length > 0, 'hotspot label');
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
});
