import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  allowedActions,
  CASE_ACTION_DISPLAY_ORDER,
  CASE_ACTION_LABELS,
  CASE_ACTIONS,
  CASE_CHANNEL_LABELS,
  CASE_CHANNELS,
  CASE_OPERATIONS,
  CASE_STATUS_LABELS,
  CASE_STATUSES,
  CASE_TRANSITIONS,
  type CaseAction,
  type CaseStatus,
  formatCaseNumber,
  isCaseAction,
  isFinalStatus,
  parseCaseNumber,
  SATISFACTION_LABELS,
  type TransitionInput,
  transition,
  validateReply,
} from './cases.ts';

type Row = [CaseStatus, CaseAction, TransitionInput, CaseStatus];

/** Every allowed transition, with the input that satisfies its guard. */
const ALLOWED: Row[] = [
  ['registered', 'triage', {}, 'triaged'],
  ['triaged', 'answer_on_site', {}, 'replied'],
  ['triaged', 'handle_locally', {}, 'replied'],
  ['triaged', 'refer', {}, 'assigned'],
  ['assigned', 'accept', {}, 'accepted'],
  ['assigned', 'return', { reason: '不属于本单位职责' }, 'triaged'],
  ['accepted', 'reply', {}, 'replied'],
  ['replied', 'feed_back', {}, 'fed_back'],
  ['replied', 'revisit', { commitmentDue: true }, 'fed_back'],
  ['fed_back', 'rate', { satisfaction: 'satisfied' }, 'rated'],
  ['fed_back', 'rate', { satisfaction: 'basically_satisfied' }, 'rated'],
  ['fed_back', 'rate', { satisfaction: 'unsatisfied' }, 'rated'],
  ['fed_back', 'revisit', { commitmentDue: true }, 'fed_back'],
  ['fed_back', 'close', { ratingTimedOut: true }, 'closed'],
  ['rated', 'close', { lastSatisfaction: 'satisfied' }, 'closed'],
  ['rated', 'close', { lastSatisfaction: 'basically_satisfied' }, 'closed'],
  ['rated', 'close', { lastSatisfaction: 'unsatisfied', reason: '诉求超出法定标准，已解释' }, 'closed'],
  ['rated', 'reopen', { lastSatisfaction: 'unsatisfied' }, 'reopened'],
  ['rated', 'revisit', { commitmentDue: true }, 'fed_back'],
  ['reopened', 'refer', {}, 'assigned'],
  ...CASE_STATUSES.filter((s) => !isFinalStatus(s)).map((s): Row => [s, 'withdraw', {}, 'withdrawn']),
];

test('every allowed transition', () => {
  for (const [from, action, input, to] of ALLOWED) {
    assert.deepEqual(transition(from, action, input), { ok: true, to }, `${from} -${action}->`);
  }
});

test('the table rows and allowedActions agree with the allowed list', () => {
  const expected = new Set(ALLOWED.map(([f, a, , t]) => `${f} ${a} ${t}`));
  const actual = new Set(CASE_TRANSITIONS.map((r) => `${r.from} ${r.action} ${r.to}`));
  assert.deepEqual(actual, expected);
  for (const s of CASE_STATUSES) {
    const fromRows = CASE_TRANSITIONS.filter((r) => r.from === s).map((r) => r.action);
    assert.deepEqual(allowedActions(s), fromRows, s);
  }
});

test('every pair not in the table is refused with TRANSITION_NOT_ALLOWED', () => {
  const allowedPairs = new Set(ALLOWED.map(([f, a]) => `${f} ${a}`));
  let refused = 0;
  for (const s of CASE_STATUSES) {
    for (const a of CASE_ACTIONS) {
      if (allowedPairs.has(`${s} ${a}`)) continue;
      // The fullest input must not open a door the table keeps shut.
      const r = transition(s, a, {
        reason: 'x',
        satisfaction: 'satisfied',
        lastSatisfaction: 'unsatisfied',
        ratingTimedOut: true,
        commitmentDue: true,
      });
      assert.equal(r.ok, false, `${s} ${a}`);
      if (!r.ok) {
        assert.equal(r.code, 'TRANSITION_NOT_ALLOWED');
        assert.deepEqual(r.allowed, allowedActions(s));
        assert.ok(r.reason && r.reason.length > 0);
      }
      refused++;
    }
  }
  assert.ok(refused > 100);
});

test('sample refusals', () => {
  const refusals: [CaseStatus, CaseAction, TransitionInput, string][] = [
    ['registered', 'refer', {}, 'TRANSITION_NOT_ALLOWED'], // triage first
    ['triaged', 'accept', {}, 'TRANSITION_NOT_ALLOWED'],
    ['accepted', 'return', { reason: 'x' }, 'TRANSITION_NOT_ALLOWED'], // only before accepting
    ['replied', 'close', { ratingTimedOut: true }, 'TRANSITION_NOT_ALLOWED'], // feed back first
    ['closed', 'withdraw', {}, 'TRANSITION_NOT_ALLOWED'],
    ['closed', 'reopen', { lastSatisfaction: 'unsatisfied' }, 'TRANSITION_NOT_ALLOWED'],
    ['withdrawn', 'triage', {}, 'TRANSITION_NOT_ALLOWED'],
    ['reopened', 'handle_locally', {}, 'TRANSITION_NOT_ALLOWED'],
    ['assigned', 'return', {}, 'REASON_REQUIRED'],
    ['assigned', 'return', { reason: '   ' }, 'REASON_REQUIRED'],
    ['fed_back', 'rate', {}, 'SATISFACTION_REQUIRED'],
    ['fed_back', 'rate', { satisfaction: 'meh' as never }, 'SATISFACTION_REQUIRED'],
    ['fed_back', 'close', {}, 'RATING_NOT_TIMED_OUT'],
    ['fed_back', 'close', { ratingTimedOut: true, commitmentPending: true }, 'COMMITMENT_PENDING'],
    ['fed_back', 'revisit', {}, 'COMMITMENT_NOT_DUE'],
    ['rated', 'close', {}, 'SATISFACTION_REQUIRED'],
    ['rated', 'close', { lastSatisfaction: 'unsatisfied' }, 'REASON_REQUIRED'],
    ['rated', 'close', { lastSatisfaction: 'satisfied', commitmentPending: true }, 'COMMITMENT_PENDING'],
    ['rated', 'reopen', { lastSatisfaction: 'satisfied' }, 'REOPEN_REQUIRES_UNSATISFIED'],
    ['rated', 'reopen', { lastSatisfaction: 'basically_satisfied' }, 'REOPEN_REQUIRES_UNSATISFIED'],
    ['rated', 'reopen', {}, 'REOPEN_REQUIRES_UNSATISFIED'],
    ['replied', 'revisit', { commitmentDue: false }, 'COMMITMENT_NOT_DUE'],
  ];
  for (const [from, action, input, code] of refusals) {
    const r = transition(from, action, input);
    assert.equal(r.ok, false, `${from} ${action}`);
    if (!r.ok) {
      assert.equal(r.code, code, `${from} ${action}`);
      assert.deepEqual(r.allowed, allowedActions(from));
    }
  }
});

test('final states allow nothing; every other state can be withdrawn', () => {
  assert.deepEqual(allowedActions('closed'), []);
  assert.deepEqual(allowedActions('withdrawn'), []);
  for (const s of CASE_STATUSES) {
    assert.equal(allowedActions(s).includes('withdraw'), !isFinalStatus(s), s);
  }
});

test('every state is reachable from registered and can reach closed', () => {
  const reach = (start: CaseStatus, edges: [CaseStatus, CaseStatus][]) => {
    const seen = new Set<CaseStatus>([start]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [a, b] of edges) {
        if (seen.has(a) && !seen.has(b)) {
          seen.add(b);
          grew = true;
        }
      }
    }
    return seen;
  };
  const edges = CASE_TRANSITIONS.map((r): [CaseStatus, CaseStatus] => [r.from, r.to]);
  assert.equal(reach('registered', edges).size, CASE_STATUSES.length);
  const reversed = edges.map(([a, b]): [CaseStatus, CaseStatus] => [b, a]);
  const canClose = reach('closed', reversed);
  for (const s of CASE_STATUSES) if (s !== 'withdrawn') assert.ok(canClose.has(s), s);
});

test('the display order lists every action and operation once', () => {
  assert.deepEqual([...CASE_ACTION_DISPLAY_ORDER].sort(), [...CASE_ACTIONS, ...CASE_OPERATIONS].sort());
  assert.equal(CASE_ACTION_DISPLAY_ORDER.at(-1), 'withdraw');
  assert.ok(isCaseAction('feed_back'));
  assert.ok(!isCaseAction('supervise'));
});

test('labels cover every value', () => {
  assert.deepEqual(Object.keys(CASE_STATUS_LABELS).sort(), [...CASE_STATUSES].sort());
  assert.deepEqual(Object.keys(CASE_ACTION_LABELS).sort(), [...CASE_ACTIONS].sort());
  assert.deepEqual(Object.keys(CASE_CHANNEL_LABELS).sort(), [...CASE_CHANNELS].sort());
  assert.equal(CASE_STATUS_LABELS.closed, '已销号');
  assert.equal(CASE_ACTION_LABELS.refer, '交办');
  assert.equal(CASE_CHANNEL_LABELS.deputy, '代表发现');
  assert.equal(SATISFACTION_LABELS.basically_satisfied, '基本满意');
});

test('validateReply per kind', () => {
  const today = '2026-03-09';
  assert.deepEqual(
    validateReply({ kind: 'resolved', content: '已修复路灯', measures: '更换灯具' }, today),
    [],
  );
  assert.equal(validateReply({ kind: 'resolved', content: '已修复' }, today).length, 1);
  assert.deepEqual(
    validateReply(
      {
        kind: 'will_resolve',
        content: '将于六月底前完成',
        measures: '列入计划',
        committedDate: '2026-06-30',
      },
      today,
    ),
    [],
  );
  assert.equal(
    validateReply({ kind: 'will_resolve', content: 'x', measures: '列入计划', committedDate: today }, today)
      .length,
    1,
  );
  assert.equal(
    validateReply(
      { kind: 'will_resolve', content: 'x', measures: '列入计划', committedDate: '2026-02-30' },
      today,
    ).length,
    1,
  );
  assert.equal(validateReply({ kind: 'will_resolve', content: 'x' }, today).length, 2);
  // Every kind: the answer the person receives must say something.
  assert.deepEqual(validateReply({ kind: 'resolved', content: ' \n ', measures: '更换灯具' }, today), [
    '答复须写明答复内容',
  ]);
  // 无法解决: the reasons and the policy basis, each required.
  const basis = '《城市道路管理条例》第二十九条';
  assert.deepEqual(
    validateReply({ kind: 'cannot_resolve', content: 'x', reasons: '超出职权', policyBasis: basis }, today),
    [],
  );
  assert.deepEqual(validateReply({ kind: 'cannot_resolve', content: 'x', reasons: '超出职权' }, today), [
    '无法解决的答复须写明政策依据',
  ]);
  assert.deepEqual(
    validateReply({ kind: 'cannot_resolve', content: 'x', reasons: ' ', policyBasis: basis }, today),
    ['无法解决的答复须说明原因'],
  );
  assert.equal(validateReply({ kind: 'cannot_resolve', content: 'x' }, today).length, 2);
  // 解释说明: a policy answer — the explanation and the policy it rests on.
  assert.deepEqual(
    validateReply({ kind: 'explained', content: '按现行政策……', policyBasis: '《条例》第十条' }, today),
    [],
  );
  assert.deepEqual(validateReply({ kind: 'explained', content: '按现行政策……' }, today), [
    '解释说明的答复须写明政策依据',
  ]);
  assert.deepEqual(validateReply({ kind: 'explained', content: '', policyBasis: '《条例》第十条' }, today), [
    '答复须写明答复内容',
  ]);
  assert.equal(validateReply({ kind: 'explained', content: '', policyBasis: '  ' }, today).length, 2);
  assert.equal(validateReply({ kind: 'nonsense' as never, content: 'x' }, today).length, 1);
  assert.throws(
    () => validateReply({ kind: 'resolved', content: 'x', measures: 'y' }, '2026-3-9'),
    RangeError,
  );
  for (const p of validateReply({ kind: 'will_resolve', content: '' }, today))
    assert.match(p, /[\u4e00-\u9fff]/);
});

test('case numbers', () => {
  assert.equal(formatCaseNumber('430723', 2026, 123), 'LL-430723-2026-000123');
  assert.deepEqual(parseCaseNumber('LL-430723-2026-000123'), { countyCode: '430723', year: 2026, seq: 123 });
  assert.deepEqual(parseCaseNumber(' ll-430723-2026-000123 '), {
    countyCode: '430723',
    year: 2026,
    seq: 123,
  });
  for (const bad of [
    '',
    'LL-430723-2026-123',
    'LL-43072-2026-000123',
    'XX-430723-2026-000123',
    'LL-430723-2026-000000',
  ]) {
    assert.equal(parseCaseNumber(bad), null, bad);
  }
  assert.throws(() => formatCaseNumber('4307231', 2026, 1), RangeError);
  assert.throws(() => formatCaseNumber('430723', 2026, 0), RangeError);
  assert.throws(() => formatCaseNumber('430723', 2026, 1_000_000), RangeError);
  for (const seq of [1, 42, 999_999]) {
    assert.deepEqual(parseCaseNumber(formatCaseNumber('110101', 2025, seq)), {
      countyCode: '110101',
      year: 2025,
      seq,
    });
  }
});
