import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type RunningServer, startServer } from './support.ts';

const PASSWORD = 'Qingxi#Demo2026';
const STATION = '青石镇e2e人大代表联络点';
const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let server: RunningServer;
let browser: Browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-role').waitFor();
  return page;
}

/** Calls the API from inside the page (same session cookie, same origin). */
async function call<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const res = await fetch(url, {
        method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body: body ? JSON.stringify(body) : undefined,
      });
      return res.json();
    },
    { method, url, body },
  ) as Promise<T>;
}

async function rosterXlsx(villageCode: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('代表名册');
  ws.addRow(['姓名', '性别', '公民身份号码', '代表层级', '选区区划代码', '选区', '联络站']);
  ws.addRow(['测试甲', '男', '11010519491231002X', '乡镇', villageCode, '第九选区', STATION]);
  ws.addRow(['测试乙', '女', '110105194912310046', '乡镇', villageCode, '第九选区', STATION]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const rateOf = async (page: Page, key: string) =>
  Number(await page.getByTestId(`rate-${key}`).getAttribute('data-value'));

describe('a town officer runs a station, its roster, its rota; a county officer reports 进站率', () => {
  let stationId = '';

  test('the town officer creates a station and fills its checklist with evidence', async () => {
    const page = await signIn('town');
    await page.getByRole('menuitem', { name: /联络站/ }).click();
    await page.getByTestId('station-create').click();
    await page.locator('.ant-modal .ant-select').nth(1).click();
    await page.locator('.ant-select-dropdown .ant-select-item-option').nth(1).click();
    await page.getByTestId('station-create-name').fill(STATION);
    await page.getByTestId('station-create-address').fill('青石镇文化站二楼');
    await page.locator('#station-create-ok').click();
    await page.getByTestId('station-checklist').waitFor();
    await page.getByTestId('evidence-note').fill('统一名称标牌已悬挂');
    await page
      .getByTestId('evidence-file-2')
      .setInputFiles({ name: 'plaque.png', mimeType: 'image/png', buffer: PNG_1x1 });
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid="checklist-completion"]')?.getAttribute('data-value') === '1',
    );
    const list = await call<{ items: { id: string; name: string }[] }>(
      page,
      'GET',
      `/api/stations?q=${encodeURIComponent(STATION)}`,
    );
    stationId = list.items[0]!.id;
    assert.ok(stationId);
    await page.context().close();
  });

  test('imports a roster from xlsx, defines a “15th of each month” rota and publishes it', async () => {
    const page = await signIn('town');
    const st = await call<{ regionCode: string }>(page, 'GET', `/api/stations/${stationId}`);
    await page.getByRole('menuitem', { name: /代表/ }).click();
    await page.getByTestId('deputies-table').waitFor();
    await page.getByTestId('roster-file').setInputFiles({
      name: 'roster.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await rosterXlsx(st.regionCode),
    });
    await page.getByTestId('roster-result').waitFor();
    assert.match(await page.getByTestId('roster-result').innerText(), /已导入 2 名代表/);

    await page.goto(`${server.url}/rota?station=${stationId}`);
    await page.getByTestId('rota-publish').click();
    await page.getByText('已发布').waitFor();
    await page.getByTestId('rota-table').getByText(/-15$/).first().waitFor();

    // A shift today, so that a check-in can be seen to move the figure.
    const deputies = await call<{ items: { id: string }[] }>(
      page,
      'GET',
      `/api/deputies?station=${stationId}`,
    );
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const rule = await call<{ id: string }>(page, 'POST', `/api/stations/${stationId}/rota-rules`, {
      rule: { kind: 'market_days', dates: [today] },
      startTime: '00:00',
      endTime: '23:59',
      perShift: 1,
      deputyIds: deputies.items.map((d) => d.id),
    });
    const pub = await call<{ shifts: number }>(page, 'POST', `/api/rota-rules/${rule.id}/publish`, {
      from: today,
      to: today,
    });
    assert.equal(pub.shifts, 1);

    await page.goto(`${server.url}/attendance?by=station&period=month`);
    await page.getByTestId(`rate-${stationId}`).waitFor();
    assert.equal(await rateOf(page, stationId), 0);

    await page.goto(`${server.url}/rota?station=${stationId}`);
    const confirm = page.locator('[data-testid^="confirm-"]').first();
    await confirm.click();
    await page
      .getByTestId('rota-table')
      .getByText(/已进站|迟到/)
      .first()
      .waitFor();

    await page.goto(`${server.url}/attendance?by=station&period=month`);
    await page.getByTestId(`rate-${stationId}`).waitFor();
    assert.equal(await rateOf(page, stationId), 1);
    assert.match(await page.getByTestId('attendance-definition').innerText(), /进站率 =/);
    await page.context().close();
  });

  test('the county officer sees 进站率 by level (about 57% town, 21% county) and exports it', async () => {
    const page = await signIn('county');
    await page.getByRole('menuitem', { name: /进站率/ }).click();
    await page.getByTestId('rate-town').waitFor();
    const town = await rateOf(page, 'town');
    const county = await rateOf(page, 'county');
    assert.ok(Math.abs(town - 0.57) < 0.08, `town ${town}`);
    assert.ok(Math.abs(county - 0.21) < 0.08, `county ${county}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('attendance-export').click(),
    ]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    await page.context().close();
  });
});
