import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  abilities,
  defaultDeadlineLimit,
  publicTextProblem,
  renderMessage,
  retryDelayMs,
  sniffAttachment,
} from './case-workflow.ts';

test('default limits: accept 2, reply 15 working days; urgent is shorter', () => {
  assert.deepEqual(defaultDeadlineLimit('county', 'normal'), {
    acceptWorkingDays: 2,
    replyWorkingDays: 15,
    warnWorkingDays: 3,
  });
  assert.ok(defaultDeadlineLimit('town', 'urgent').replyWorkingDays < 15);
});

test('abilities are the state machine intersected with the role', () => {
  assert.deepEqual(abilities('triaged', 'town_office'), [
    'answer_on_site',
    'handle_locally',
    'refer',
    'withdraw',
  ]);
  assert.deepEqual(abilities('assigned', 'department_handler', { leadHandler: true }), ['accept', 'return']);
  assert.deepEqual(abilities('assigned', 'department_handler'), []);
  assert.deepEqual(abilities('assigned', 'town_office'), ['withdraw']);
  assert.deepEqual(abilities('registered', 'admin'), []);
  assert.deepEqual(abilities('closed', 'county_office'), []);
});

test('attachments are recognised by content, not by name', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
  const jpg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
  const pdf = new TextEncoder().encode('%PDF-1.7');
  const html = new TextEncoder().encode('<html><script>');
  assert.equal(sniffAttachment('a.png', png), 'image/png');
  assert.equal(sniffAttachment('照片.JPG', jpg), 'image/jpeg');
  assert.equal(sniffAttachment('x.pdf', pdf), 'application/pdf');
  assert.equal(sniffAttachment('a.jpg', html), null);
  assert.equal(sniffAttachment('a.jpg', png), null);
  assert.equal(sniffAttachment('a.exe', new Uint8Array([0x4d, 0x5a])), null);
});

test('public text with a phone or ID number is refused', () => {
  assert.equal(publicTextProblem('张**反映的沟渠堵塞问题已疏通。'), null);
  assert.match(publicTextProblem('联系电话13800138000') ?? '', /手机/);
  assert.match(publicTextProblem('电话 138 0013 8000') ?? '', /手机/);
  assert.match(publicTextProblem('身份证43010519491231002X') ?? '', /身份证/);
  assert.match(publicTextProblem('全角１３８００１３８０００') ?? '', /手机/);
});

test('backoff doubles and is capped', () => {
  assert.equal(retryDelayMs(1), 30_000);
  assert.equal(retryDelayMs(2), 60_000);
  assert.equal(retryDelayMs(30), 3_600_000);
});

test('templates fill placeholders', () => {
  const m = renderMessage('case_registered', { number: 'LL-439901-2026-000001' });
  assert.match(m.body, /LL-439901-2026-000001/);
});
