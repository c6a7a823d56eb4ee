#!/usr/bin/env node
/**
 * `npm run build:server`: bundles the server into apps/server/dist/ so that it starts with plain
 * `node`, without tsx or any other dev dependency (`npm ci --omit=dev` is enough to run it).
 *
 *   dist/main.js              the server (npm run serve)
 *   dist/migrate.js           apply the migrations         (apps/server/src/cli/migrate.ts)
 *   dist/seed.js              the demo county [--reset]    (apps/server/src/cli/seed.ts)
 *   dist/hotspots.worker.js   the hotspot clustering's worker thread
 *
 * The workspaces (@lianluo/domain, @lianluo/text: TypeScript sources) are bundled in; every other
 * package stays external and is loaded from node_modules at run time — the native ones
 * (@node-rs/argon2, sharp) and PGlite's wasm files could not be bundled anyway. All outputs sit
 * directly in dist/, one folder below apps/server/ like src/paths.ts, which finds the migrations
 * and the built console from there.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const SERVER = join(ROOT, 'apps/server');
const OUT = join(SERVER, 'dist');

/** Bare imports are external, except the workspaces, whose sources are bundled. */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@lianluo/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

rmSync(OUT, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: {
    main: join(SERVER, 'src/main.ts'),
    migrate: join(SERVER, 'src/cli/migrate.ts'),
    seed: join(SERVER, 'src/cli/seed.ts'),
    'hotspots.worker': join(SERVER, 'src/modules/analytics/hotspots.worker.ts'),
  },
  outdir: OUT,
  // Code shared by the entries (the app, the demo seed) goes into dist/chunk-*.js, once.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  plugins: [externalPackages],
  logLevel: 'warning',
  metafile: true,
});

const outputs = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js'));
const kb = outputs.reduce((n, [, o]) => n + o.bytes, 0) / 1024;
console.log(`server bundled: ${outputs.length} files, ${kb.toFixed(0)} kB in apps/server/dist`);
