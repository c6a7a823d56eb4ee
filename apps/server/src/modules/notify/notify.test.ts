import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { notifications } from '../../db/schema/index.ts';
import { freshDatabase } from '../../test/harness.ts';
import { smtpServer } from '../../test/smtp-server.ts';
import { dispatchOnce, enqueue } from './notify.service.ts';
import { smtpProvider, webhookProvider } from './providers.ts';

let database: Database;
before(async () => {
  database = await freshDatabase();
});
after(() => database?.close());

const at = new Date('2026-06-15T02:00:00Z');

test('the webhook provider posts each message; a failing endpoint is retried with backoff', async () => {
  const got: unknown[] = [];
  let fail = true;
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      if (fail) {
        res.writeHead(503).end();
        return;
      }
      got.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  try {
    await enqueue(database.db, at, [
      {
        regionCode: '439901001001',
        channel: 'sms',
        recipient: '13800138000',
        template: 'case_registered',
        vars: { number: 'LL-439901-2026-000001' },
      },
    ]);
    const providers = { sms: webhookProvider(`http://127.0.0.1:${port}/sms`) };
    const first = await dispatchOnce(database.db, providers, at);
    assert.deepEqual(first, { sent: 0, failed: 0, retried: 1 });
    // Not retried before the backoff has passed.
    assert.equal((await dispatchOnce(database.db, providers, new Date(at.getTime() + 10_000))).retried, 0);
    fail = false;
    const second = await dispatchOnce(database.db, providers, new Date(at.getTime() + 31_000));
    assert.equal(second.sent, 1);
    assert.equal(got.length, 1);
    assert.match((got[0] as { body: string }).body, /LL-439901-2026-000001/);
    const [row] = await database.db.select().from(notifications).where(eq(notifications.channel, 'sms'));
    assert.equal(row!.status, 'sent');
    assert.equal(row!.attempts, 2);
  } finally {
    server.close();
  }
});

test('the smtp provider delivers e-mail to an SMTP server', async () => {
  const smtp = await smtpServer();
  try {
    await enqueue(database.db, at, [
      {
        regionCode: '439901001001',
        channel: 'email',
        recipient: 'office@example.org',
        template: 'case_overdue',
        vars: { number: 'LL-439901-2026-000002', title: '沟渠堵塞' },
      },
    ]);
    const r = await dispatchOnce(
      database.db,
      { email: smtpProvider({ host: '127.0.0.1', port: smtp.port, from: 'lianluo@example.org' }) },
      at,
    );
    assert.equal(r.sent, 1);
    assert.equal(smtp.mails.length, 1);
    assert.match(smtp.mails[0]!, /office@example.org/);
  } finally {
    smtp.server.close();
  }
});

test('the log provider is the default: the outbox row is the record', async () => {
  await enqueue(database.db, at, [
    {
      regionCode: '439901001001',
      channel: 'in_app',
      recipient: 'u1',
      template: 'commitment_due',
      vars: { number: 'X', date: '2026-07-01' },
    },
  ]);
  const r = await dispatchOnce(database.db, {}, at);
  assert.equal(r.sent, 1);
  const [row] = await database.db.select().from(notifications).where(eq(notifications.channel, 'in_app'));
  assert.equal(row!.provider, 'log');
  assert.match(row!.body, /已到期，请回访核实/);
});
