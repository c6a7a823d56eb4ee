/**
 * Folders the server reads at run time, from the server package's root. apps/server/ is one
 * folder up from this file (src/paths.ts, running the sources with tsx) and from every file of
 * the bundle (dist/*.js: scripts/build-server.mjs writes them all directly into dist/), so the
 * same URL works for both.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The plain-SQL migrations drizzle-kit writes (apps/server/drizzle). */
export const MIGRATIONS_FOLDER = join(SERVER_ROOT, 'drizzle');

/** The built console (apps/console/dist), served at / when it exists. */
export const CONSOLE_DIST = join(SERVER_ROOT, '../console/dist');
