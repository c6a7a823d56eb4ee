/**
 * The holiday calendar, walked in Chromium at the real date (late in the year, with next year's
 * State Council notice not loaded): the county office and the administrator see the warning on
 * the home page, the administrator follows it to 节假日安排, pastes 元旦 (a bad line first) and is
 * told the year is not complete, pastes the other statutory days, the warning goes; deleting a day
 * brings it back.
 *
 * Only the statutory days (fixed by law, statutoryHolidays) are entered: the 调休 of next year's
 * arrangement is the State Council's to publish, not the test's to guess.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { statutoryHolidays } from '@lianluo/domain';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, type RunningServer, startServer } from './support.ts';

const PASSWORD = 'Qingxi#Demo2026';
const shanghaiToday = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const NEXT = Number(shanghaiToday.slice(0, 4)) + 1;
// The warning for next year starts on 1 November.
const warningSeason = shanghaiToday.slice(5) >= '11-01';

let server: RunningServer;
let browser: Browser;

before(async () => {
  if (!warningSeason) return;
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(username: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.setDefaultNavigationTimeout(90_000);
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-role').waitFor();
  return page;
}

test('the warning shows until next year’s days are entered on the holiday calendar page', {
  skip: warningSeason ? false : 'next year’s warning starts on 1 November',
}, async () => {
  const expected = `${NEXT}年节假日安排尚未录入完整，跨年的工作日期限暂按法定节假日推算，录入后自动重算，请管理员尽快录入`;
  const lawDays = statutoryHolidays(NEXT).filter((d) => d.date !== `${NEXT}-01-01`);
  const offDays = new Set(lawDays.map((d) => d.date)).size + 1;

  // The county office is told; it cannot load the year, so it gets no link and no menu entry.
  const county = await signIn('county');
  const countyWarning = county.getByTestId('calendar-warning');
  await countyWarning.waitFor();
  assert.equal((await countyWarning.innerText()).trim(), expected);
  assert.equal(await county.getByTestId('calendar-warning-link').count(), 0);
  assert.equal(await county.getByRole('menuitem', { name: '节假日安排' }).count(), 0);
  await county.context().close();

  const page = await signIn('admin');
  const warning = page.getByTestId('calendar-warning');
  await warning.waitFor();
  assert.ok((await warning.innerText()).includes(expected));
  await page.getByRole('menuitem', { name: '节假日安排' }).waitFor();
  await page.getByTestId('calendar-warning-link').click();
  await page.waitForURL(`**/calendar?year=${NEXT}`);
  const summary = page.getByTestId('calendar-summary');
  await summary.getByText(`${NEXT}年尚未录入`).waitFor();

  // A line the page cannot read is shown, and nothing can be sent until it is corrected.
  const paste = page.getByTestId('calendar-paste');
  await paste.fill(`${NEXT}-01-01 放假\n`);
  await page.getByTestId('calendar-paste-problems').getByText(`第 1 行：${NEXT}-01-01 放假`).waitFor();
  assert.equal(await page.getByTestId('calendar-paste-submit').isDisabled(), true);

  await paste.fill(`# 元旦（法定节假日）\n${NEXT}-01-01 holiday 元旦\n`);
  await page.getByTestId('calendar-paste-submit').click();
  await page
    .getByTestId('calendar-table')
    .locator(`tr[data-date="${NEXT}-01-01"]`)
    .getByText('元旦')
    .waitFor();
  await summary.getByText(`${NEXT}年已录入：放假 1 天，调休上班 0 天`).waitFor();
  // One line is not the notice: the page names the statutory days still missing, the warning stays.
  assert.match(await page.getByTestId('calendar-incomplete').innerText(), new RegExp(lawDays[0]!.date));
  assert.equal(await page.getByTestId('calendar-warning').count(), 1);

  await paste.fill(lawDays.map((d) => `${d.date} holiday ${d.name}`).join('\n'));
  await page.getByTestId('calendar-paste-submit').click();
  await summary.getByText(`${NEXT}年已录入：放假 ${offDays} 天，调休上班 0 天`).waitFor();
  await warning.waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('calendar-incomplete').count(), 0);

  // Home: the warning is gone there too.
  await page.getByRole('menuitem', { name: '首页' }).click();
  await page.getByTestId('home-stat-stations').waitFor();
  assert.equal(await page.getByTestId('calendar-warning').count(), 0);

  // Deleting the day (entered by mistake, say) brings the warning back.
  await page.goto(`${server.url}/calendar?year=${NEXT}`);
  await page.getByTestId(`calendar-delete-${NEXT}-01-01`).click();
  await page.getByTestId('calendar-delete-ok').click();
  await page.getByTestId('calendar-warning').waitFor();
  await summary.getByText(`${NEXT}年已录入：放假 ${offDays - 1} 天，调休上班 0 天`).waitFor();
  await page.getByTestId('calendar-incomplete').getByText(`${NEXT}-01-01`).waitFor();

  // Both changes are in the audit log.
  const events = await page.evaluate(async () => {
    const res = await fetch('/api/audit?limit=20');
    return ((await res.json()) as { items: { event: string }[] }).items.map((i) => i.event);
  });
  assert.ok(events.includes('calendar_days_added'), events.join());
  assert.ok(events.includes('calendar_day_deleted'), events.join());
});
