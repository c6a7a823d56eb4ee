import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEPLOYMENT_REGION,
  deadlineLimitProblems,
  effectiveDeadlineLimit,
  effectiveRatingSettings,
  isSettingsRegion,
  settingsChain,
} from './workflow-settings.ts';

test('settings are made for a county, city or province, not a town or village', () => {
  assert.equal(isSettingsRegion('430723000000'), true);
  assert.equal(isSettingsRegion('430700000000'), true);
  assert.equal(isSettingsRegion('430000000000'), true);
  assert.equal(isSettingsRegion('430723102000'), false);
  assert.equal(isSettingsRegion('430723102201'), false);
  assert.equal(isSettingsRegion('4307'), false);
});

test('a case looks up its county, city, province, then the deployment', () => {
  assert.deepEqual(settingsChain('430723102201'), [
    '430723000000',
    '430700000000',
    '430000000000',
    DEPLOYMENT_REGION,
  ]);
  // 东莞 has no counties: its towns sit under the city, listed once.
  assert.deepEqual(settingsChain('441900003000'), ['441900000000', '440000000000', DEPLOYMENT_REGION]);
});

test('the most specific row wins; no row means the default', () => {
  const rows = [
    {
      regionCode: '430000000000',
      level: 'town',
      urgency: 'normal',
      acceptWorkingDays: 3,
      replyWorkingDays: 20,
      warnWorkingDays: 4,
    },
    {
      regionCode: '430723000000',
      level: 'town',
      urgency: 'normal',
      acceptWorkingDays: 1,
      replyWorkingDays: 10,
      warnWorkingDays: 2,
    },
    {
      regionCode: '430724000000',
      level: 'town',
      urgency: 'urgent',
      acceptWorkingDays: 1,
      replyWorkingDays: 3,
      warnWorkingDays: 1,
    },
  ];
  assert.deepEqual(effectiveDeadlineLimit('430723102000', 'town', 'normal', rows), {
    acceptWorkingDays: 1,
    replyWorkingDays: 10,
    warnWorkingDays: 2,
    source: '430723000000',
  });
  assert.equal(effectiveDeadlineLimit('430725102000', 'town', 'normal', rows).source, '430000000000');
  // Another county's row does not apply.
  assert.deepEqual(effectiveDeadlineLimit('430723102000', 'town', 'urgent', rows), {
    acceptWorkingDays: 1,
    replyWorkingDays: 7,
    warnWorkingDays: 2,
    source: null,
  });
});

test('a limit must be whole days, accept within reply, and warn before the reply is due', () => {
  assert.deepEqual(
    deadlineLimitProblems({ acceptWorkingDays: 2, replyWorkingDays: 15, warnWorkingDays: 3 }),
    [],
  );
  assert.equal(
    deadlineLimitProblems({ acceptWorkingDays: 0, replyWorkingDays: 15, warnWorkingDays: 3 }).length,
    1,
  );
  assert.match(
    deadlineLimitProblems({ acceptWorkingDays: 5, replyWorkingDays: 4, warnWorkingDays: 1 }).join(),
    /签收期限不能长于答复期限/,
  );
  assert.match(
    deadlineLimitProblems({ acceptWorkingDays: 1, replyWorkingDays: 4, warnWorkingDays: 4 }).join(),
    /预警/,
  );
  assert.equal(
    deadlineLimitProblems({ acceptWorkingDays: 1.5, replyWorkingDays: 4, warnWorkingDays: 1 }).length,
    1,
  );
});

test('rating settings inherit field by field', () => {
  const defaults = { ratingWaitDays: 7, ratingTimeoutCountsAs: 'satisfied' as const };
  const rows = [
    { regionCode: '430700000000', ratingWaitDays: 10, ratingTimeoutCountsAs: 'basically_satisfied' },
    { regionCode: '430723000000', ratingWaitDays: 5, ratingTimeoutCountsAs: null },
  ];
  assert.deepEqual(effectiveRatingSettings('430723102000', rows, defaults), {
    ratingWaitDays: 5,
    ratingTimeoutCountsAs: 'basically_satisfied',
    sources: { ratingWaitDays: '430723000000', ratingTimeoutCountsAs: '430700000000' },
  });
  assert.deepEqual(effectiveRatingSettings('439901001000', rows, defaults), {
    ...defaults,
    sources: { ratingWaitDays: null, ratingTimeoutCountsAs: null },
  });
});
