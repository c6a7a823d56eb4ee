/**
 * The Open311 key page, walked in Chromium: the county office issues a key for the city's 12345
 * hotline (shown once), the hotline's system submits a request with it and reads the status
 * back, then the office revokes the key and the next submission is refused with the spec's error.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, type RunningServer, startServer } from './support.ts';

const PASSWORD = 'Qingxi#Demo2026';

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

test('the county office issues a key, a hotline uses it, the office revokes it', async () => {
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  // A small machine shared with other work can take longer than the default to load a page.
  page.setDefaultNavigationTimeout(90_000);
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-username').fill('county');
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-role').waitFor();

  // Reached from the menu, as the office would.
  await page.getByRole('menuitem', { name: 'Open311 接口' }).click();
  await page.getByTestId('open311-issue').click();
  await page.getByTestId('open311-name').fill('市12345热线');
  await page.getByTestId('open311-issue-ok').click();
  const secretBox = page.getByTestId('open311-secret');
  await secretBox.waitFor();
  const secret = (await secretBox.innerText()).trim();
  assert.match(secret, /^ll311_[A-Za-z0-9_-]{32}$/);
  await page.getByTestId('open311-issued-done').click();
  const table = page.getByTestId('open311-table');
  await table.getByText('市12345热线').waitFor();
  // The list knows the key's first characters, never the key.
  assert.ok(!(await table.innerText()).includes(secret));
  await table.getByText(secret.slice(0, 12)).waitFor();

  // The hotline's system, speaking Open311.
  const services = (await (await fetch(`${server.url}/open311/v2/services.json`)).json()) as {
    service_code: string;
  }[];
  const post = (key: string) =>
    fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: key,
        service_code: services[0]!.service_code,
        address_string: '青石镇石桥村村口',
        description: '村口路灯已经坏了一个月，晚上出行不安全。',
      }).toString(),
    });
  const created = await post(secret);
  assert.equal(created.status, 200);
  const [{ service_request_id: id }] = (await created.json()) as { service_request_id: string }[];
  const status = await fetch(`${server.url}/open311/v2/requests/${id}.xml`);
  assert.equal(status.status, 200);
  const xml = await status.text();
  assert.match(xml, /^<\?xml version="1\.0" encoding="utf-8"\?><service_requests><request>/);
  assert.match(xml, /<status>open<\/status>/);

  // The office sees the key was used, and revokes it.
  await page.reload();
  const row = table.locator('tr', { hasText: '市12345热线' });
  // By test id: antd spaces out a two-character label (吊 销).
  await row.locator('[data-testid^="open311-revoke-"]').click();
  await page.getByTestId('open311-revoke-ok').click();
  await row.getByText('已吊销').waitFor();
  const refused = await post(secret);
  assert.equal(refused.status, 403);
  const errors = (await refused.json()) as { code: number; description: string }[];
  assert.equal(errors[0]!.code, 403);
  await context.close();
});
