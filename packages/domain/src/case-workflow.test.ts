import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  abilities,
  deadlineClocks,
  defaultDeadlineLimit,
  escalationChain,
  isOverdue,
  publicTextProblem,
  renderMessage,
  retryDelayMs,
  sniffAttachment,
} from './case-workflow.ts';
import { transition } from './cases.ts';

test('default limits: accept 2, reply 15 working days; urgent is shorter', () => {
  assert.deepEqual(defaultDeadlineLimit('county', 'normal'), {
    acceptWorkingDays: 2,
    replyWorkingDays: 15,
    warnWorkingDays: 3,
  });
  assert.ok(defaultDeadlineLimit('town', 'urgent').replyWorkingDays < 15);
});

test('deadline clocks: both deadlines warn before they fall due', () => {
  assert.deepEqual(deadlineClocks(defaultDeadlineLimit('county', 'normal')), {
    accept: 2,
    acceptWarn: 1,
    reply: 15,
    warn: 12,
  });
  // Urgent: accept within a day, warned at the end of the referral day.
  assert.deepEqual(deadlineClocks(defaultDeadlineLimit('town', 'urgent')), {
    accept: 1,
    acceptWarn: 0,
    reply: 7,
    warn: 5,
  });
  // A warning lead longer than the limit warns at once, never before the referral.
  assert.equal(deadlineClocks({ acceptWorkingDays: 0, replyWorkingDays: 2, warnWorkingDays: 5 }).warn, 0);
});

test('overdue: the step the case waits for is past its deadline', () => {
  const now = new Date('2026-06-20T00:00:00Z');
  const past = new Date('2026-06-19T00:00:00Z');
  const later = new Date('2026-07-10T00:00:00Z');
  // Not signed for in time.
  assert.equal(isOverdue({ status: 'assigned', acceptDueAt: past, replyDueAt: later }, now), true);
  // Signed for late: the acceptance is no longer awaited and the reply is not due yet.
  assert.equal(isOverdue({ status: 'accepted', acceptDueAt: past, replyDueAt: later }, now), false);
  assert.equal(isOverdue({ status: 'accepted', acceptDueAt: past, replyDueAt: past }, now), true);
  assert.equal(isOverdue({ status: 'reopened', acceptDueAt: null, replyDueAt: past }, now), true);
  assert.equal(isOverdue({ status: 'assigned', acceptDueAt: later, replyDueAt: later }, now), false);
  // Answered: nothing is awaited from the department any more.
  assert.equal(isOverdue({ status: 'replied', acceptDueAt: past, replyDueAt: past }, now), false);
  assert.equal(isOverdue({ status: 'triaged', acceptDueAt: null, replyDueAt: null }, now), false);
});

test('escalation goes to the level above the handling level, the county office last', () => {
  const village = '439901001001';
  // Village level → its town first.
  assert.deepEqual(escalationChain(village, 'village'), [
    '439901001000',
    '439901000000',
    '439900000000',
    '430000000000',
  ]);
  // Town level → its county.
  assert.deepEqual(escalationChain(village, 'town'), ['439901000000', '439900000000', '430000000000']);
  assert.deepEqual(escalationChain('439901001000', 'town')[0], '439901000000');
  // County level → the county's parent (the city), and the county's own office when none is above.
  assert.deepEqual(escalationChain(village, 'county'), ['439900000000', '430000000000', '439901000000']);
  assert.deepEqual(escalationChain('439901000000', 'county'), [
    '439900000000',
    '430000000000',
    '439901000000',
  ]);
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

test('close-out is not offered while a commitment waits for its revisit, as transition refuses it', () => {
  assert.ok(abilities('rated', 'town_office').includes('close'));
  assert.ok(!abilities('rated', 'town_office', { commitmentPending: true }).includes('close'));
  const refused = transition('rated', 'close', { commitmentPending: true, lastSatisfaction: 'satisfied' });
  assert.equal(refused.ok, false);
});
