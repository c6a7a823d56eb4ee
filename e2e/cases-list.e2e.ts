/**
 * The case list as a county officer works it in Chromium: the filters (status, category, overdue
 * only, keyword) narrow the table to what the API answers for the same query and stay in the URL;
 * a saved view brings a filter set back after a reload; and "导出 Excel" downloads a workbook with
 * every case the filters select (all pages), read back here with exceljs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { choose } from './console-actions.ts';
import { launchBrowser, type RunningServer, startServer } from './support.ts';

const PASSWORD = 'Qingxi#Demo2026';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const downloads = mkdtempSync(join(tmpdir(), 'lianluo-e2e-xlsx-'));

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill('county');
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-role').waitFor();
});
after(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  rmSync(downloads, { recursive: true, force: true });
});

interface CaseRow {
  id: string;
  number: string;
  status: string;
  category: string | null;
  overdue: boolean;
  title: string;
}

/** One page of GET /api/cases with the session's cookie (the list's own first page). */
async function apiCases(query: Record<string, string>, cursor?: string) {
  const qs = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
  const res = await page.request.get(`${server.url}/api/cases?${qs}`);
  assert.equal(res.status(), 200, await res.text());
  return (await res.json()) as { items: CaseRow[]; nextCursor: string | null };
}

/** Every case the query selects, page by page. */
async function apiAll(query: Record<string, string>): Promise<CaseRow[]> {
  const all: CaseRow[] = [];
  let cursor: string | undefined;
  do {
    const p = await apiCases({ ...query, limit: '100' }, cursor);
    all.push(...p.items);
    cursor = p.nextCursor ?? undefined;
  } while (cursor);
  return all;
}

/** Clicks an export button and reads the downloaded workbook's first sheet back. */
async function exported(testId: string): Promise<{ header: string[]; rows: string[][] }> {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 120_000 }),
    page.getByTestId(testId).click(),
  ]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const file = join(downloads, `${testId}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  const cells = (i: number) =>
    (ws.getRow(i).values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)));
  const rows: string[][] = [];
  for (let i = 2; i <= ws.rowCount; i++) rows.push(cells(i));
  return { header: cells(1), rows };
}

/** The case numbers the table shows, once it has loaded what the API gives for `query`. */
async function shownNumbers(query: Record<string, string>): Promise<string[]> {
  const want = (await apiCases(query)).items.map((c) => c.number);
  const rows = page.locator('[data-testid="cases-table"] tbody tr.ant-table-row');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const shown = (await rows.locator('td a[href*="/cases/"]').allInnerTexts()).filter((t) => /^LL-/.test(t));
    if (JSON.stringify(shown) === JSON.stringify(want) || Date.now() > deadline) return shown;
    await page.waitForTimeout(300);
  }
}

function params(): URLSearchParams {
  return new URL(page.url()).searchParams;
}

describe('the case list: filters, saved views, Excel export', () => {
  test('the filters narrow the table to what the API selects, and live in the URL', async () => {
    await page.goto(`${server.url}/cases`);
    await page.getByTestId('cases-table').waitFor();

    // Status: 已签收 (accepted, waiting for the department's reply).
    await choose(page, 'cases-filter-status', '已签收');
    await page.waitForURL(/status=accepted/);
    const byStatus = await apiCases({ status: 'accepted' });
    assert.ok(byStatus.items.length > 0, 'the demo has accepted cases');
    assert.ok(byStatus.items.every((c) => c.status === 'accepted'));
    assert.deepEqual(
      await shownNumbers({ status: 'accepted' }),
      byStatus.items.map((c) => c.number),
    );

    // Overdue only, on top of the status.
    // The box follows the URL: the click changes the URL, and the box then shows it.
    await page.getByTestId('cases-filter-overdue').click();
    await page.waitForURL(/overdue=true/);
    const overdue = await apiCases({ status: 'accepted', overdue: 'true' });
    assert.ok(overdue.items.every((c) => c.overdue && c.status === 'accepted'));
    const shownOverdue = await shownNumbers({ status: 'accepted', overdue: 'true' });
    assert.deepEqual(
      shownOverdue,
      overdue.items.map((c) => c.number),
    );
    assert.ok(shownOverdue.length > 0, 'the demo has accepted cases past their reply deadline');
    // Each row carries its 超期 tag.
    const tags = await page.locator('[data-testid="cases-table"] tbody tr.ant-table-row').allInnerTexts();
    assert.ok(tags.every((t) => t.includes('超期')));

    // Back to all statuses, a category and a keyword.
    await page.getByRole('button', { name: /重\s*置/ }).click();
    await page.waitForURL((u) => !u.searchParams.has('status') && !u.searchParams.has('overdue'));
    await choose(page, 'cases-filter-category', '环境保护');
    await page.waitForURL(/category=/);
    const category = params().get('category')!;
    const byCategory = await apiCases({ category });
    assert.ok(byCategory.items.length > 0);
    assert.ok(byCategory.items.every((c) => c.category === category));
    assert.deepEqual(
      await shownNumbers({ category }),
      byCategory.items.map((c) => c.number),
    );
    // A word from the first case's title finds it (and the table shows what the API finds).
    const word = byCategory.items[0]!.title.slice(0, 4);
    await page.getByTestId('cases-filter-q').fill(word);
    await page.getByTestId('cases-filter-q').press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === word);
    const byWord = await apiCases({ category, q: word });
    assert.ok(byWord.items.some((c) => c.number === byCategory.items[0]!.number));
    assert.deepEqual(
      await shownNumbers({ category, q: word }),
      byWord.items.map((c) => c.number),
    );
  });

  test('a saved view brings its filters back after a reload', async () => {
    await page.goto(`${server.url}/cases?status=accepted&overdue=true`);
    await page.getByTestId('cases-table').waitFor();
    await page.getByTestId('views-menu').click();
    await page.getByTestId('views-save').click();
    await page.getByTestId('views-name').fill('超期未答复');
    await page.getByTestId('views-save-submit').click();
    await page.getByText('视图已保存').waitFor();

    // Elsewhere, and a fresh page load: the view is kept in this browser.
    await page.goto(`${server.url}/cases`);
    await page.reload();
    await page.getByTestId('cases-table').waitFor();
    assert.equal(params().get('status'), null);
    await page.getByTestId('views-menu').click();
    await page.getByTestId('view-超期未答复').click();
    await page.waitForURL(
      (u) => u.searchParams.get('status') === 'accepted' && u.searchParams.get('overdue') === 'true',
    );
    await page.getByTestId('cases-filter-status').filter({ hasText: '已签收' }).waitFor();
    await page.locator('[data-testid="cases-filter-overdue"]:checked').waitFor();
    const want = (await apiCases({ status: 'accepted', overdue: 'true' })).items.map((c) => c.number);
    assert.deepEqual(await shownNumbers({ status: 'accepted', overdue: 'true' }), want);
  });

  test('导出 Excel writes every case the filters select, all pages', async () => {
    // Open cases: more than one page of the list, so the export must page through them.
    await page.goto(`${server.url}/cases?status=open`);
    await page.getByTestId('cases-table').waitFor();
    const all = await apiAll({ status: 'open' });
    assert.ok(all.length > (await apiCases({ status: 'open' })).items.length, 'more than one page');

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByTestId('cases-export').click(),
    ]);
    assert.match(download.suggestedFilename(), /\.xlsx$/);
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    assert.deepEqual(header.slice(0, 4), ['编号', '标题', '类别', '状态']);
    const numbers: string[] = [];
    ws.eachRow((row, i) => {
      if (i > 1) numbers.push(String(row.getCell(1).value));
    });
    assert.equal(numbers.length, all.length);
    assert.deepEqual(new Set(numbers), new Set(all.map((c) => c.number)));
  });

  test('the commitments ledger, common issues and departments export what they list', async () => {
    // The ledger's 全部 view: every commitment the API lists for the county.
    await page.goto(`${server.url}/commitments?view=all`);
    await page.getByTestId('commitments-table').waitFor();
    const res = await page.request.get(`${server.url}/api/commitments?limit=500`);
    const commitments = ((await res.json()) as { items: { caseNumber: string }[] }).items;
    assert.ok(commitments.length > 0, 'the demo has commitments');
    const ledger = await exported('commitments-export');
    assert.deepEqual(ledger.header.slice(0, 4), ['编号', '标题', '承办单位', '承诺办结日期']);
    assert.deepEqual(
      ledger.rows.map((r) => r[0]),
      commitments.map((c) => c.caseNumber),
    );

    await page.goto(`${server.url}/common-issues`);
    await page.getByTestId('issues-table').waitFor();
    const issuesRes = await page.request.get(`${server.url}/api/common-issues?limit=500`);
    const issues = ((await issuesRes.json()) as { items: { title: string }[] }).items;
    const sheet = await exported('issues-export');
    assert.equal(sheet.header[0], '问题名称');
    assert.deepEqual(
      sheet.rows.map((r) => r[0]),
      issues.map((i) => i.title),
    );

    // Departments: every page of the filtered list (a keyword narrows it).
    await page.goto(`${server.url}/departments`);
    await page.getByTestId('departments-table').waitFor();
    const depts: { name: string }[] = [];
    let cursor: string | null = null;
    do {
      const r = await page.request.get(
        `${server.url}/api/departments?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      const p = (await r.json()) as { items: { name: string }[]; nextCursor: string | null };
      depts.push(...p.items);
      cursor = p.nextCursor;
    } while (cursor);
    const all = await exported('departments-export');
    assert.deepEqual(all.header, ['单位名称', '层级', '区划代码', '办理中', '超期']);
    assert.deepEqual(new Set(all.rows.map((r) => r[0])), new Set(depts.map((d) => d.name)));
    assert.equal(all.rows.length, depts.length);
    await page.getByTestId('departments-filter-q').fill('生态环境');
    await page.getByTestId('departments-filter-q').press('Enter');
    await page.waitForURL(/q=/);
    const some = await exported('departments-export');
    assert.ok(some.rows.length > 0 && some.rows.length < all.rows.length);
    assert.ok(some.rows.every((r) => r[0]!.includes('生态环境')));
  });
});
