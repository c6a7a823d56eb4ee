import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { type Browser, type BrowserContext, devices, type Page } from 'playwright-core';
import sharp from 'sharp';
import { launchBrowser, type RunningServer, startServer } from './support.ts';

/**
 * Issue 6 on a phone: a person scans a station's QR code (opens its URL), looks at the rota and
 * the board, books a deputy with a plain form; every public page passes axe-core's WCAG 2.1 AA
 * rules in normal and elderly mode.
 */
const PASSWORD = 'Qingxi#Demo2026';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let server: RunningServer;
let browser: Browser;
let cookie = '';
let stationId = '';
let deputyId = '';
let regionCode = '';

async function api<T>(method: string, url: string, body?: unknown, form?: FormData): Promise<T> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: form ?? (body ? JSON.stringify(body) : undefined),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const shanghaiToday = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const plusDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'town', password: PASSWORD }),
  });
  assert.equal(login.status, 200);
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const stations = await api<{ items: { id: string; regionCode: string; deputyCount: number }[] }>(
    'GET',
    '/api/stations?limit=50',
  );
  const station = stations.items.find((s) => s.deputyCount > 0)!;
  stationId = station.id;
  regionCode = station.regionCode;
  const detail = await api<{ deputies: { id: string }[] }>('GET', `/api/stations/${stationId}`);
  deputyId = detail.deputies[0]!.id;
  // A reception every day of the coming fortnight, so the phone has something to book.
  const rule = await api<{ id: string }>('POST', `/api/stations/${stationId}/rota-rules`, {
    rule: {
      kind: 'market_days',
      dates: Array.from({ length: 14 }, (_, i) => plusDays(shanghaiToday(), i + 1)),
      calendar: 'gregorian',
    },
    startTime: '14:00',
    endTime: '16:30',
    perShift: 1,
    deputyIds: detail.deputies.slice(0, 3).map((d) => d.id),
  });
  await api('POST', `/api/rota-rules/${rule.id}/publish`, {
    from: plusDays(shanghaiToday(), 1),
    to: plusDays(shanghaiToday(), 14),
  });
  const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#9bc' } })
    .jpeg()
    .toBuffer();
  for (const [kind, id] of [
    ['stations', stationId],
    ['deputies', deputyId],
  ] as const) {
    const form = new FormData();
    form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg');
    await api('PUT', `/api/${kind}/${id}/photo`, undefined, form);
  }
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function phone(opts: { elderly?: boolean; javaScript?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    ...devices['Pixel 5'],
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    javaScriptEnabled: opts.javaScript ?? true,
    // axe is injected as a script; the pages' own CSP (nonce only) would rightly refuse it.
    bypassCSP: true,
  });
  if (opts.elderly) {
    await context.addCookies([{ name: 'lianluo_elderly', value: '1', url: `${server.url}/p/` }]);
  }
  return context;
}

async function axeViolations(page: Page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(
    (tags) =>
      (
        window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown[] }> } }
      ).axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    WCAG_AA,
  );
  return result.violations as { id: string; help: string; nodes: { html: string }[] }[];
}

describe('a person with a phone', () => {
  test('scans the station QR, sees rota and board, books a deputy with JavaScript off', async () => {
    const context = await phone({ javaScript: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/p/stations/${stationId}`);
    await page.getByTestId('public-rota').waitFor();
    assert.match(
      await page.getByTestId('board-counts').innerText(),
      /本月收到 \d+ 件，已办结 \d+ 件，满意率/,
    );
    await page.getByRole('link', { name: '预约代表' }).first().click();
    await page.getByTestId('book-form').waitFor();
    await page.locator('input[name="shift"]:not([disabled])').first().check();
    await page.getByLabel('您的姓名').fill('手机用户');
    await page.getByLabel(/手机号码/).fill('13900001234');
    await page.getByLabel(/想反映的事项/).fill('想当面反映村道路灯的事');
    await page.getByRole('button', { name: '提交预约' }).click();
    await page.waitForLoadState('load');
    const refused = page.getByTestId('book-error');
    assert.equal(await refused.count(), 0, (await refused.count()) ? await refused.innerText() : '');
    await page
      .getByTestId('book-done')
      .waitFor({ timeout: 10_000 })
      .catch(async () => assert.fail(`${page.url()}: ${(await page.content()).slice(-1500)}`));
    assert.match(await page.getByTestId('book-done').innerText(), /预约号：[A-Z0-9]{8}/);
    assert.match(await page.getByTestId('book-done').innerText(), /手\*+（139\*\*\*\*1234）/);
    // Staff see it in the station's bookings.
    const staff = await api<{ items: { visitorName: string; topic: string }[] }>(
      'GET',
      `/api/stations/${stationId}/appointments`,
    );
    assert.ok(staff.items.some((b) => b.visitorName === '手机用户' && b.topic.includes('路灯')));
    await context.close();
  });

  for (const elderly of [false, true]) {
    test(`station, deputy, booking and board pages have no WCAG 2.1 AA violations (${elderly ? '长辈模式' : 'standard'})`, async () => {
      const context = await phone({ elderly });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      for (const url of [
        `/p/stations/${stationId}`,
        `/p/deputies/${deputyId}`,
        `/p/book?station=${stationId}`,
        `/p/board?region=${regionCode}`,
        `/p/board?station=${stationId}&q=${encodeURIComponent('道路')}`,
      ]) {
        const res = await page.goto(`${server.url}${url}`);
        assert.equal(res?.status(), 200, url);
        assert.equal(await page.evaluate(() => document.body.classList.contains('elderly')), elderly);
        const violations = await axeViolations(page);
        assert.deepEqual(
          violations.map(
            (v) =>
              `${v.id}: ${v.help} — ${v.nodes
                .map((n) => n.html)
                .slice(0, 3)
                .join(' | ')}`,
          ),
          [],
          url,
        );
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test('under the real CSP (no bypass) the page is styled and nothing is blocked', async () => {
    const context = await browser.newContext({ ...devices['Pixel 5'], locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    for (const url of [`/p/stations/${stationId}`, `/p/stations/${stationId}/poster`]) {
      await page.goto(`${server.url}${url}`);
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.match(bg, /rgb\((245, 245, 245|255, 255, 255)\)/, url);
    }
    // The poster's QR code is printed 80 mm wide (≈ 302 CSS px): its sheet's own style applied.
    const qrWidth = await page.evaluate(() =>
      Number.parseFloat(getComputedStyle(document.querySelector('.sheet svg')!).width),
    );
    assert.ok(Math.abs(qrWidth - (80 * 96) / 25.4) < 1, String(qrWidth));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('the elderly-mode toggle works without JavaScript and comes back to the same page', async () => {
    const context = await phone({ javaScript: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/p/stations/${stationId}`);
    await page.getByRole('link', { name: '长辈模式' }).click();
    await page.waitForURL(`**/p/stations/${stationId}`);
    assert.equal(await page.locator('body').getAttribute('class'), 'elderly');
    await context.close();
  });
});
