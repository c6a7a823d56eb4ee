import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Vite names every file under assets/ by a hash of its content: a new build is a new name. */
const HASHED = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

/**
 * Serves the built console from `dist` as a single-page app: files as they are, any other non-API
 * GET as index.html. A phone on a slow line should fetch the scripts once, small: the build
 * writes .br and .gz beside each file (served by Accept-Encoding), hashed assets are cached for a
 * year as immutable, and index.html is revalidated on every visit so a new build shows at once.
 */
export async function serveConsole(app: FastifyInstance, dist: string): Promise<void> {
  if (!existsSync(join(dist, 'index.html'))) return;
  await app.register(fastifyStatic, { root: dist, serve: false, preCompressed: true });
  // The cache policy is set last (onSend): @fastify/static writes its own header when it falls
  // back from a missing .br to the plain file, whatever options the handler passed.
  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const file = (request.url.split('?')[0] ?? '/').slice(1);
    reply.header('cache-control', HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    return payload;
  };
  app.get('/*', { config: { public: true }, schema: { hide: true }, onSend }, async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    if (url.startsWith('/api/')) return reply.callNotFound();
    const file = url.slice(1);
    // The same URL answers brotli, gzip or plain by Accept-Encoding: a cache in between must know.
    reply.header('vary', 'accept-encoding');
    if (file && !file.includes('..') && existsSync(join(dist, file))) return reply.sendFile(file);
    // antd writes its styles at run time, hence 'unsafe-inline' for styles only, never scripts.
    reply.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    );
    return reply.sendFile('index.html');
  });
}
