import type { FastifyBaseLogger } from 'fastify';
import type { NotifyConfig } from './config.ts';
import type { Deps } from './core/context.ts';
import type { Insight } from './modules/analytics/analytics.service.ts';
import {
  forgetUnreadRollups,
  queueStandardRollups,
  refreshDueRollups,
} from './modules/analytics/hotspot-rollups.ts';
import { enqueueAppointmentReminders } from './modules/appointments/appointments.service.ts';
import { timerEffect } from './modules/cases/timer-effects.ts';
import { runTimersOnce, type TimerEffect, workerId } from './modules/cases/timers.ts';
import { dispatchOnce } from './modules/notify/notify.service.ts';
import {
  type ProviderMap,
  smtpProvider,
  webhookProvider,
  wechatTemplateFormat,
} from './modules/notify/providers.ts';
import { runRemindersOnce } from './modules/rota/reminders.ts';

/**
 * Notification providers from the configuration (config.ts): SMS (and, unless a WeChat webhook
 * of its own is set, WeChat) go to the county's gateway; WeChat messages are official-account
 * template messages linking to the console; e-mail goes by SMTP. Unset: `log`.
 */
export function notifyProviders(notify: NotifyConfig): ProviderMap {
  const map: ProviderMap = {};
  if (notify.smsWebhookUrl) map.sms = webhookProvider(notify.smsWebhookUrl);
  if (notify.wechat) {
    map.wechat = webhookProvider(notify.wechat.webhookUrl, {
      format: wechatTemplateFormat({
        templateIds: notify.wechat.templateIds,
        defaultTemplateId: notify.wechat.defaultTemplateId,
        consoleUrl: notify.wechat.consoleUrl,
      }),
    });
  }
  if (notify.smtp) map.email = smtpProvider(notify.smtp);
  return map;
}

/** One piece of background work a loop runs each pass; its name is what the log says of it. */
export interface Step {
  name: string;
  run: () => Promise<unknown>;
}

type Log = Pick<FastifyBaseLogger, 'info' | 'error'>;

/**
 * One pass: every step in turn, each on its own — a step that throws is logged and the next one
 * runs all the same. Returns the names of the steps that failed.
 */
export async function runPass(steps: Step[], log: Log): Promise<string[]> {
  const failed: string[] = [];
  for (const step of steps) {
    try {
      await step.run();
    } catch (err) {
      failed.push(step.name);
      log.error({ err, step: step.name }, `${step.name} failed`);
    }
  }
  return failed;
}

/**
 * Runs the steps every `everyMs`, a pass never overlapping the one before (a slow pass makes the
 * next tick skip), on a timer that does not keep the process alive. Returns the stop function.
 */
export function startLoop(steps: Step[], log: Log, everyMs: number): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runPass(steps, log);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Runs `fn` when at least `everyMs` has passed since it last succeeded (first call: at once). */
export function atMostEvery(everyMs: number, now: () => Date, fn: () => Promise<unknown>) {
  let doneAt: number | undefined;
  return async () => {
    if (doneAt !== undefined && now().getTime() - doneAt < everyMs) return;
    await fn();
    doneAt = now().getTime();
  };
}

/**
 * The steps of the background worker's pass: case timers (until none is due), the day-before rota
 * reminders, appointment reminders and the outbox. Every step is safe with several processes
 * running it at once.
 */
export function workerSteps(
  deps: Deps,
  providers: ProviderMap,
  worker: string,
  effect: TimerEffect = timerEffect(deps),
): Step[] {
  return [
    {
      name: 'case timers',
      run: async () => {
        while ((await runTimersOnce(deps, worker, effect)) > 0) {}
      },
    },
    { name: 'rota reminders', run: () => runRemindersOnce(deps.db, deps.now()) },
    // Bookings on tomorrow's shifts get their reminder (stamped, so once each).
    { name: 'appointment reminders', run: () => enqueueAppointmentReminders(deps.db, deps.now()) },
    {
      name: 'outbox dispatch',
      // Messages to people carry an encrypted phone; the provider gets the plain number.
      run: () => dispatchOnce(deps.db, providers, deps.now(), { decrypt: (s) => deps.crypto.decrypt(s) }),
    },
  ];
}

/**
 * The background loops of one server process: the worker's pass every `everyMs` and the hotspot
 * rollup job. Returns a stop function.
 */
export function startWorkers(deps: Deps, providers: ProviderMap, everyMs = 5000): () => void {
  const id = workerId();
  const stopPass = startLoop(workerSteps(deps, providers, id), deps.log, everyMs);
  const stopRollups = startRollupJob(deps, id);
  return () => {
    stopPass();
    stopRollups();
  };
}

/**
 * The hotspot rollup job: once an hour it forgets rollups nobody has read for a month and queues
 * this month and the last 30 days for every county and town with recent cases; every minute it
 * computes a few due rollups (queued or stale), one at a time, so the clustering never holds the
 * event loop for long.
 */
function startRollupJob(deps: Deps, id: string, everyMs = 60_000): () => void {
  const hourly = (fn: () => Promise<unknown>) => atMostEvery(3_600_000, deps.now, fn);
  return startLoop(
    [
      { name: 'forget unread hotspot rollups', run: hourly(() => forgetUnreadRollups(deps.db, deps.now())) },
      { name: 'queue hotspot rollups', run: hourly(() => queueStandardRollups(deps.db, deps.now())) },
      { name: 'hotspot rollups', run: () => refreshDueRollups(deps.db, id, deps.now, { batch: 2 }) },
    ],
    deps.log,
    everyMs,
  );
}

/**
 * The classifier's nightly retraining: every ten minutes each process asks whether it is due
 * (Insight.retrainIfDue decides from the database, so it runs once a night, soon after 02:00
 * Asia/Shanghai, however many processes ask). Training holds the event loop for a few seconds.
 */
export function startRetrainJob(
  insight: Pick<Insight, 'retrainIfDue'>,
  log: Log,
  everyMs = 600_000,
): () => void {
  return startLoop(
    [
      {
        name: 'nightly model retraining',
        run: async () => {
          if ((await insight.retrainIfDue()) === 'trained') log.info('nightly model retraining done');
        },
      },
    ],
    log,
    everyMs,
  );
}
