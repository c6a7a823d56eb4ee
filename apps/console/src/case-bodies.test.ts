/// <reference types="node" />
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyFor } from './case-bodies.ts';

test('督办 sends { kind } from the form’s level — the case page and the bulk action alike', () => {
  // The bulk modal on the list passes its radio value as `level`, as the case page's form does.
  assert.deepEqual(bodyFor('supervise', { level: 'key' }), { kind: 'key', note: undefined });
  assert.deepEqual(bodyFor('supervise', { level: 'ordinary', note: ' 请加快 ' }), {
    kind: 'ordinary',
    note: '请加快',
  });
  assert.deepEqual(bodyFor('supervise', {}), { kind: 'ordinary', note: undefined });
  // superviseCase's body schema refuses unknown fields: `level` must never reach it.
  assert.ok(!('level' in bodyFor('supervise', { level: 'key' })));
});

test('a reply sends the fields its kind needs: a refusal carries its reasons and its policy basis', () => {
  const v = {
    content: ' 答复 ',
    measures: '措施',
    committedDate: '2026-07-01',
    reasons: '原因',
    policyBasis: '《条例》',
  };
  assert.deepEqual(bodyFor('reply', { ...v, kind: 'cannot_resolve' }), {
    reply: {
      kind: 'cannot_resolve',
      content: '答复',
      measures: undefined,
      committedDate: undefined,
      reasons: '原因',
      policyBasis: '《条例》',
    },
  });
  assert.deepEqual(bodyFor('reply', { ...v, kind: 'explained' }).reply, {
    kind: 'explained',
    content: '答复',
    measures: undefined,
    committedDate: undefined,
    reasons: undefined,
    policyBasis: '《条例》',
  });
  assert.deepEqual(bodyFor('reply', { ...v, kind: 'will_resolve' }).reply, {
    kind: 'will_resolve',
    content: '答复',
    measures: '措施',
    committedDate: '2026-07-01',
    reasons: undefined,
    policyBasis: undefined,
  });
});
