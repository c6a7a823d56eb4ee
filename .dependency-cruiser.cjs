/**
 * The layers of docs/architecture.md, and no import cycles (`npm run check -- layers`).
 * Imports point down only: packages ← db/crypto/storage ← core ← http ← modules ← composition.
 * Tests (*.test.ts, apps/server/src/test/) may reach anywhere: they are exempt from the layers,
 * not from resolving. Type-only imports count: a type from above is still a dependency on above.
 */
const SERVER = '^apps/server/src/';
const TEST = ['\\.test\\.tsx?$', '\\.testkit\\.ts$', `${SERVER}test/`];
const COMPOSITION = [`${SERVER}(app|main|runtime|workers)\\.ts$`, `${SERVER}(cli|seed)/`];

/** A rule: `from` (minus tests) must not import `to`. */
const layer = (name, comment, from, to) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from, pathNot: TEST },
  to: { path: to },
});

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment:
        'Import cycles in non-test code: split the shared part out, or let one side pass a function in.',
      severity: 'error',
      from: { pathNot: TEST },
      to: { circular: true },
    },
    layer(
      'packages-not-apps',
      'packages/* are the bottom layer: pure rules and vocabulary, nothing from the apps.',
      '^packages/',
      '^apps/',
    ),
    layer(
      'base-not-up',
      'db/, crypto/ and storage/ sit under core: nothing from core, http, modules or composition.',
      `${SERVER}(db|crypto|storage)/`,
      [`${SERVER}(core|http|modules)/`, ...COMPOSITION],
    ),
    layer(
      'core-not-up',
      'core/ knows nothing of http/, modules/ or the composition files.',
      `${SERVER}core/`,
      [`${SERVER}(http|modules)/`, ...COMPOSITION],
    ),
    layer(
      'http-not-modules',
      'http/ is Fastify plumbing: nothing from modules/ or the composition files.',
      `${SERVER}http/`,
      [`${SERVER}modules/`, ...COMPOSITION],
    ),
    layer(
      'modules-not-composition',
      'modules/ are wired by app.ts, main.ts, runtime.ts, workers.ts, cli/ and seed/, never the other way.',
      `${SERVER}modules/`,
      COMPOSITION,
    ),
    layer(
      'console-not-server',
      'The console talks to the server over HTTP (src/api/schema.d.ts is generated), never by import.',
      '^apps/console/',
      '^apps/server/',
    ),
    {
      name: 'resolvable',
      comment: 'An import the cruiser cannot resolve would slip past every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)dist/', '^apps/server/drizzle/'] },
    // Type-only imports are edges too (see above).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    // The workspaces resolve through node_modules/@lianluo/* to packages/*/src (their `exports`).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
