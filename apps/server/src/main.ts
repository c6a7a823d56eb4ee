import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { deleteIdleSessions } from './core/sessions.queries.ts';
import { openRuntime } from './runtime.ts';
import { DEMO_PASSWORD, ensureDemo } from './seed/demo.ts';
import { notifyProviders, startLoop, startRetrainJob, startWorkers } from './workers.ts';

const config = loadConfig();
const { database, deps } = await openRuntime(config);
const app = await buildApp({
  database,
  deps,
  serveConsole: true,
  trustProxy: config.trustProxy,
  open311RatePerMinute: config.open311RatePerMinute,
  logger: {
    level: config.logLevel,
    // Session cookies and passwords never reach the log.
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
  },
});

const seeded = await ensureDemo(deps, app.log);
// The classifier is trained on the cases staff have triaged here: now if there is no model (or
// tonight's run was missed), then nightly after 02:00 Asia/Shanghai (see Insight.retrainIfDue).
await app.insight.retrainIfDue().catch((err) => app.log.error({ err }, 'model training failed'));
const stopRetrain = startRetrainJob(app.insight, app.log);
// Sessions idle past the limit are deleted, not merely refused (no residual session data); a
// calendar write reloads the process that took it, and other processes catch up here.
const stopSweeps = [
  startLoop(
    [
      {
        name: 'idle session sweep',
        run: () =>
          deleteIdleSessions(deps.db, new Date(Date.now() - config.settings.sessionIdleMinutes * 60_000)),
      },
    ],
    app.log,
    600_000,
  ),
  startLoop([{ name: 'calendar reload', run: async () => deps.calendarChanged?.() }], app.log, 300_000),
];

const stopWorkers = startWorkers({ ...deps, log: app.log }, notifyProviders(config.notify));

const shutdown = async (signal: string) => {
  app.log.info({ signal }, 'shutting down');
  stopWorkers();
  stopRetrain();
  for (const stop of stopSweeps) stop();
  await app.close();
  await database.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ port: config.port, host: config.host });
// The similar-case index is built now, in the background (paged, yielding to requests), rather
// than by the first officer who registers a case.
const warmStart = Date.now();
void app.insight.warm().then(
  (cases) => app.log.info({ cases, ms: Date.now() - warmStart }, 'similar-case index ready'),
  (err) => app.log.error({ err }, 'similar-case index build failed'),
);
const where = config.databaseUrl ? 'PostgreSQL' : `PGlite (${config.dataDir})`;
console.log(`\n联络 Lianluo is running at http://localhost:${config.port}  — database: ${where}`);
if (seeded.accounts.length > 0) {
  console.log(`\n演示账户 Demo accounts (password for all: ${DEMO_PASSWORD}):`);
  for (const a of seeded.accounts) console.log(`  ${a.username.padEnd(14)} ${a.label}`);
}
console.log(`\nAPI docs: http://localhost:${config.port}/api/docs\n`);
