import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cached } from './cache.ts';

/** HTML-escape text for the server-rendered public pages. */
export const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Cookie that keeps the elderly mode (长辈模式: larger type, higher contrast) on. */
export const ELDERLY_COOKIE = 'lianluo_elderly';

const isElderly = (request: FastifyRequest) => request.cookies?.[ELDERLY_COOKIE] === '1';

// One small stylesheet inlined in every page: on a 400 ms RTT village network a separate
// request costs more than the bytes. Mobile first; the elderly class scales type and contrast.
const CSS = `*{box-sizing:border-box}body{font:16px/1.6 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1f1f1f;background:#f5f5f5}
header,main,footer{max-width:720px;margin:auto;padding:12px 16px}header{background:#b71c1c;color:#fff;max-width:none}header a{color:#fff}
header .in{max-width:720px;margin:auto;display:flex;justify-content:space-between;align-items:center;gap:8px}
h1{font-size:1.4em;margin:.3em 0}h2{font-size:1.15em;margin:1em 0 .4em}a{color:#0b57d0}
.card{background:#fff;border-radius:8px;padding:12px 16px;margin:12px 0}
table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid #d9d9d9;padding:6px 8px;text-align:left}
.btn{display:inline-block;padding:10px 18px;border-radius:6px;background:#b71c1c;color:#fff;text-decoration:none;border:0;font-size:1em;min-height:44px}
.btn.alt{background:#fff;color:#b71c1c;border:1px solid #b71c1c}
label{display:block;margin:.6em 0 .2em;font-weight:600}input,textarea,select{width:100%;padding:8px;font-size:1em;border:1px solid #767676;border-radius:4px}
.err{color:#a50e0e;font-weight:600}.muted{color:#595959}.ok{color:#1b5e20}
body.elderly{font-size:22px;color:#000;background:#fff}body.elderly .muted{color:#262626}body.elderly .card{border:2px solid #000}
@media print{header .toggle,footer{display:none}body{background:#fff}}`;

export interface PageOptions {
  title: string;
  /** Already-escaped HTML. */
  body: string;
  request: FastifyRequest;
  /** Inline script (progressive enhancement only; every page works without it). */
  script?: string;
  /** Extra CSS, e.g. for print sheets. */
  css?: string;
  /** A print sheet: no site header, footer or page heading (the body brings its own). */
  bare?: boolean;
}

/** CSP hash source of a style sheet, computed once per distinct sheet. */
const styleHashes = new Map<string, string>();
function styleHash(css: string): string {
  let h = styleHashes.get(css);
  if (!h) {
    h = `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
    styleHashes.set(css, h);
  }
  return h;
}

interface Rendered {
  html: string;
  gzip: Buffer | null;
  csp: string;
  /** The response headers as sent for a shared page, prepared on its first sending. */
  wire?: string[];
}

function render(opts: PageOptions): Rendered {
  const css = opts.css ? `${CSS}${opts.css}` : CSS;
  const nonce = opts.script ? randomBytes(16).toString('base64') : null;
  const elderly = isElderly(opts.request);
  const back = encodeURIComponent(opts.request.url);
  const page = opts.bare
    ? opts.body
    : `<header><div class="in"><span>人大代表联络站</span><a class="toggle" href="/p/elderly?on=${elderly ? 0 : 1}&amp;back=${back}">${elderly ? '标准模式' : '长辈模式'}</a></div></header><main><h1>${esc(opts.title)}</h1>${opts.body}</main><footer class="muted">联络 Lianluo</footer>`;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(opts.title)}</title><style>${css}</style></head><body${elderly ? ' class="elderly"' : ''}>${page}${nonce ? `<script nonce="${nonce}">${opts.script}</script>` : ''}</body></html>`;
  return {
    html,
    // Compressed here rather than by a global plugin: on a 400 kbit/s link the page is 3–4× smaller.
    gzip: html.length > 1024 && wantsGzip(opts.request) ? gzipSync(html) : null,
    csp: `default-src 'none'; style-src ${styleHash(css)}; script-src ${nonce ? `'nonce-${nonce}'` : "'none'"}; img-src 'self' data: blob:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  };
}

const wantsGzip = (request: FastifyRequest) =>
  /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));

/**
 * A shared page goes out as a static file server would send it: status, headers (prepared once
 * with the page) and the bytes, in one write. Fastify's reply pipeline (header checks, onSend
 * hooks) cost more than the rest of the request together for a page already in memory; the
 * headers the app's onSend hook adds to every response are therefore part of `wire` here.
 */
function sendShared(reply: FastifyReply, r: Rendered) {
  if (!r.wire) r.wire = wireHeaders(r);
  reply.hijack();
  reply.raw.writeHead(200, [...r.wire, 'x-request-id', reply.request.id, ...hsts(reply.request)]);
  reply.raw.end(r.gzip ?? r.html);
}

function wireHeaders(r: Rendered): string[] {
  return [
    ...(r.gzip ? ['content-encoding', 'gzip'] : []),
    'vary',
    'accept-encoding, cookie',
    'content-security-policy',
    r.csp,
    'cache-control',
    'no-cache',
    'permissions-policy',
    'camera=(), microphone=(), geolocation=(self)',
    'cross-origin-opener-policy',
    'same-origin',
    'referrer-policy',
    'same-origin',
    'content-type',
    'text/html; charset=utf-8',
    'content-length',
    String(r.gzip ? r.gzip.length : Buffer.byteLength(r.html)),
    'x-content-type-options',
    'nosniff',
    'x-frame-options',
    'DENY',
  ];
}

/**
 * Strict-Transport-Security for a page that came over HTTPS — as Fastify sees it: the socket's
 * TLS, or X-Forwarded-Proto from a proxy trusted by `trustProxy` (LIANLUO_TRUST_PROXY). Browsers
 * ignore it over plain HTTP, and a county intranet may serve plain HTTP, so it is not sent there.
 * This host only (no includeSubDomains): other hosts of the county domain are not ours to pin.
 */
const HSTS = 'max-age=31536000';
const hsts = (request: FastifyRequest) =>
  request.protocol === 'https' ? ['strict-transport-security', HSTS] : [];

function send(reply: FastifyReply, r: Rendered, status: number) {
  if (r.gzip) reply.header('content-encoding', 'gzip');
  const [name, value] = hsts(reply.request);
  if (name && value) reply.header(name, value);
  reply.header('vary', 'accept-encoding, cookie');
  return reply
    .code(status)
    .headers({
      'content-security-policy': r.csp,
      'cache-control': 'no-cache',
      'permissions-policy': 'camera=(), microphone=(), geolocation=(self)',
      'cross-origin-opener-policy': 'same-origin',
      // Not no-referrer: with it a browser posts this page's forms with `Origin: null`, which the
      // CSRF check refuses. same-origin still sends nothing to other sites (the map link).
      'referrer-policy': 'same-origin',
    })
    .type('text/html; charset=utf-8')
    .send(r.gzip ?? r.html);
}

/**
 * Renders a public page and sends it with a strict CSP: nothing but the inline style (by hash)
 * and the inline script of this very response (by nonce), same-origin images and form posts.
 */
export function sendPage(reply: FastifyReply, opts: PageOptions, status = 200) {
  return send(reply, render(opts), status);
}

/**
 * A page that is the same bytes for everyone who asks (no script, so no nonce; no form state),
 * rendered and compressed once per key, mode and encoding while the public data cache holds:
 * a crowd scanning one station's QR code on a market day costs one rendering, not one each.
 */
export async function sendSharedPage(
  reply: FastifyReply,
  request: FastifyRequest,
  key: string,
  build: () => Promise<Omit<PageOptions, 'request' | 'script'> | null>,
  onMissing: () => unknown,
) {
  const variant = `page:${key}:${isElderly(request) ? 'e' : 'n'}:${wantsGzip(request) ? 'gz' : 'id'}:${request.url}`;
  const r = await cached(variant, async () => {
    const opts = await build();
    return opts ? render({ ...opts, request }) : null;
  });
  return r ? sendShared(reply, r) : onMissing();
}

/** The public pages' own 404: a page for a person, not a problem+json document. */
export function sendNotFound(reply: FastifyReply, request: FastifyRequest, what = '页面') {
  return sendPage(
    reply,
    { request, title: `未找到该${what}`, body: '<p>链接可能有误或已失效，请重新扫描联络站的二维码。</p>' },
    404,
  );
}

/** `<ul>` of already-escaped items, or the `empty` text. */
export const list = (items: string[], empty: string, attrs = '') =>
  items.length
    ? `<ul${attrs}>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`
    : `<p class="muted">${esc(empty)}</p>`;

/**
 * A safe local path to return to after toggling a mode (never an open redirect); otherwise the
 * public pages' start page (/p/, the list of stations).
 */
export function safeBack(back: unknown): string {
  return typeof back === 'string' && /^\/p\/[^/\\]/.test(back) && !back.includes('//') ? back : '/p/';
}
