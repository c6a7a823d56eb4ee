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

const DAY = 86_400_000;
const shanghaiDate = (ms: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(ms));
// The check-in needs a shift today, and a station is staffed on working days: on a Saturday or
// Sunday in Shanghai the server's and the browsers' clocks move on to Monday (whole days, so the
// time of day stays). December has no holiday; a run on one would need the calendar's next day.
const clockOffset = (() => {
  let days = 0;
  while ([0, 6].includes(new Date(`${shanghaiDate(Date.now() + days * DAY)}T12:00:00Z`).getUTCDay())) days++;
  return days * DAY;
})();
const shanghaiToday = () => shanghaiDate(Date.now() + clockOffset);

before(async () => {
  server = await startServer({ clock: clockOffset !== 0 });
  if (clockOffset) await server.setClockOffset(clockOffset);
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
  if (clockOffset) await context.clock.install({ time: Date.now() + clockOffset });
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
    // Assessed 二类; the history lists it.
    await page.getByTestId('station-assessments').locator('.ant-select').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option').filter({ hasText: '二类' }).click();
    await page.getByTestId('assess-note').fill('七有基本达标');
    await page.getByTestId('assess-submit').click();
    await page.getByTestId('station-grade').filter({ hasText: '二类' }).waitFor();
    await page.getByTestId('station-assessments').getByText('七有基本达标').waitFor();
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

    // Group the first imported deputy into the station as its convener (编组进站).
    await page.getByTestId('deputies-filter-q').fill('测试甲');
    await page.getByTestId('deputies-filter-q').press('Enter');
    await page
      .getByTestId('deputies-table')
      .locator('tr', { hasText: '测试甲' })
      .getByRole('button', { name: '编组进站' })
      .click();
    await page.getByTestId('group-table').getByText(STATION).waitFor();
    await page.getByTestId('group-table').locator('.ant-select').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: '召集人' })
      .click();
    await page.getByTestId('group-save').click();
    await page.getByTestId('group-table').waitFor({ state: 'detached' });
    const jia = (await call<{ items: { id: string; name: string }[] }>(page, 'GET', `/api/deputies?q=测试甲`))
      .items[0]!;
    const detail = await call<{ stationList: { id: string; role: string }[] }>(
      page,
      'GET',
      `/api/deputies/${jia.id}`,
    );
    assert.deepEqual(detail.stationList, [{ id: stationId, name: STATION, role: 'leader' }]);

    // The “15th of each month” rule, defined in the form and published.
    await page.goto(`${server.url}/rota?station=${stationId}`);
    await page.getByTestId('rota-publish').click();
    await page.locator('.ant-modal').getByText('测试乙').waitFor();
    await page.getByTestId('rule-ok').click();
    await page.getByText(/已发布 \d+ 个接待日/).waitFor();
    await page.getByTestId('rota-table').getByText(/-15$/).first().waitFor();

    // A shift today, so that a check-in can be seen to move the figure.
    const deputies = await call<{ items: { id: string }[] }>(
      page,
      'GET',
      `/api/deputies?station=${stationId}`,
    );
    const today = shanghaiToday();
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

    // Drill-down: the station's figure → the deputy behind it → the shift behind theirs.
    await page.getByTestId(`attendance-row-${stationId}`).click();
    await page.getByTestId('drill-definition').waitFor();
    const drillRow = page.getByTestId('drill-deputies').locator('tbody tr').first();
    await drillRow.click();
    await page.getByTestId('drill-shifts').getByText(today).waitFor();
    await page.context().close();
  });

  test('a shift’s visitor register and a swap with its reason', async () => {
    const page = await signIn('town');
    const today = shanghaiToday();
    const todays = await call<{ items: { id: string; deputies: { id: string; name: string }[] }[] }>(
      page,
      'GET',
      `/api/rota/shifts?station=${stationId}&from=${today}&to=${today}`,
    );
    const shift = todays.items[0]!;
    await page.goto(`${server.url}/rota?station=${stationId}&shift=${shift.id}`);
    await page.getByTestId('visitor-register').waitFor();
    await page.getByTestId('reg-name').fill('李大妈');
    await page.getByTestId('reg-summary').fill('村口路灯坏了三个月');
    await page.getByTestId('reg-form').locator('.ant-select').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: shift.deputies[0]!.name })
      .click();
    await page.getByTestId('reg-add').click();
    await page.getByTestId('reg-table').getByText('村口路灯坏了三个月').waitFor();
    type Register = {
      receptions: { id: string; visitorName: string; deputyName: string; cases: { id: string }[] }[];
    };
    const saved = await call<Register>(page, 'GET', `/api/rota/shifts/${shift.id}`);
    assert.deepEqual(
      saved.receptions.map((r) => [r.visitorName, r.deputyName]),
      [['李大妈', shift.deputies[0]!.name]],
    );

    // 登记为意见: the intake form takes over the visitor and what they raised; the case keeps the row.
    const rowId = saved.receptions[0]!.id;
    await page.getByTestId(`reg-register-${rowId}`).click();
    await page.getByTestId('register-from-reception').waitFor();
    assert.equal(await page.getByTestId('register-content').inputValue(), '村口路灯坏了三个月');
    assert.equal(await page.getByTestId('register-person-name').inputValue(), '李大妈');
    await page.waitForFunction(() => {
      const el = document.querySelector<HTMLInputElement>('[data-testid="register-region"]');
      return !!el && /^\d{12}$/.test(el.value);
    });
    await page.getByTestId('register-submit').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}/);
    const caseId = page.url().match(/\/cases\/([0-9a-f-]{36})/)![1]!;
    const linked = await call<Register>(page, 'GET', `/api/rota/shifts/${shift.id}`);
    assert.deepEqual(
      linked.receptions[0]!.cases.map((c) => c.id),
      [caseId],
    );

    // Swap the deputy of a coming 15th-of-the-month shift, for a reason.
    const coming = await call<{
      items: { id: string; date: string; deputies: { id: string; name: string; attendance: string }[] }[];
    }>(page, 'GET', `/api/rota/shifts?station=${stationId}&from=${today}`);
    const fifteenth = coming.items.find((s) => s.date > today && /-1[5-7]$/.test(s.date))!;
    assert.ok(fifteenth, 'a published 15th after today');
    const out = fifteenth.deputies[0]!;
    const other = out.name === '测试甲' ? '测试乙' : '测试甲';
    await page.goto(`${server.url}/rota?station=${stationId}&shift=${fifteenth.id}`);
    await page.getByTestId(`shift-swap-${out.id}`).click();
    await page.getByTestId('swap-to').getByRole('combobox').fill(other);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: other })
      .click();
    await page.getByTestId('swap-reason').fill('外出开会');
    await page.getByTestId('swap-ok').click();
    await page
      .getByTestId('shift-swaps')
      .getByText(/外出开会/)
      .waitFor();
    const after = await call<{ deputies: { name: string }[]; swaps: { reason: string }[] }>(
      page,
      'GET',
      `/api/rota/shifts/${fifteenth.id}`,
    );
    assert.deepEqual(
      after.deputies.map((d) => d.name),
      [other],
    );
    assert.equal(after.swaps[0]!.reason, '外出开会');
    await page.context().close();
  });

  test('the county officer extends 七有 and imports regions, seeing bad rows by number', async () => {
    const page = await signIn('county');
    await page.getByRole('menuitem', { name: /标准化清单/ }).click();
    await page.getByTestId('tpl-edit-qiyou').click();
    await page.getByTestId('tpl-add-item').click();
    await page.getByTestId('tpl-item-7').fill('有无障碍通道');
    await page.getByTestId('tpl-save').click();
    await page.getByTestId('tpl-qiyou').getByText('有无障碍通道').waitFor();

    await page.getByRole('menuitem', { name: /行政区划/ }).click();
    await page.getByTestId('regions-table').locator('tbody tr').first().waitFor();
    const me = await call<{ regionCode: string }>(page, 'GET', '/api/me');
    const towns = await call<{ items: { code: string }[] }>(
      page,
      'GET',
      `/api/regions?parent=${me.regionCode}`,
    );
    const village = `${towns.items[0]!.code.slice(0, 9)}998`;
    const csv = (rows: string) => ({ name: 'r.csv', mimeType: 'text/csv', buffer: Buffer.from(rows) });
    await page.getByTestId('regions-file').setInputFiles(csv(`代码,名称\n${village},新建村\n4399,短码\n`));
    await page.getByTestId('regions-error-row-3').waitFor();
    const none = await call<{ items: { code: string }[] }>(
      page,
      'GET',
      `/api/regions?parent=${towns.items[0]!.code}`,
    );
    assert.ok(!none.items.some((r) => r.code === village), 'nothing imported');
    await page.getByTestId('regions-file').setInputFiles(csv(`代码,名称\n${village},新建村\n`));
    await page.getByTestId('regions-result').waitFor();
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
