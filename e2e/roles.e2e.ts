import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, type RunningServer, startServer } from './support.ts';

const PASSWORD = 'Qingxi#Demo2026';

/** Every demo role signs in through the console and lands on its own home page. */
const ROLES = [
  { username: 'admin', role: '平台管理员', menu: ['审计日志'] },
  { username: 'county', role: '县人大常委会代表工委', menu: ['联络站', '代表', '意见办理'] },
  { username: 'town', role: '乡镇人大主席团', menu: ['联络站', '代表', '意见办理'] },
  { username: 'station', role: '联络站站长', menu: ['意见办理'] },
  { username: 'deputy', role: '人大代表', menu: ['意见办理'] },
  { username: 'ecology', role: '承办单位经办人', menu: ['意见办理'] },
];

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

describe('demo accounts in the console', () => {
  for (const r of ROLES) {
    test(`${r.username} signs in and sees the home page of a ${r.role}`, async () => {
      const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      await page.goto(`${server.url}/login`);
      await page.getByTestId('login-username').fill(r.username);
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('user-role').waitFor();
      assert.match(await page.getByTestId('user-role').innerText(), new RegExp(r.role));
      const open = page.getByTestId('home-stat-open-cases');
      await open.waitFor();
      // Real figures from the database, not placeholders.
      const figure = Number((await open.innerText()).replace(/[^0-9]/g, ''));
      assert.ok(Number.isFinite(figure));
      for (const item of r.menu) {
        assert.ok(
          await page.getByRole('menuitem', { name: new RegExp(item) }).count(),
          `${r.username}: menu ${item}`,
        );
      }
      if (r.username === 'county') {
        const stations = Number(
          (await page.getByTestId('home-stat-stations').innerText()).replace(/[^0-9]/g, ''),
        );
        assert.equal(stations, 87);
      }
      await page.getByTestId('logout').click();
      await page.getByTestId('login-username').waitFor();
      await context.close();
    });
  }

  test('a wrong password shows the reason on the login page', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByTestId('login-username').fill('county');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await page.getByText('用户名或密码错误').waitFor();
    await page.close();
  });
});
