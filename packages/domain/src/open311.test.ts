import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CASE_STATUSES } from './cases.ts';
import { cleanClientText, open311Status, open311StatusNotes, redactNumbers } from './open311.ts';

test('only closed-out and withdrawn cases are closed to Open311', () => {
  const closed = CASE_STATUSES.filter((s) => open311Status(s) === 'closed');
  assert.deepEqual(closed, ['closed', 'withdrawn']);
  assert.equal(open311Status('replied'), 'open');
  assert.equal(open311Status('rated'), 'open');
});

test('status notes give the stage, then rating and reply once there are', () => {
  assert.equal(open311StatusNotes({ status: 'assigned' }), '已交办承办单位，等待签收');
  assert.equal(
    open311StatusNotes({
      status: 'closed',
      satisfaction: 'satisfied',
      reply: { kind: 'resolved', content: '沟渠已清淤。' },
    }),
    '已办结销号；评价：满意；答复（已解决）：沟渠已清淤。',
  );
  // A reopened case's old reply is no longer the answer.
  assert.equal(
    open311StatusNotes({ status: 'reopened', reply: { kind: 'resolved', content: '已清淤' } }),
    '反映人不满意，已重新办理',
  );
  assert.equal(
    open311StatusNotes({ status: 'withdrawn', reply: { kind: 'resolved', content: 'x' } }),
    '反映人已撤回',
  );
});

test('phone and ID numbers in a reply are redacted, long replies cut', () => {
  const notes = open311StatusNotes({
    status: 'replied',
    reply: { kind: 'explained', content: '请拨打13800138000联系，身份证430723199001011234已核' },
  });
  assert.doesNotMatch(notes, /13800138000|430723199001011234/);
  assert.match(notes, /\*{11}/);
  assert.equal(redactNumbers('无号码，照旧。'), '无号码，照旧。');
  assert.equal(redactNumbers('电话１３８００１３８０００'), '电话***********');
  const long = open311StatusNotes({
    status: 'replied',
    reply: { kind: 'resolved', content: '好'.repeat(900) },
  });
  assert.ok(long.length < 560 && long.endsWith('…'));
});

test('client text loses invisible characters but keeps its words and markup as text', () => {
  assert.equal(cleanClientText('  路灯\u200b不亮\r\n<b>x</b>\u202e '), '路灯不亮\n<b>x</b>');
  assert.equal(cleanClientText('\u0000\u200d'), '');
});

test('datetimes are W3C with the +08:00 offset; coordinates are coarse', async () => {
  const { open311DateTime, coarseCoordinate } = await import('./open311.ts');
  assert.equal(open311DateTime(new Date('2026-06-15T02:00:00Z')), '2026-06-15T10:00:00+08:00');
  assert.equal(open311DateTime(new Date('2026-12-31T20:30:05.123Z')), '2027-01-01T04:30:05+08:00');
  assert.equal(coarseCoordinate(28.123456), 28.123);
  assert.equal(coarseCoordinate(null), null);
});
