import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Vite names every file under assets/ by a hash of its content: a new build is a new name. */
const HASHED = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;
const YEAR_MS = 365 * 24 * 3600 * 1000;

/**
 * Serves the built console from `dist` as a single-page app: files as they are, any other non-API
 * GET as index.html. A phone on a slow line should fetch the scripts once, small: the build
 * writes .br and .gz beside each file (served by Accept-Encoding), hashed assets are cached for a
 * year as immutable, and index.html is revalidated on every visit so a new build shows at once.
 */
export async function serveConsole(app: FastifyInstance, dist: string): Promise<void> {
  if (!existsSync(join(dist, 'index.html'))) return;
  await app.register(fastifyStatic, { root: dist, serve: false, preCompressed: true });
  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/')) return reply.callNotFound();
    const file = url.slice(1);
    // The same URL answers brotli, gzip or plain by Accept-Encoding: a cache in between must know.
    reply.header('vary', 'accept-encoding');
    if (file && !file.includes('..') && existsSync(join(dist, file))) {
      if (HASHED.test(file)) return reply.sendFile(file, { maxAge: YEAR_MS, immutable: true });
      reply.header('cache-control', 'no-cache');
      return reply.sendFile(file, { cacheControl: false });
    }
    reply.header('cache-control', 'no-cache');
    // antd writes its styles at run time, hence 'unsafe-inline' for styles only, never scripts.
    reply.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    );
    return reply.sendFile('index.html', { cacheControl: false });
  });
}
