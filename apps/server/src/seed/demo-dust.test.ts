import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shanghaiDate } from '@lianluo/domain';
import { withThisMonth } from './demo.ts';

/** The demo's dust reports: every other day back from yesterday, as the seed draws them. */
const reports = (now: Date) =>
  Array.from({ length: 8 }, (_, i) => new Date(now.getTime() - (1 + i * 2) * 86_400_000 - i * 60_000));
const month = (d: Date) => shanghaiDate(d).slice(0, 7);

describe('the demo’s quarry-dust reports', () => {
  for (const iso of ['2026-12-01T00:30:00+08:00', '2026-12-01T16:00:00+08:00', '2026-12-04T23:30:00+08:00']) {
    test(`on ${iso} at least five fall in this month, none in the future, all in the last two weeks`, () => {
      const now = new Date(iso);
      const times = withThisMonth(now, reports(now));
      assert.equal(times.length, 8);
      assert.ok(times.filter((t) => month(t) === month(now)).length >= 5);
      for (const t of times) {
        assert.ok(t.getTime() <= now.getTime(), 'not in the future');
        assert.ok(now.getTime() - t.getTime() <= 16 * 86_400_000, 'within the last two weeks');
      }
    });
  }

  test('late in a month the reports stay as drawn', () => {
    const now = new Date('2026-12-20T12:00:00+08:00');
    assert.deepEqual(withThisMonth(now, reports(now)), reports(now));
  });
});
