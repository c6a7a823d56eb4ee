import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMessage } from './case-workflow.ts';
import { contactProblems, staffChannels, wechatTemplateData } from './staff-notices.ts';

const OPENID = 'oAbC1234567890_xyz-ABCDEFGHI';

test('a notice goes out on each channel the user chose and has an address for', () => {
  assert.deepEqual(
    staffChannels({ email: 'a@b.cn', wechatOpenid: OPENID, notifyChannels: ['email', 'wechat'] }),
    [
      { channel: 'email', recipient: 'a@b.cn' },
      { channel: 'wechat', recipient: OPENID },
    ],
  );
  assert.deepEqual(staffChannels({ email: 'a@b.cn', wechatOpenid: OPENID, notifyChannels: ['wechat'] }), [
    { channel: 'wechat', recipient: OPENID },
  ]);
  assert.deepEqual(
    staffChannels({ email: null, wechatOpenid: null, notifyChannels: ['email', 'wechat'] }),
    [],
  );
});

test('contact details are checked', () => {
  assert.deepEqual(
    contactProblems({ email: 'hb@lixian.gov.cn', wechatOpenid: OPENID, notifyChannels: ['email'] }),
    [],
  );
  assert.deepEqual(contactProblems({ email: null, wechatOpenid: null, notifyChannels: [] }), []);
  assert.equal(contactProblems({ email: 'no-at-sign', wechatOpenid: null, notifyChannels: [] }).length, 1);
  // No header injection through the address.
  assert.equal(
    contactProblems({ email: 'a@b.cn\r\nBcc: x@y.cn', wechatOpenid: null, notifyChannels: [] }).length,
    1,
  );
  assert.equal(contactProblems({ email: null, wechatOpenid: 'short', notifyChannels: [] }).length, 1);
  assert.match(contactProblems({ email: null, wechatOpenid: null, notifyChannels: ['sms'] }).join(), /sms/);
});

test('a referral becomes a template message with Chinese values', () => {
  const vars = {
    number: 'LL-430723-2026-000123',
    title: '沟渠堵塞',
    acceptDue: '2026-06-17',
    replyDue: '2026-07-06',
  };
  assert.deepEqual(wechatTemplateData('case_referred', vars, renderMessage('case_referred', vars)), {
    first: { value: '您有一件新的交办件，请及时签收办理' },
    keyword1: { value: 'LL-430723-2026-000123' },
    keyword2: { value: '沟渠堵塞' },
    keyword3: { value: '2026-06-17前签收，2026-07-06前答复' },
    remark: { value: '请登录联络工作台签收并答复。' },
  });
});

test('a notice without a layout still goes out whole', () => {
  const vars = { date: '2026-06-16', start: '09:00', end: '12:00', station: '甲站', address: '村部' };
  const msg = renderMessage('rota_reminder', vars);
  const data = wechatTemplateData('rota_reminder', vars, msg);
  assert.equal(data.first?.value, '接待日提醒');
  assert.equal(data.keyword1?.value, msg.body);
});
