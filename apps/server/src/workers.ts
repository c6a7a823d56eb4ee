import type { Deps } from './context.ts';
import { enqueueAppointmentReminders } from './modules/appointments/appointments.service.ts';
import { timerEffect } from './modules/cases/cases.service.ts';
import { runTimersOnce, workerId } from './modules/cases/timers.ts';
import { dispatchOnce } from './modules/notify/notify.service.ts';
import { type ProviderMap, smtpProvider, webhookProvider } from './modules/notify/providers.ts';
import { runRemindersOnce } from './modules/rota/reminders.ts';

/**
 * Notification providers from the environment: LIANLUO_NOTIFY_WEBHOOK_URL sends SMS and WeChat
 * template messages to a gateway; LIANLUO_SMTP_HOST/PORT/FROM sends e-mail. Unset: `log`.
 */
export function providersFromEnv(env: NodeJS.ProcessEnv = process.env): ProviderMap {
  const map: ProviderMap = {};
  if (env.LIANLUO_NOTIFY_WEBHOOK_URL) {
    map.sms = webhookProvider(env.LIANLUO_NOTIFY_WEBHOOK_URL);
    map.wechat = map.sms;
  }
  if (env.LIANLUO_SMTP_HOST) {
    map.email = smtpProvider({
      host: env.LIANLUO_SMTP_HOST,
      port: Number(env.LIANLUO_SMTP_PORT ?? 25),
      from: env.LIANLUO_SMTP_FROM ?? 'lianluo@localhost',
    });
  }
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
  return () => clearInterval(timer);
}
