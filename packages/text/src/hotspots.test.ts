import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findHotspots, type HotspotDoc } from './hotspots.ts';
import { GOV_DATA_SKIP, loadGov } from './testing/gov-data.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2019-01-01T00:00:00+08:00');

/** Background topics every week for 12 weeks, then a burst about one estate in the last week. */
function corpus(): HotspotDoc[] {
  const background = [
    '学校门口道路拥堵，早晚接送孩子很不方便，希望增加交警疏导',
    '公交线路调整后换乘不便，老人出行困难',
    '小区电梯经常故障，物业维修不及时',
    '医院挂号难，排队时间太长',
  ];
  const docs: HotspotDoc[] = [];
  for (let w = 0; w < 12; w++) {
    background.forEach((b, k) => {
      docs.push({ id: `bg${w}-${k}`, text: `${b}。第${w}周`, at: new Date(T0 + (w * 7 + k) * DAY) });
    });
  }
  const burst = [
    '暮云街道丽发新城小区旁边的搅拌站噪音太大，晚上无法入睡',
    '丽发新城小区附近搅拌站粉尘污染严重，请求关停搅拌站',
    '丽发新城小区门口搅拌站违规夜间施工，噪音扰民',
    '投诉丽发新城小区边上的搅拌站，灰尘噪音严重影响生活',
    '丽发新城小区搅拌站的噪音和粉尘什么时候能解决',
    '丽发新城小区居民强烈要求搬走搅拌站',
  ];
  burst.forEach((b, k) => {
    docs.push({ id: `hot${k}`, text: b, at: new Date(T0 + (11 * 7 + k) * DAY), likes: 10 * k });
  });
  return docs;
}

const period = { periodStart: new Date(T0 + 77 * DAY), periodEnd: new Date(T0 + 84 * DAY) };

test('finds a burst against quiet history and warns', () => {
  const hs = findHotspots(corpus(), { ...period, historyStart: new Date(T0) });
  const top = hs[0];
  assert.ok(top, 'a hotspot');
  assert.equal(top.count, 6);
  assert.deepEqual(
    top.ids,
    Array.from({ length: 6 }, (_, k) => `hot${k}`),
  );
  assert.ok(top.keyTerms.some((t) => t.includes('搅拌站')));
  assert.ok(top.keyTerms.some((t) => t.includes('丽发新城')));
  assert.equal(top.label, top.keyTerms.slice(0, 3).join('、'));
  assert.ok(top.places.includes('丽发新城小区'));
  assert.equal(top.likes, 150);
  assert.equal(top.growth, 6);
  assert.equal(top.warning, true);
  assert.equal(top.history.windows, 11);
  assert.ok(top.ids.includes(top.representativeId));
  const expected = Math.log1p(6) * (1 + Math.log1p(6)) + 0.5 * Math.log1p(150);
  assert.ok(Math.abs(top.heat - expected) < 1e-9);
});

test('a topic at its usual weekly level does not warn and has no growth', () => {
  const docs = corpus().filter((d) => !d.id.startsWith('hot'));
  // Three messages about the lift every week, the period included.
  for (let w = 0; w < 12; w++) {
    for (let k = 0; k < 3; k++) {
      docs.push({
        id: `lift${w}-${k}`,
        text: `小区电梯又故障了，物业维修太慢，第${k}栋`,
        at: new Date(T0 + (w * 7 + 3 + k) * DAY),
      });
    }
  }
  const hs = findHotspots(docs, { ...period, historyStart: new Date(T0) });
  const lift = hs.find((h) => h.keyTerms.some((t) => t.includes('电梯')));
  assert.ok(lift);
  assert.equal(lift.warning, false);
  assert.ok(lift.growth < 0.5, String(lift.growth));
});

test('without history a warning needs a large burst', () => {
  // Ten messages only: IDF barely separates the topic's words from the rest, so a looser threshold.
  const docs = corpus().filter((d) => d.id.startsWith('hot') || d.id.startsWith('bg11'));
  const hs = findHotspots(docs, { ...period, similarity: 0.12 });
  assert.equal(hs[0].count, 6);
  assert.equal(hs[0].warning, false);
  assert.equal(hs[0].history.windows, 0);
});

test('ignores bad input and returns [] when nothing qualifies', () => {
  assert.deepEqual(findHotspots([], period), []);
  assert.deepEqual(
    findHotspots(corpus(), { periodStart: period.periodEnd, periodEnd: period.periodStart }),
    [],
  );
  const junk: HotspotDoc[] = [
    { id: 'x', text: '😀😀😀', at: new Date(T0 + 78 * DAY) },
    { id: 'y', text: '！！！', at: new Date(T0 + 78 * DAY) },
    { id: 'z', text: '丽发新城搅拌站', at: 'not a date' },
    { id: 'w', text: '', at: new Date(T0 + 78 * DAY) },
  ];
  assert.deepEqual(findHotspots(junk, period), []);
  const hs = findHotspots([...corpus(), ...junk], { ...period, minClusterSize: 7 });
  assert.deepEqual(hs, []);
});

test('handles 20,000-character messages, HTML and mixed scripts', () => {
  const docs = corpus();
  docs.push({
    id: 'long',
    text: `<div>${'丽发新城小区搅拌站噪音 noise！'.repeat(1000)}</div>`,
    at: new Date(T0 + 80 * DAY),
  });
  const hs = findHotspots(docs, period);
  assert.ok(hs[0].ids.includes('long'));
});

test('finds the known 2019-12 hotspot of the public data (丽发新城 mixing plant)', {
  skip: GOV_DATA_SKIP,
}, () => {
  const rows = loadGov('hotspot-attachment3');
  const hs = findHotspots(
    rows.map((r) => ({ id: String(r.id), text: `${r.title}\n${r.body}`, at: r.time, likes: r.likes })),
    {
      periodStart: new Date('2019-12-01T00:00:00+08:00'),
      periodEnd: new Date('2020-02-01T00:00:00+08:00'),
      historyStart: new Date('2019-01-01T00:00:00+08:00'),
    },
  );
  const top = hs[0];
  assert.ok(top.places.some((p) => p.includes('丽发新城')));
  assert.ok(top.keyTerms.some((t) => t.includes('搅拌')));
  assert.equal(top.warning, true);
  assert.ok(top.count >= 10);
  for (let i = 1; i < hs.length; i++) assert.ok(hs[i - 1].heat >= hs[i].heat);
});
