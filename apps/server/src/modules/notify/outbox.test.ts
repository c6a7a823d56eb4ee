import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Database } from '../../db/client.ts';
import { notifications } from '../../db/schema/index.ts';
import { freshDatabase } from '../../test/harness.ts';
import { dispatchOnce, enqueue } from './notify.service.ts';
import type { OutgoingMessage } from './providers.ts';

/**
 * The outbox is a job queue (core/jobs.ts) whose fencing token is the claim's lease: several
 * dispatchers send each message once, and a dispatcher that stalled past its lease neither sends
 * nor records a message another dispatcher has claimed since.
 */
let database: Database;
before(async () => {
  database = await freshDatabase();
});
after(() => database?.close());

const at = new Date('2026-06-15T02:00:00Z');
const message = (n: number) => ({
  regionCode: '439901001001',
  channel: 'sms' as const,
  recipient: `1380013800${n}`,
  template: 'case_registered' as const,
  vars: { number: `LL-439901-2026-00000${n}` },
});

test('two dispatchers at once send every message exactly once', async () => {
  await database.db.delete(notifications);
  await enqueue(database.db, at, [1, 2, 3, 4, 5, 6, 7, 8].map(message));
  const sent = new Map<number, number>();
  const sms = {
    name: 'test',
    send: async (m: OutgoingMessage) => {
      sent.set(m.id, (sent.get(m.id) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 1));
    },
  };
  const [a, b] = await Promise.all([
    dispatchOnce(database.db, { sms }, at, { batch: 3 }),
    dispatchOnce(database.db, { sms }, at, { batch: 3 }),
  ]);
  const c = await dispatchOnce(database.db, { sms }, at, { batch: 10 });
  assert.equal(a.sent + b.sent + c.sent, 8);
  assert.equal(sent.size, 8);
  assert.ok([...sent.values()].every((n) => n === 1));
});

test('a dispatcher that stalled past its lease leaves the rest of its batch to the next one', async () => {
  await database.db.delete(notifications);
  await enqueue(database.db, at, [1, 2].map(message));
  const sends: { by: string; recipient: string }[] = [];
  let release = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  let stalled: string | undefined;
  const slow = {
    name: 'slow',
    send: async (m: OutgoingMessage) => {
      sends.push({ by: 'slow', recipient: m.recipient });
      if (!stalled) {
        stalled = m.recipient;
        await held;
      }
    },
  };
  const fast = {
    name: 'fast',
    send: async (m: OutgoingMessage) => void sends.push({ by: 'fast', recipient: m.recipient }),
  };
  // The slow dispatcher claims both under a one-second lease and stalls on the first send.
  const first = dispatchOnce(database.db, { sms: slow }, at, { leaseMs: 1000 });
  while (!stalled) await new Promise((r) => setTimeout(r, 5));
  // Five seconds on, its lease has run out: another dispatcher claims both and sends them.
  const second = await dispatchOnce(database.db, { sms: fast }, new Date(at.getTime() + 5000));
  assert.equal(second.sent, 2);
  release();
  // The stalled one can record nothing, and does not send the second message again.
  assert.deepEqual(await first, { sent: 0, failed: 0, retried: 0 });
  assert.deepEqual(
    sends.filter((s) => s.recipient !== stalled).map((s) => s.by),
    ['fast'],
  );
  const rows = await database.db.select().from(notifications);
  assert.deepEqual(
    rows.map((r) => [r.status, r.provider, r.attempts]),
    [
      ['sent', 'fast', 1],
      ['sent', 'fast', 1],
    ],
  );
});
