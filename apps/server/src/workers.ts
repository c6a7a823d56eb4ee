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
import { timerEffect } from './modules/cases/cases.service.ts';
import { runTimersOnce, workerId } from './modules/cases/timers.ts';
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

/**
 * The background loops of one server process: case timers, the day-before rota reminders and the
 * outbox. Every step is safe with several processes running it at once. Returns a stop function.
 */
export function startWorkers(deps: Deps, providers: ProviderMap, everyMs = 5000): () => void {
  const id = workerId();
  const effect = timerEffect(deps);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      while ((await runTimersOnce(deps, id, effect)) > 0) {}
      await runRemindersOnce(deps.db, deps.now());
      // Bookings on tomorrow's shifts get their reminder (stamped, so once each).
      await enqueueAppointmentReminders(deps.db, deps.now());
      // Messages to people carry an encrypted phone; the provider gets the plain number.
      await dispatchOnce(deps.db, providers, deps.now(), { decrypt: (s) => deps.crypto.decrypt(s) });
    } catch (err) {
      deps.log.error({ err }, 'background worker pass failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  const stopRollups = startRollupJob(deps, id);
  return () => {
    clearInterval(timer);
    stopRollups();
  };
}

/**
 * The hotspot rollup job: once an hour it forgets rollups nobody has read for a month and queues
 * this month and the last 30 days for every county and town with recent cases; every minute it computes a few due rollups (queued or
 * stale), one at a time, so the clustering never holds the event loop for long.
 */
export function startRollupJob(deps: Deps, id: string, everyMs = 60_000): () => void {
  let running = false;
  let queuedAt = 0;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      if (deps.now().getTime() - queuedAt >= 3_600_000) {
        await forgetUnreadRollups(deps.db, deps.now());
        await queueStandardRollups(deps.db, deps.now());
        queuedAt = deps.now().getTime();
      }
      await refreshDueRollups(deps.db, id, deps.now, { batch: 2 });
    } catch (err) {
      deps.log.error({ err }, 'hotspot rollup pass failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * The classifier's nightly retraining: every ten minutes each process asks whether it is due
 * (Insight.retrainIfDue decides from the database, so it runs once a night, soon after 02:00
 * Asia/Shanghai, however many processes ask). Training holds the event loop for a few seconds.
 */
export function startRetrainJob(
  insight: Pick<Insight, 'retrainIfDue'>,
  log: Pick<FastifyBaseLogger, 'info' | 'error'>,
  everyMs = 600_000,
): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const done = await insight.retrainIfDue();
      if (done === 'trained') log.info('nightly model retraining done');
    } catch (err) {
      log.error({ err }, 'nightly model retraining failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
