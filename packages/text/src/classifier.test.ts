import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  loadClassifier,
  type SerializedModel,
  suggest,
  type TrainingSample,
  trainClassifier,
} from './classifier.ts';
import { TextModelError } from './errors.ts';
import { GOV_DATA_SKIP, loadGov } from './testing/gov-data.ts';

const NOW = new Date('2026-01-02T03:04:05Z');

/** A small synthetic training set: three categories with distinct vocabularies. */
function toySamples(): TrainingSample[] {
  const topics: Record<string, string[]> = {
    交通运输: ['公交车站点', '地铁线路', '道路拥堵', '红绿灯时长', '出租车拒载', '公交线路调整'],
    教育文体: ['学校招生', '幼儿园收费', '教师待遇', '学区划分', '课外培训', '学生午餐'],
    环境保护: ['工地噪音', '垃圾焚烧', '河道污染', '油烟扰民', '粉尘污染', '污水排放'],
  };
  const out: TrainingSample[] = [];
  for (const [label, phrases] of Object.entries(topics)) {
    phrases.forEach((p, i) => {
      for (let k = 0; k < 4; k++) {
        const q = phrases[(i + k + 1) % phrases.length];
        out.push({
          label,
          text: `关于${p}的问题\n我们这里${p}问题严重，还有${q}，希望尽快解决。第${k}次反映。`,
        });
      }
    });
  }
  return out;
}

test('trains on a small set and predicts the right category with calibrated top-3 scores', () => {
  const model = trainClassifier(toySamples(), { now: NOW });
  const p = model.predict('地铁线路太少，公交车站点也不合理');
  assert.equal(p[0].label, '交通运输');
  assert.equal(p.length, 3);
  assert.ok(p[0].score > p[1].score && p[1].score >= p[2].score);
  const sum = p.reduce((s, x) => s + x.score, 0);
  assert.ok(sum <= 1 + 1e-9 && sum > 0.5);
  assert.equal(model.predict('工地噪音和粉尘污染太严重')[0].label, '环境保护');
  assert.deepEqual(model.labels, ['交通运输', '教育文体', '环境保护']);
});

test('training is deterministic; the version hashes weights and date', () => {
  const a = trainClassifier(toySamples(), { now: NOW });
  const b = trainClassifier(toySamples(), { now: NOW });
  assert.equal(a.version, b.version);
  assert.match(a.version, /^20260102-[0-9a-f]{12}$/);
  const c = trainClassifier(toySamples(), { now: new Date('2026-02-01T00:00:00Z') });
  assert.notEqual(c.version, a.version);
  const d = trainClassifier(toySamples().slice(1), { now: NOW });
  assert.notEqual(d.version.slice(9), a.version.slice(9));
});

test('serialises to JSON and loads back to identical predictions', () => {
  const model = trainClassifier(toySamples(), { now: NOW });
  const json = JSON.stringify(model.toJSON());
  const loaded = loadClassifier(json);
  const again = loadClassifier(JSON.parse(json) as SerializedModel);
  assert.equal(loaded.version, model.version);
  assert.equal(again.version, model.version);
  for (const t of ['学校招生不公平', '河道污染', '出租车拒载'])
    assert.deepEqual(loaded.predict(t), model.predict(t));
  const m = model.toJSON();
  assert.equal(m.format, 'lianluo.text-classifier');
  assert.equal(m.stats.samples, toySamples().length);
});

test('refuses training without samples or with a single class', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof TextModelError);
      return e.code;
    }
    return 'no error';
  };
  assert.equal(
    code(() => trainClassifier([])),
    'NO_SAMPLES',
  );
  assert.equal(
    code(() =>
      trainClassifier([
        { text: '😀', label: 'a' },
        { text: '', label: 'b' },
        { text: '正文', label: ' ' },
      ]),
    ),
    'NO_SAMPLES',
  );
  assert.equal(
    code(() => trainClassifier(undefined as unknown as TrainingSample[])),
    'NO_SAMPLES',
  );
  assert.equal(
    code(() =>
      trainClassifier([
        { text: '小区停车', label: '城乡建设' },
        { text: '物业收费', label: '城乡建设' },
      ]),
    ),
    'TOO_FEW_CLASSES',
  );
  assert.throws(() => trainClassifier([{ text: '停车', label: 'x' }]), /至少需要 2 个类别/);
});

test('rejects malformed serialised models with BAD_MODEL', () => {
  const good = trainClassifier(toySamples(), { now: NOW }).toJSON();
  const bad: unknown[] = [
    '{not json',
    {},
    { ...good, format: 'other' },
    { ...good, formatVersion: 2 },
    { ...good, labels: ['only-one'] },
    { ...good, weights: good.weights.slice(0, 12) },
    { ...good, idf: '!!!' },
    { ...good, bias: [1] },
    { ...good, temperature: -1 },
    { ...good, features: { ...good.features, bits: 40 } },
  ];
  for (const b of bad) {
    assert.throws(
      () => loadClassifier(b as SerializedModel),
      (e: unknown) => e instanceof TextModelError && e.code === 'BAD_MODEL',
    );
  }
});

test('predict returns [] and suggest explains why for empty, emoji, punctuation and unknown text', () => {
  const model = trainClassifier(toySamples(), { now: NOW });
  for (const t of ['', '   ', '😀😡👍', '！？。……', 'zzzz qqqq', null as unknown as string]) {
    assert.deepEqual(model.predict(t), [], String(t));
    const s = suggest(model, t);
    assert.equal(s.ok, false);
    if (!s.ok) assert.match(s.reason, /[\u4e00-\u9fff]/);
  }
  const empty = suggest(model, '');
  assert.ok(!empty.ok && empty.reason.includes('为空'));
  const emoji = suggest(model, '😀😀');
  assert.ok(!emoji.ok && emoji.reason.includes('表情'));
});

test('suggest refuses below the confidence floor and answers above it', () => {
  const model = trainClassifier(toySamples(), { now: NOW });
  const sure = suggest(model, '地铁线路和公交车站点');
  assert.ok(sure.ok);
  if (sure.ok) assert.equal(sure.suggestions[0].label, '交通运输');
  const unsure = suggest(model, '地铁线路和公交车站点', { floor: 0.999 });
  assert.ok(!unsure.ok && unsure.reason.includes('把握不足'));
});

test('handles 20,000 characters fast, HTML and mixed scripts', () => {
  const model = trainClassifier(toySamples(), { now: NOW });
  const long = '工地噪音扰民，粉尘污染严重。'.repeat(1500);
  assert.ok(long.length > 20_000);
  const t0 = performance.now();
  const p = model.predict(long);
  assert.ok(performance.now() - t0 < 100);
  assert.equal(p[0].label, '环境保护');
  assert.deepEqual(model.predict('<p>学校<b>招生</b>&nbsp;不公平</p>'), model.predict('学校 招生 不公平'));
  assert.equal(model.predict('School 学校招生 admission 問題 😀')[0].label, '教育文体');
});

test('beats 80 % macro-F1 on a held-out fifth of the public labelled data', { skip: GOV_DATA_SKIP }, () => {
  const rows = loadGov('classify-train');
  const test = rows.filter((_, i) => i % 5 === 0);
  const train = rows.filter((_, i) => i % 5 !== 0);
  const model = trainClassifier(train.map((r) => ({ text: `${r.title}\n${r.body}`, label: r.label ?? '' })));
  const labels = [...new Set(rows.map((r) => r.label ?? ''))];
  const pred = test.map((r) => model.predict(`${r.title}\n${r.body}`)[0]?.label);
  let f1 = 0;
  for (const l of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    test.forEach((r, i) => {
      if (pred[i] === l && r.label === l) tp++;
      else if (pred[i] === l) fp++;
      else if (r.label === l) fn++;
    });
    f1 += tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  }
  assert.ok(f1 / labels.length > 0.8, `macro-F1 ${f1 / labels.length}`);
  assert.ok(JSON.stringify(model.toJSON()).length < 5 * 2 ** 20);
});
