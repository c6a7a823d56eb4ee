import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from '../test/harness.ts';

// A build as Vite writes it: hashed assets with their .br and .gz, and index.html.
const dist = mkdtempSync(join(tmpdir(), 'lianluo-console-'));
const script = `console.log(${JSON.stringify('联络'.repeat(2000))});`;
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
for (const [name, body] of [['assets/index-Ab12Cd34.js', script]] as const) {
  writeFileSync(join(dist, name), body);
  writeFileSync(join(dist, `${name}.br`), brotliCompressSync(body));
  writeFileSync(join(dist, `${name}.gz`), gzipSync(body));
}

describe('the console as a phone loads it', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(undefined, { serveConsole: true, consoleDist: dist });
  });
  after(() => t.close());

  test('a hashed script comes brotli-compressed, cached for a year as immutable', async () => {
    const res = await t.app.inject({
      url: '/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-encoding'], 'br');
    assert.match(String(res.headers.vary), /accept-encoding/i);
    assert.match(String(res.headers['content-type']), /javascript/);
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.ok(res.rawPayload.length < Buffer.byteLength(script) / 4);
    assert.equal(brotliDecompressSync(res.rawPayload).toString(), script);
  });

  test('gzip where brotli is not accepted, the plain file where neither is', async () => {
    const gz = await t.app.inject({
      url: '/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    const plain = await t.app.inject({
      url: '/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': '' },
    });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, script);
  });

  test('index.html and unhashed files are revalidated on every visit, so a new build shows at once', async () => {
    // A browser always offers br: index.html has no .br (too small), and the plain file must keep
    // the policy when the server falls back to it.
    for (const url of ['/', '/cases/123', '/favicon.svg']) {
      const res = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['cache-control'], 'no-cache', url);
    }
    const page = await t.app.inject({ url: '/cases/123' });
    assert.match(page.body, /id="root"/);
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  });

  test('an API path that does not exist is a 404 problem, not the console page', async () => {
    const res = await t.app.inject({ url: '/api/nothing-here' });
    assert.equal(res.statusCode, 404);
    assert.match(String(res.headers['content-type']), /problem\+json/);
  });
});
