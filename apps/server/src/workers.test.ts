import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyBaseLogger } from 'fastify';
import type { Deps } from './core/context.ts';
import type { Database } from './db/client.ts';
import { cases, caseTimers, notifications } from './db/schema/index.ts';
import { enqueue } from './modules/notify/notify.service.ts';
import type { OutgoingMessage } from './modules/notify/providers.ts';
import { freshDatabase, TestClock, testDeps } from './test/harness.ts';
import { atMostEvery, runPass, startLoop, workerSteps } from './workers.ts';

/**
 * The worker's pass runs each step on its own: a step that throws is logged under its name and
 * the steps after it run all the same, so a broken timer cannot hold up the outbox.
 */
let database: Database;
const clock = new TestClock(new Date('2026-06-15T02:00:00Z'));
before(async () => {
  database = await freshDatabase();
});
after(() => database?.close());

function recordingLog() {
  const errors: { obj: Record<string, unknown>; msg: string }[] = [];
  const log = {
    info: () => {},
    error: (obj: Record<string, unknown>, msg: string) => void errors.push({ obj, msg }),
  } as unknown as FastifyBaseLogger;
  return { log, errors };
}

test('a throwing timer step does not stop the outbox from being dispatched in the same pass', async () => {
  const [c] = await database.db
    .insert(cases)
    .values({
      number: 'LL-439901-2026-000001',
      regionCode: '439901001001',
      channel: 'phone',
      title: '计时测试',
      content: '计时测试',
      status: 'assigned',
      registeredAt: clock.now(),
    })
    .returning({ id: cases.id });
  await database.db.insert(caseTimers).values({
    caseId: c!.id,
    regionCode: '439901001001',
    kind: 'reply_due',
    fireAt: new Date(clock.now().getTime() - 60_000),
    caseSeq: 1,
  });
  await enqueue(database.db, clock.now(), [
    {
      regionCode: '439901001001',
      channel: 'in_app',
      recipient: 'u1',
      template: 'commitment_due',
      vars: { number: 'LL-439901-2026-000001', date: '2026-07-01' },
    },
  ]);
  const sent: OutgoingMessage[] = [];
  const providers = { in_app: { name: 'test', send: async (m: OutgoingMessage) => void sent.push(m) } };
  const { log, errors } = recordingLog();
  const deps: Deps = { ...testDeps(database, clock), log };
  const steps = workerSteps(deps, providers, 'w-test', async () => {
    throw new Error('the timer effect broke');
  });

  assert.deepEqual(await runPass(steps, log), ['case timers']);
  assert.equal(sent.length, 1, 'the outbox was dispatched after the timer step failed');
  const [row] = await database.db.select().from(notifications);
  assert.equal(row!.status, 'sent');
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.obj.step, 'case timers');
  assert.match(errors[0]!.msg, /case timers failed/);
  // The timer did not fire: it keeps its lease and is tried again once the lease runs out.
  const [timer] = await database.db.select().from(caseTimers);
  assert.equal(timer!.firedAt, null);
  assert.ok(timer!.leaseUntil);
});

test('the loop never runs a pass while the last one is still running, and stops', async () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  let starts = 0;
  let running = 0;
  let most = 0;
  let release = () => {};
  let gate = new Promise<void>((r) => {
    release = r;
  });
  const stop = startLoop(
    [
      {
        name: 'slow',
        run: async () => {
          starts++;
          running++;
          most = Math.max(most, running);
          await gate;
          running--;
        },
      },
    ],
    recordingLog().log,
    5,
  );
  // Many ticks go by while the first pass is held: none starts another.
  while (starts === 0) await sleep(5);
  await sleep(60);
  assert.equal(starts, 1);
  // Let passes through: the loop goes on, one at a time.
  gate = Promise.resolve();
  release();
  while (starts < 3) await sleep(5);
  stop();
  while (running > 0) await sleep(5);
  const stoppedAt = starts;
  await sleep(60);
  assert.equal(starts, stoppedAt, 'no pass after stop');
  assert.equal(most, 1);
});

test('an hourly step runs at once, then not again within the hour, and again after a failure', async () => {
  const at = new TestClock(new Date('2026-06-15T02:00:00Z'));
  let runs = 0;
  let fail = false;
  const step = atMostEvery(3_600_000, at.now, async () => {
    runs++;
    if (fail) throw new Error('down');
  });
  await step();
  await step();
  assert.equal(runs, 1);
  at.advance(3_600_000);
  fail = true;
  await assert.rejects(step());
  fail = false;
  await step();
  assert.equal(runs, 3, 'a failed run does not count as done');
});
