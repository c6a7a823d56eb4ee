import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexTerms } from './index-terms.ts';
import { minhash, minhashSimilarity } from './minhash.ts';
import { normalize } from './normalize.ts';
import { SimilarityIndex } from './similarity.ts';
import { GOV_DATA_SKIP, loadGov } from './testing/gov-data.ts';

const DOCS = [
  { id: 'a', text: '景蓉华苑小区物业管理混乱，停车收费不合理', regionCode: '430102001000', at: '2019-03-01' },
  { id: 'b', text: '景蓉华苑小区停车收费问题，物业乱收费', regionCode: '430102002000', at: '2019-05-01' },
  { id: 'c', text: '学校门口道路拥堵，接送孩子不方便', regionCode: '430103001000', at: '2019-05-02' },
  { id: 'd', text: '工地夜间施工噪音扰民，影响休息', regionCode: '430104001000', at: '2019-06-01' },
];

function build() {
  const index = new SimilarityIndex();
  for (const d of DOCS) index.add(d);
  return index;
}

test('finds the most similar messages with shared terms', () => {
  const hits = build().query('景蓉华苑停车收费太贵');
  assert.deepEqual(hits.map((h) => h.id).sort(), ['a', 'b']);
  assert.ok(hits[0].score >= hits[1].score);
  for (const h of hits) {
    assert.ok(h.score > 0.1 && h.score <= 1);
    assert.ok(h.sharedTerms.includes('景蓉华苑'));
    assert.ok(h.sharedTerms.includes('停车收费'));
    assert.equal(h.duplicate, null);
  }
});

test('flags exact and near duplicates', () => {
  const index = build();
  const long =
    '本人系春华镇金鼎村村民，村里的水泥路坑坑洼洼多年无人修，下雨天泥泞不堪，老人小孩出行非常危险，自来水也一直没有通到户。';
  index.add({ id: 'orig', text: long });
  const exact = index.query(`  ${long.replace('，', ',')}  `);
  assert.equal(exact[0].id, 'orig');
  assert.equal(exact[0].duplicate, 'exact');
  assert.equal(exact[0].score, 1);
  const near = index.query(`${long}请领导关注。`, { excludeId: 'x' });
  assert.equal(near[0].id, 'orig');
  assert.equal(near[0].duplicate, 'near');
  const other = index.query('春华镇的水泥路需要修');
  assert.equal(other.find((h) => h.id === 'orig')?.duplicate, null);
});

test('scores chosen documents as the query would, however low, and skips unknown ids', () => {
  const index = build();
  const text = '景蓉华苑停车收费太贵';
  const byQuery = new Map(index.query(text).map((h) => [h.id, h]));
  const hits = index.scoreDocs(text, ['d', 'a', 'nope', 'b']);
  assert.deepEqual(
    hits.map((h) => h.id),
    ['a', 'b', 'd'].sort((x, y) => (byQuery.get(y)?.score ?? 0) - (byQuery.get(x)?.score ?? 0)),
  );
  for (const id of ['a', 'b']) {
    const h = hits.find((x) => x.id === id)!;
    assert.ok(Math.abs(h.score - byQuery.get(id)!.score) < 1e-6, id);
    assert.deepEqual(h.sharedTerms, byQuery.get(id)!.sharedTerms);
  }
  const unrelated = hits.find((h) => h.id === 'd')!;
  assert.equal(unrelated.score, 0, 'no shared term: found anyway, with no similarity');
  assert.deepEqual(unrelated.sharedTerms, []);
  assert.equal(index.scoreDocs(DOCS[2]!.text, ['c'])[0]!.duplicate, 'exact');
  assert.deepEqual(index.scoreDocs('！！', ['a'])[0]!.score, 0);
});

test('norms refreshed in steps give the scores a query computes itself, and yield to the caller', () => {
  const docs = Array.from({ length: 300 }, (_, i) => ({
    id: `n${i}`,
    text: `${DOCS[i % 4]!.text}，第${i}号${'小区道路学校噪音'.slice(i % 5, (i % 5) + 3)}`,
  }));
  const a = new SimilarityIndex();
  const b = new SimilarityIndex();
  for (const d of docs) {
    a.add(d);
    b.add(d);
  }
  let steps = 0;
  for (const _ of b.refreshNormsInSteps(50)) steps++;
  assert.ok(steps > 3, `yielded ${steps} times`);
  const q = '景蓉华苑小区停车收费';
  assert.deepEqual(b.query(q, { limit: 20 }), a.query(q, { limit: 20 }));
  // Interrupted by an add, the stale steps are dropped and the query refreshes for itself.
  const c = new SimilarityIndex();
  for (const d of docs) c.add(d);
  const gen = c.refreshNormsInSteps(50);
  gen.next();
  c.add({ id: 'late', text: '工地夜间施工噪音扰民' });
  assert.equal(gen.next().done, true, 'the stale refresh stops');
  const fresh = new SimilarityIndex();
  for (const d of [...docs, { id: 'late', text: '工地夜间施工噪音扰民' }]) fresh.add(d);
  assert.deepEqual(c.query(q, { limit: 20 }), fresh.query(q, { limit: 20 }));
});

test('filters by region prefix, date and excluded id', () => {
  const index = build();
  assert.deepEqual(
    index
      .query('景蓉华苑停车收费', { regionPrefix: '43010200' })
      .map((h) => h.id)
      .sort(),
    ['a', 'b'],
  );
  assert.deepEqual(index.query('景蓉华苑停车收费', { regionPrefix: '4302' }), []);
  assert.deepEqual(
    index.query('景蓉华苑停车收费', { regionPrefix: '4301020020' }).map((h) => h.id),
    ['b'],
  );
  assert.deepEqual(
    index.query('景蓉华苑停车收费', { since: new Date('2019-04-01') }).map((h) => h.id),
    ['b'],
  );
  assert.deepEqual(
    index.query('景蓉华苑停车收费', { excludeId: 'a' }).map((h) => h.id),
    ['b'],
  );
  assert.equal(index.query('景蓉华苑停车收费', { limit: 1 }).length, 1);
});

test('remove and re-add replace documents; the index compacts after many removals', () => {
  const index = build();
  index.remove('a');
  index.remove('unknown');
  assert.deepEqual(
    index.query('景蓉华苑停车收费').map((h) => h.id),
    ['b'],
  );
  index.add({ id: 'b', text: '工地夜间施工噪音' });
  assert.equal(index.size, 3);
  assert.deepEqual(
    index.query('夜间施工噪音').map((h) => h.id),
    ['b', 'd'],
  );
  for (let i = 0; i < 300; i++)
    index.add({ id: `n${i}`, text: `第${i}号楼电梯故障，物业不修${i % 7 ? '' : '，噪音'}` });
  for (let i = 0; i < 280; i++) index.remove(`n${i}`);
  assert.equal(index.size, 23);
  const hits = index.query('电梯故障物业不修', { limit: 50 });
  assert.deepEqual(hits.map((h) => h.id).sort(), Array.from({ length: 20 }, (_, i) => `n${280 + i}`).sort());
  assert.ok(index.has('d') && !index.has('n0'));
});

test('returns nothing for an empty index or a query without terms', () => {
  assert.deepEqual(new SimilarityIndex().query('小区'), []);
  const index = build();
  for (const q of ['', '😀😀', '？！。', '未出现过的词语组合']) assert.deepEqual(index.query(q), [], q);
  assert.throws(() => index.add({ id: '', text: 'x' }), TypeError);
});

test('handles 20,000-character documents and queries, HTML and mixed scripts', () => {
  const index = build();
  const long = '暮云街道丽发新城小区附近搅拌站噪音粉尘污染严重。'.repeat(900);
  index.add({ id: 'long', text: `<p>${long}</p>` });
  const t0 = performance.now();
  const hits = index.query(long);
  assert.ok(performance.now() - t0 < 200);
  assert.equal(hits[0].id, 'long');
  assert.equal(hits[0].duplicate, 'exact');
  index.add({ id: 'wifi', text: 'WiFi信号差，5G基站 needed' });
  assert.equal(index.query('ｗｉｆｉ 信号')[0].id, 'wifi');
});

test('scores are true cosines of sublinear TF-IDF vectors', () => {
  const index = build();
  const n = DOCS.length;
  const vec = (t: string) => {
    const tf = new Map<string, number>();
    for (const x of indexTerms(normalize(t))) tf.set(x, (tf.get(x) ?? 0) + 1);
    return tf;
  };
  const df = new Map<string, number>();
  for (const d of DOCS) for (const t of vec(d.text).keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const weigh = (tf: Map<string, number>) =>
    new Map(
      [...tf].map(([t, c]) => [t, (1 + Math.log(c)) * (Math.log((1 + n) / (1 + (df.get(t) ?? 0))) + 1)]),
    );
  const cos = (a: Map<string, number>, b: Map<string, number>) => {
    let dot = 0;
    for (const [t, w] of a) dot += w * (b.get(t) ?? 0);
    const na = Math.hypot(...a.values());
    const nb = Math.hypot(...b.values());
    return dot / (na * nb);
  };
  const q = '景蓉华苑停车收费太贵';
  for (const h of index.query(q)) {
    const doc = DOCS.find((d) => d.id === h.id);
    assert.ok(doc);
    assert.ok(Math.abs(h.score - cos(weigh(vec(q)), weigh(vec(doc.text)))) < 1e-4);
  }
});

test('MinHash estimates Jaccard similarity of 3-gram shingles', () => {
  const a = minhash(normalize('小区停车收费不合理，物业服务差，业主意见很大，希望有关部门尽快处理'));
  const b = minhash(normalize('小区停车收费不合理，物业服务差，业主意见很大，希望有关部门尽快处理！'));
  const c = minhash(normalize('学校门口道路拥堵，接送孩子不方便'));
  assert.ok(minhashSimilarity(a, b) > 0.9);
  assert.ok(minhashSimilarity(a, c) < 0.2);
  assert.equal(minhashSimilarity(minhash(''), minhash('')), 0);
});

test('finds a real message among 4,000 by a paraphrase of its title', { skip: GOV_DATA_SKIP }, () => {
  const rows = loadGov('hotspot-attachment3');
  const index = new SimilarityIndex();
  for (const r of rows) index.add({ id: String(r.id), text: `${r.title}\n${r.body}`, at: r.time });
  const target = rows.find((r) => r.title.includes('伊景园滨河苑'));
  assert.ok(target);
  const hits = index.query('伊景园滨河苑捆绑销售车位', { limit: 10 });
  assert.ok(hits.length >= 5);
  assert.ok(
    hits.every((h) => rows.find((r) => String(r.id) === h.id)?.body.includes('伊景园') || h.score < 0.3),
  );
  const self = index.query(`${target.title}\n${target.body}`, { limit: 3 });
  assert.equal(self[0].id, String(target.id));
  assert.equal(self[0].duplicate, 'exact');
});
