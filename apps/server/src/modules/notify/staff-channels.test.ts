import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import { loadConfig } from '../../config.ts';
import { auditLog, notifications, users } from '../../db/schema/index.ts';
import { buildWorld, CODES, PASSWORD, USERS, type World } from '../../test/fixtures.ts';
import { as, loginAs, startTestApp, type TestApp } from '../../test/harness.ts';
import { smtpServer } from '../../test/smtp-server.ts';
import { notifyProviders } from '../../workers.ts';
import { superviseCase } from '../cases/facts.ts';
import { registerCase } from '../cases/registration.ts';
import { transitionCase } from '../cases/transitions/index.ts';
import { dispatchOnce } from './notify.service.ts';
import { smtpProvider, webhookProvider, wechatTemplateFormat } from './providers.ts';
import { toUsers } from './recipients.ts';

/**
 * Staff notices leave the console: a handler or office with an e-mail address or a WeChat openid
 * (and that channel chosen) gets each notice there too — the e-mail through SMTP, the WeChat one
 * as an official-account template message through the webhook — besides the in-app inbox.
 */
let t: TestApp;
let world: World;
const c: Record<string, ReturnType<typeof as>> = {};
const ids: Record<string, string> = {};
const system = { id: null, name: '测试' };
const OPENID = 'oLianluo_DeptA-0123456789ab';
const EMAIL = 'hb@jiaxian.gov.cn';
let caseId = '';

after(() => t?.close());
before(async () => {
  t = await startTestApp(new Date('2026-06-15T02:00:00Z'));
  world = await buildWorld(t.deps);
  for (const u of USERS) c[u.username] = as(t.app, await loginAs(t.app, u.username, PASSWORD));
  for (const u of await t.database.db.select({ id: users.id, username: users.username }).from(users)) {
    ids[u.username] = u.id;
  }
});

async function outbox(template: string) {
  return t.database.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.caseId, caseId), eq(notifications.template, template)))
    .orderBy(notifications.id);
}

const byChannel = (rows: { channel: string; recipient: string }[]) =>
  rows.map((r) => `${r.channel}:${r.recipient}`).sort();

describe('contact details', () => {
  test('a handler sets their own e-mail, openid and channels; the audit row names no address', async () => {
    const res = await c.dept_a!({
      method: 'PUT',
      url: '/api/me/contact',
      payload: { email: EMAIL, wechatOpenid: OPENID, notifyChannels: ['email', 'wechat'] },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual((await c.dept_a!({ method: 'GET', url: '/api/me/contact' })).json(), {
      email: EMAIL,
      wechatOpenid: OPENID,
      notifyChannels: ['email', 'wechat'],
    });
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.event, 'contact_changed'))
      .orderBy(desc(auditLog.id))
      .limit(1);
    assert.equal(audit?.objectId, ids.dept_a);
    assert.ok(!JSON.stringify(audit?.detail).includes(EMAIL));
  });

  test('bad details are refused with problem+json', async () => {
    for (const payload of [
      { email: 'not-an-address', wechatOpenid: null, notifyChannels: [] },
      { email: 'a@b.cn\r\nBcc: all@b.cn', wechatOpenid: null, notifyChannels: [] },
      { email: null, wechatOpenid: 'short', notifyChannels: [] },
      { email: null, wechatOpenid: null, notifyChannels: ['sms'] },
      { email: null, wechatOpenid: null, notifyChannels: [], phone: '13800138000' },
    ]) {
      const res = await c.town_a1!({ method: 'PUT', url: '/api/me/contact', payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.match(String(res.headers['content-type']), /problem\+json/);
    }
  });

  test('an administrator sets an account of the county; another county’s is 404 and audited', async () => {
    const ok = await c.admin!({
      method: 'PUT',
      url: `/api/users/${ids.county_a}/contact`,
      payload: { email: 'lgw@jiaxian.gov.cn', wechatOpenid: null, notifyChannels: ['email', 'wechat'] },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const denied = await t.database.db.select().from(auditLog).where(eq(auditLog.event, 'scope_denied'));
    const foreign = await c.admin!({
      method: 'PUT',
      url: `/api/users/${ids.county_b}/contact`,
      payload: { email: 'x@yixian.gov.cn', wechatOpenid: null, notifyChannels: ['email'] },
    });
    assert.equal(foreign.statusCode, 404);
    const after = await t.database.db.select().from(auditLog).where(eq(auditLog.event, 'scope_denied'));
    assert.equal(after.length, denied.length + 1);
    const [b] = await t.database.db.select().from(users).where(eq(users.id, ids.county_b!));
    assert.equal(b?.email, null);
    const notAdmin = await c.county_a!({
      method: 'PUT',
      url: `/api/users/${ids.town_a1}/contact`,
      payload: { email: 'x@jiaxian.gov.cn', wechatOpenid: null, notifyChannels: ['email'] },
    });
    assert.equal(notAdmin.statusCode, 403);
  });
});

describe('notices to staff', () => {
  test('a referral reaches the handler in the inbox, by e-mail and by WeChat', async () => {
    const row = await registerCase(
      t.deps,
      t.database.db,
      {
        regionCode: CODES.A1v,
        stationId: world.stations.A1,
        channel: 'reception',
        title: '污水处理厂旁沟渠堵塞',
        content: '新建污水处理厂旁的沟渠堵塞，污水漫到田里。',
      },
      system,
      t.clock.now(),
    );
    caseId = row.id;
    await transitionCase(
      t.deps,
      t.database.db,
      caseId,
      'triage',
      { categoryKey: 'environment' },
      system,
      t.clock.now(),
    );
    await transitionCase(
      t.deps,
      t.database.db,
      caseId,
      'refer',
      { leadDepartmentId: world.departments.A },
      system,
      t.clock.now(),
    );
    const rows = await outbox('case_referred');
    assert.deepEqual(byChannel(rows), [`email:${EMAIL}`, `in_app:${ids.dept_a}`, `wechat:${OPENID}`].sort());
    const wechat = rows.find((r) => r.channel === 'wechat')!;
    assert.equal(wechat.vars?.number, row.number);
    assert.equal(rows.find((r) => r.channel === 'email')!.vars, null);
  });

  test('supervision too; the replied notice reaches the offices on the channels they have', async () => {
    await superviseCase(t.database.db, caseId, { kind: 'key' }, system, t.clock.now());
    assert.deepEqual(
      byChannel(await outbox('case_supervised')),
      [`email:${EMAIL}`, `in_app:${ids.dept_a}`, `wechat:${OPENID}`].sort(),
    );
    await transitionCase(t.deps, t.database.db, caseId, 'accept', {}, system, t.clock.now());
    await transitionCase(
      t.deps,
      t.database.db,
      caseId,
      'reply',
      { reply: { kind: 'resolved', content: '已疏通沟渠', measures: '清淤二百米' } },
      system,
      t.clock.now(),
    );
    // County A's office has an e-mail (no openid), town A1's nothing: in-app only.
    assert.deepEqual(
      byChannel(await outbox('case_replied')),
      ['email:lgw@jiaxian.gov.cn', `in_app:${ids.county_a}`, `in_app:${ids.town_a1}`].sort(),
    );
  });

  test('a channel the user turns off is no longer used', async () => {
    await c.dept_a!({
      method: 'PUT',
      url: '/api/me/contact',
      payload: { email: EMAIL, wechatOpenid: OPENID, notifyChannels: ['wechat'] },
    });
    // A fresh referral to the department: e-mail off, WeChat on.
    const row = await registerCase(
      t.deps,
      t.database.db,
      { regionCode: CODES.A1v, channel: 'phone', title: '路灯不亮', content: '村口路灯不亮。' },
      system,
      t.clock.now(),
    );
    caseId = row.id;
    await transitionCase(
      t.deps,
      t.database.db,
      caseId,
      'triage',
      { categoryKey: 'environment' },
      system,
      t.clock.now(),
    );
    await transitionCase(
      t.deps,
      t.database.db,
      caseId,
      'refer',
      { leadDepartmentId: world.departments.A },
      system,
      t.clock.now(),
    );
    assert.deepEqual(
      byChannel(await outbox('case_referred')),
      [`in_app:${ids.dept_a}`, `wechat:${OPENID}`].sort(),
    );
  });

  test('the dispatcher sends the template message through the webhook and the e-mail through SMTP', async () => {
    const posted: Record<string, unknown>[] = [];
    const http = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        posted.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    const smtp = await smtpServer();
    try {
      const port = (http.address() as { port: number }).port;
      const providers = {
        wechat: webhookProvider(`http://127.0.0.1:${port}/wechat`, {
          format: wechatTemplateFormat({
            templateIds: { case_referred: 'TPL-REFERRAL' },
            defaultTemplateId: 'TPL-GENERAL',
            consoleUrl: 'https://lianluo.jiaxian.gov.cn/',
          }),
        }),
        email: smtpProvider({ host: '127.0.0.1', port: smtp.port, from: 'lianluo@jiaxian.gov.cn' }),
      };
      let sent = 0;
      for (let r = await dispatchOnce(t.database.db, providers, t.clock.now()); r.sent > 0; ) {
        sent += r.sent;
        r = await dispatchOnce(t.database.db, providers, t.clock.now());
      }
      assert.ok(sent > 0);
      const failed = await t.database.db
        .select()
        .from(notifications)
        .where(eq(notifications.status, 'failed'));
      assert.deepEqual(failed, []);
      // Three WeChat notices: two referrals, one supervision.
      assert.equal(posted.length, 3);
      const referral = posted.find(
        (p) => p.template_id === 'TPL-REFERRAL' && String(p.url).endsWith(caseId),
      )!;
      assert.deepEqual(Object.keys(referral).sort(), ['data', 'template_id', 'touser', 'url']);
      assert.equal(referral.touser, OPENID);
      assert.equal(referral.url, `https://lianluo.jiaxian.gov.cn/cases/${caseId}`);
      const data = referral.data as Record<string, { value: string }>;
      assert.equal(data.first?.value, '您有一件新的交办件，请及时签收办理');
      assert.match(data.keyword1!.value, /^LL-439901-2026-\d{6}$/);
      assert.equal(data.keyword2?.value, '路灯不亮');
      assert.match(data.keyword3!.value, /前签收，.*前答复$/);
      assert.equal(data.remark?.value, '请登录联络工作台签收并答复。');
      const supervised = posted.find((p) => p.template_id === 'TPL-GENERAL')!;
      assert.equal((supervised.data as Record<string, { value: string }>).keyword2?.value, '重点督办');
      // E-mail: the referral and supervision to the handler, the reply notice to the county office.
      assert.equal(smtp.mails.length, 3);
      assert.equal(smtp.mails.filter((m) => m.includes(`To: ${EMAIL}`)).length, 2);
      assert.equal(smtp.mails.filter((m) => m.includes('To: lgw@jiaxian.gov.cn')).length, 1);
      const rows = await t.database.db
        .select()
        .from(notifications)
        .where(eq(notifications.channel, 'wechat'));
      assert.ok(rows.every((r) => r.status === 'sent' && r.provider === 'webhook'));
    } finally {
      http.close();
      smtp.server.close();
    }
  });

  test('a notice with no template_id configured is retried with the reason, not sent half-formed', async () => {
    await superviseCase(t.database.db, caseId, { kind: 'ordinary' }, system, t.clock.now());
    let posts = 0;
    const http = createHttpServer((_req, res) => {
      posts++;
      res.writeHead(200).end();
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (http.address() as { port: number }).port;
      const wechat = webhookProvider(`http://127.0.0.1:${port}/wechat`, {
        format: wechatTemplateFormat({ templateIds: { case_referred: 'TPL-REFERRAL' } }),
      });
      const r = await dispatchOnce(t.database.db, { wechat }, t.clock.now());
      assert.equal(r.retried, 1);
      assert.equal(posts, 0);
      const [row] = await t.database.db
        .select()
        .from(notifications)
        .where(and(eq(notifications.channel, 'wechat'), eq(notifications.status, 'pending')));
      assert.match(row!.lastError ?? '', /no WeChat template_id configured for case_supervised/);
    } finally {
      http.close();
    }
  });

  test('notices to accounts by id fan out the same way (escalation to the offices above)', async () => {
    const got = await toUsers(
      t.database.db,
      [ids.dept_a!, ids.town_a1!],
      { regionCode: CODES.A1v, caseId },
      'case_overdue',
      { number: 'LL-439901-2026-000009', title: '沟渠堵塞' },
    );
    assert.deepEqual(
      byChannel(got),
      [`in_app:${ids.dept_a}`, `in_app:${ids.town_a1}`, `wechat:${OPENID}`].sort(),
    );
    assert.deepEqual(
      await toUsers(t.database.db, [], { regionCode: CODES.A1v, caseId }, 'case_overdue', {}),
      [],
    );
  });

  test('providers from the environment: WeChat template ids are a JSON object', () => {
    // The environment is read by config.ts; the providers are built from what it read.
    const providersFromEnv = (env: NodeJS.ProcessEnv) => notifyProviders(loadConfig(env).notify);
    const map = providersFromEnv({
      LIANLUO_NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:1/sms',
      LIANLUO_WECHAT_TEMPLATE_IDS: '{"case_referred":"TPL-1"}',
    });
    assert.equal(map.wechat?.name, 'webhook');
    assert.notEqual(map.wechat, map.sms);
    assert.throws(
      () => providersFromEnv({ LIANLUO_NOTIFY_WEBHOOK_URL: 'http://x/', LIANLUO_WECHAT_TEMPLATE_IDS: '[1]' }),
      /JSON object/,
    );
    assert.throws(
      () =>
        providersFromEnv({ LIANLUO_NOTIFY_WEBHOOK_URL: 'http://x/', LIANLUO_WECHAT_TEMPLATE_IDS: 'nope' }),
      /JSON object/,
    );
    assert.equal(providersFromEnv({}).wechat, undefined);
  });
});
