/**
 * Classifier benchmark: @lianluo/text vs the reference baseline (char 1–3-gram TF-IDF + LinearSVC,
 * ../shared/bench/baseline-classify.py) on the same data and the same mode.
 *
 *   npm run bench:classify -- [--train FILE] [--test FILE] [--folds 5] [--seed N] [--bootstrap 1000]
 *                             [--no-baseline]
 *
 * Without --test: seeded stratified k-fold CV on --train, predictions of all folds pooled and scored.
 * Both sides use the same folds: scikit-learn's StratifiedKFold with the baseline's parameters, over
 * the rows as the baseline's own load() reads them, and the baseline run records the folds it really
 * split so that the two are compared index by index. The baseline script is executed unchanged, from
 * ../shared, through importlib, with its fit_predict wrapped to record its per-message predictions:
 * that gives its bootstrap interval and a paired bootstrap of the macro-F1 difference. Only when
 * scikit-learn cannot be installed do our own stratified folds stand in (and the baseline is absent).
 * Timings are wall-clock in this process, one thread, like the baseline's; CPU time is printed beside
 * them because shared machines make wall time noisy. Never a CI pass/fail gate.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Prediction, type TextClassifier, trainClassifier } from '../packages/text/src/index.ts';
import { baselineModelBytes, ensureSklearn, runBaseline, sklearnFolds } from './classify-baseline.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = resolve(ROOT, '../shared/data/gov-messages');
const BASELINE = resolve(ROOT, '../shared/bench/baseline-classify.py');
const PYTHON = '/usr/bin/python3';

interface Row {
  title?: string;
  body?: string;
  label?: string;
}

function parseArgs(argv: string[]) {
  const a = {
    train: resolve(DATA, 'classify-train.jsonl'),
    test: undefined as string | undefined,
    folds: 5,
    seed: 20261122,
    bootstrap: 1000,
    baseline: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--train') a.train = resolve(process.cwd(), v);
    else if (k === '--test') a.test = resolve(process.cwd(), v);
    else if (k === '--folds') a.folds = Number(v);
    else if (k === '--seed') a.seed = Number(v);
    else if (k === '--bootstrap') a.bootstrap = Number(v);
    else if (k === '--no-baseline') {
      a.baseline = false;
      continue;
    } else throw new Error(`unknown argument ${k}`);
    i++;
  }
  if (!Number.isInteger(a.folds) || a.folds < 2) throw new Error('--folds must be an integer ≥ 2');
  return a;
}

const load = (path: string): Row[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
const textOf = (r: Row) => `${r.title ?? ''}\n${r.body ?? ''}`;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Terminal columns of a string: CJK and full-width characters take two. */
const width = (s: string) => {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
};
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;
const median = (xs: number[]) => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** mulberry32, as in the package (kept local: benches import only the public API). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function stratifiedFolds(labels: string[], folds: number, seed: number): number[] {
  const random = rng(seed);
  const fold = new Array<number>(labels.length).fill(0);
  for (const l of [...new Set(labels)].sort()) {
    const ids = labels.flatMap((x, i) => (x === l ? [i] : []));
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [ids[i], ids[j]] = [ids[j], ids[i]];
    }
    ids.forEach((id, j) => {
      fold[id] = j % folds;
    });
  }
  return fold;
}

function scores(truth: string[], pred: string[], labels: string[]) {
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === pred[i]) correct++;
  const perClass: Record<string, number> = {};
  for (const l of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      if (pred[i] === l && truth[i] === l) tp++;
      else if (pred[i] === l) fp++;
      else if (truth[i] === l) fn++;
    }
    perClass[l] = tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  }
  const macroF1 = labels.reduce((s, l) => s + perClass[l], 0) / labels.length;
  return { accuracy: correct / truth.length, macroF1, perClass };
}

const interval = (vals: number[]): [number, number] => {
  const s = vals.slice().sort((a, b) => a - b);
  return [s[Math.floor(0.025 * (s.length - 1))], s[Math.ceil(0.975 * (s.length - 1))]];
};

/**
 * Percentile bootstrap of macro-F1 over the pooled held-out predictions. With the baseline's
 * predictions for the same messages it is paired: each resample draws the same messages for both
 * models, so the interval of the difference (ours − baseline) leaves out the variation both share.
 */
function bootstrapMacroF1(
  truth: string[],
  ours: string[],
  base: string[] | undefined,
  labels: string[],
  n: number,
  seed: number,
) {
  const random = rng(seed ^ 0x9e3779b9);
  const o: number[] = [];
  const b: number[] = [];
  const d: number[] = [];
  const t = new Array<string>(truth.length);
  const p = new Array<string>(truth.length);
  const q = new Array<string>(truth.length);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < truth.length; i++) {
      const j = Math.floor(random() * truth.length);
      t[i] = truth[j];
      p[i] = ours[j];
      if (base) q[i] = base[j];
    }
    o.push(scores(t, p, labels).macroF1);
    if (base) {
      b.push(scores(t, q, labels).macroF1);
      d.push(o[r] - b[r]);
    }
  }
  return {
    ours: interval(o),
    base: base ? interval(b) : undefined,
    diff: base ? interval(d) : undefined,
    /** Share of resamples in which ours does not beat the baseline. */
    notAbove: base ? d.filter((x) => x <= 0).length / n : undefined,
  };
}

/** Messages per second of `predict` over `texts` (one warm-up pass, then the median of 3 timed passes). */
function throughput(model: TextClassifier, texts: string[]): { wall: number; cpu: number } {
  for (const t of texts) model.predict(t);
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < 3; r++) {
    const w0 = performance.now();
    const c0 = cpuMs();
    // Repeat small sets so that each timed pass lasts long enough to measure.
    const reps = Math.max(1, Math.ceil(2000 / texts.length));
    for (let k = 0; k < reps; k++) for (const t of texts) model.predict(t);
    walls.push((texts.length * reps) / ((performance.now() - w0) / 1000));
    cpus.push((texts.length * reps) / ((cpuMs() - c0) / 1000));
  }
  return { wall: median(walls), cpu: median(cpus) };
}

/**
 * Training time on 10,000 messages. The labelled file is small, so the set is made of real, distinct
 * messages: the training rows plus the other files of the data folder, pseudo-labelled by `model`
 * (tiled only if fewer than 10,000 distinct texts exist). Pseudo-labels make the task easier than
 * real labels would, so the time is what this measures, not accuracy.
 */
function tenThousand(train: Row[], model: TextClassifier) {
  const seen = new Set<string>();
  const samples: { text: string; label: string }[] = [];
  const add = (text: string, label: string | undefined) => {
    if (!label || seen.has(text)) return;
    seen.add(text);
    samples.push({ text, label });
  };
  for (const r of train) add(textOf(r), r.label);
  const others = ['testphase-unlabelled.jsonl', 'hotspot-attachment3.jsonl', 'replies-attachment4.jsonl'];
  let pseudo = 0;
  for (const f of others) {
    const p = resolve(DATA, f);
    if (!existsSync(p)) continue;
    for (const r of load(p)) {
      if (samples.length >= 10_000) break;
      const before = samples.length;
      add(textOf(r), model.predict(textOf(r))[0]?.label);
      pseudo += samples.length - before;
    }
  }
  const distinct = samples.length;
  for (let i = 0; samples.length < 10_000; i++) samples.push(samples[i % distinct]);
  const w0 = performance.now();
  const c0 = cpuMs();
  const m = trainClassifier(samples.slice(0, 10_000));
  const wall = (performance.now() - w0) / 1000;
  const cpu = (cpuMs() - c0) / 1000;
  const bytes = Buffer.byteLength(JSON.stringify(m.toJSON()));
  return { wall, cpu, bytes, distinct: Math.min(distinct, 10_000), labelled: train.length, pseudo };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(args.train)) {
    console.error(`training data not found: ${args.train}`);
    process.exit(2);
  }
  const train = load(args.train).filter((r) => r.label);
  const test = args.test ? load(args.test).filter((r) => r.label) : undefined;
  const labels = [...new Set(train.map((r) => r.label as string))].sort();

  // Held-out predictions are kept per scored row (the test file's, or in CV every training row's, made
  // while its fold was held out), so that the baseline's can be paired with them message by message.
  const scored = test ?? train;
  const truth = scored.map((r) => r.label as string);
  const pred = new Array<string>(scored.length).fill('');
  const top = new Array<number>(scored.length).fill(0);
  const fits: number[] = [];
  const fitCpus: number[] = [];
  const rates: number[] = [];
  const rateCpus: number[] = [];
  const run = (tr: Row[], held: number[]) => {
    const w0 = performance.now();
    const c0 = cpuMs();
    const model = trainClassifier(tr.map((r) => ({ text: textOf(r), label: r.label as string })));
    fits.push((performance.now() - w0) / 1000);
    fitCpus.push((cpuMs() - c0) / 1000);
    for (const i of held) {
      const p: Prediction[] = model.predict(textOf(scored[i]));
      pred[i] = p[0]?.label ?? '';
      top[i] = p[0]?.score ?? 0;
    }
    const t = throughput(
      model,
      held.map((i) => textOf(scored[i])),
    );
    rates.push(t.wall);
    rateCpus.push(t.cpu);
  };
  const mode = test ? 'train/test' : `${args.folds}-fold CV, seed ${args.seed}`;
  let split = 'the whole test file, for both';
  let testFolds: number[][] | undefined;
  if (test)
    run(
      train,
      scored.map((_, i) => i),
    );
  else {
    // The baseline's own folds when scikit-learn is there (installed now if the baseline is to run);
    // ours only when it cannot be had, and then the baseline cannot run either.
    const sk =
      args.baseline || spawnSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0
        ? ensureSklearn()
          ? sklearnFolds(args)
          : 'scikit-learn unavailable (apt-get install -y python3-sklearn failed)'
        : 'scikit-learn not installed (--no-baseline installs nothing)';
    if (typeof sk !== 'string' && sk.n !== train.length) {
      throw new Error(
        `the baseline's load() reads ${sk.n} rows of ${args.train}, ours ${train.length} labelled rows: ` +
          'fold indices would not refer to the same messages',
      );
    }
    if (typeof sk === 'string') {
      const fold = stratifiedFolds(truth, args.folds, args.seed);
      testFolds = Array.from({ length: args.folds }, (_, f) => fold.flatMap((x, i) => (x === f ? [i] : [])));
      split = `our own seeded stratified folds, NOT the baseline's (${sk})`;
    } else {
      testFolds = sk.test;
      split =
        `scikit-learn StratifiedKFold(n_splits=${args.folds}, shuffle=True, random_state=${args.seed}) ` +
        `over the rows in file order as the baseline's load() reads them; test folds of ` +
        testFolds.map((f) => f.length).join('/');
    }
    for (const held of testFolds) {
      const out = new Set(held);
      run(
        train.filter((_, i) => !out.has(i)),
        held,
      );
    }
  }
  const ours = scores(truth, pred, labels);

  const full = trainClassifier(train.map((r) => ({ text: textOf(r), label: r.label as string })));
  const ourBytes = Buffer.byteLength(JSON.stringify(full.toJSON()));
  const big = tenThousand(train, full);

  const base = args.baseline ? runBaseline(args) : 'skipped (--no-baseline)';
  const baseBytes = args.baseline && typeof base !== 'string' ? baselineModelBytes(args.train) : undefined;
  const b = typeof base === 'string' ? undefined : base.summary;

  // The split check: the folds the baseline really split against the ones ours used, index by index.
  let splitCheck: string | undefined;
  if (typeof base !== 'string' && testFolds) {
    const same =
      base.folds?.length === testFolds.length &&
      base.folds.every(
        (f, k) => f.length === testFolds[k].length && f.every((i, j) => i === testFolds[k][j]),
      );
    if (!base.folds) splitCheck = 'not verified: the baseline run did not report its folds';
    else if (same)
      splitCheck = `verified: the baseline split the same ${testFolds.length} test folds, index for index`;
    else {
      splitCheck = `MISMATCH: the baseline split other folds (${base.folds.map((f) => f.length).join('/')}) — not the same split`;
      process.exitCode = 1;
    }
  }
  // The baseline's per-message predictions, on the rows ours were scored on.
  let basePred: string[] | undefined;
  let baseCiNote = typeof base === 'string' ? undefined : base.unrecorded;
  if (typeof base !== 'string' && base.predictions) {
    const bp = new Array<string>(scored.length).fill('');
    let covered = 0;
    const preds = base.predictions;
    // CV: fold k's j-th prediction is for its j-th test index; train/test: the test file's rows in order.
    const rowsOf = testFolds ? base.folds : preds[0]?.length === scored.length ? [bp.map((_, i) => i)] : [];
    for (const [k, f] of (rowsOf ?? []).entries())
      for (const [j, i] of f.entries()) {
        const p = preds[k]?.[j];
        if (p === undefined) continue;
        bp[i] = p;
        covered++;
      }
    const check = scores(truth, bp, labels);
    if (covered !== scored.length)
      baseCiNote = 'its predictions do not cover the rows ours were scored on (rows without a label?)';
    else if (
      Math.abs(check.accuracy - base.summary.accuracy) > 1e-9 ||
      Math.abs(check.macroF1 - base.summary.macro_f1) > 1e-9
    )
      baseCiNote =
        'accuracy and macro-F1 recomputed from its recorded predictions differ from what it printed';
    else basePred = bp;
  }
  const ci = bootstrapMacroF1(truth, pred, basePred, labels, args.bootstrap, args.seed);

  const pct = (v: number) => (v * 100).toFixed(1).padStart(5);
  const ratio = (a: number, c: number | undefined) => (c ? `${(a / c).toFixed(2)}×` : 'n/a');
  const kb = (n: number | undefined) => (n === undefined ? 'n/a' : `${(n / 1024).toFixed(0)} KiB`);
  const out: string[] = [];
  out.push(`classifier benchmark — ${mode}; train ${relative(ROOT, args.train)} (${train.length} rows)`);
  out.push(`split: ${split}${splitCheck ? `\n  ${splitCheck}` : ''}`);
  out.push(
    `node ${process.version}, one thread; baseline: ${b ? `${PYTHON} ${relative(ROOT, BASELINE)}` : `did not run — ${base}`}`,
  );
  out.push(
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} on ${availableParallelism()} CPUs (wall-clock times stretch when other processes share them; ` +
      `cpu = this process's CPU time)`,
  );
  out.push('');
  const row = (name: string, o: string, bl: string, r: string) =>
    out.push(`${padEnd(name, 36)}${padStart(o, 22)}${padStart(bl, 22)}${padStart(r, 15)}`);
  const withCi = (v: number, c: [number, number] | undefined) =>
    c ? `${pct(v)} [${pct(c[0]).trim()}–${pct(c[1]).trim()}]` : pct(v);
  const points = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}`;
  row('metric', 'ours', 'baseline', 'ours/baseline');
  row('accuracy %', pct(ours.accuracy), b ? pct(b.accuracy) : 'n/a', ratio(ours.accuracy, b?.accuracy));
  row(
    'macro-F1 % (95% bootstrap CI)',
    withCi(ours.macroF1, ci.ours),
    b ? withCi(b.macro_f1, ci.base) : 'n/a',
    ratio(ours.macroF1, b?.macro_f1),
  );
  if (b && ci.diff)
    row(
      '  ours − baseline, points (paired)',
      `${points(ours.macroF1 - b.macro_f1)} [${points(ci.diff[0])}, ${points(ci.diff[1])}]`,
      '',
      '',
    );
  for (const l of labels) {
    row(
      `  F1 % ${l}`,
      pct(ours.perClass[l]),
      b ? pct(b.per_class[l] ?? 0) : 'n/a',
      ratio(ours.perClass[l], b?.per_class[l]),
    );
  }
  row(
    'training s (median per fold or run)',
    `${median(fits).toFixed(2)} (cpu ${median(fitCpus).toFixed(2)})`,
    b ? b.fit_s.toFixed(2) : 'n/a',
    ratio(median(fits), b?.fit_s),
  );
  row(
    'prediction msgs/s (one thread)',
    `${Math.round(median(rates))} (cpu ${Math.round(median(rateCpus))})`,
    b ? String(Math.round(b.msgs_per_s)) : 'n/a',
    ratio(median(rates), b?.msgs_per_s),
  );
  row('model size (full train set)', kb(ourBytes), kb(baseBytes), ratio(ourBytes, baseBytes));
  out.push('');
  out.push(
    `training on 10,000 messages (measured, ours only): ${big.wall.toFixed(2)} s wall, ${big.cpu.toFixed(2)} s cpu, model ${kb(big.bytes)}` +
      ` — ${big.labelled} labelled + ${big.distinct - big.labelled} distinct real messages from the other files` +
      ` pseudo-labelled by our model${big.distinct < 10_000 ? `, tiled to 10,000 from ${big.distinct}` : ''}`,
  );
  // What `suggest` would do at the model's confidence floor, on the pooled held-out predictions.
  const floor = full.confidenceFloor;
  const confident = top.flatMap((s, i) => (s >= floor ? [i] : []));
  const confAcc = confident.filter((i) => pred[i] === truth[i]).length / Math.max(1, confident.length);
  const meanTop = top.reduce((a, c) => a + c, 0) / Math.max(1, top.length);
  out.push(
    `suggest() at confidence floor ${floor}: answers ${pct(confident.length / truth.length).trim()}% of held-out messages, ` +
      `${pct(confAcc).trim()}% of those correct; mean top probability ${pct(meanTop).trim()}% vs accuracy ${pct(ours.accuracy).trim()}%`,
  );
  out.push(
    `  other floors: ${[0.3, 0.5, 0.6, 0.7]
      .map((f) => {
        const ids = top.flatMap((s, i) => (s >= f ? [i] : []));
        const acc = ids.filter((i) => pred[i] === truth[i]).length / Math.max(1, ids.length);
        return `${f} → ${pct(ids.length / truth.length).trim()}% answered, ${pct(acc).trim()}% correct`;
      })
      .join('; ')}`,
  );
  if (b && basePred && ci.notAbove !== undefined)
    out.push(
      `bootstrap: ${args.bootstrap} resamples of the ${truth.length} held-out messages, the same messages for both models` +
        ` (paired); ours ≤ baseline in ${pct(ci.notAbove).trim()}% of them. The baseline's predictions were recorded` +
        ' from its own run (script executed unchanged, its fit_predict wrapped); accuracy and macro-F1 recomputed' +
        ' from them equal the ones it printed.',
    );
  else if (b)
    out.push(
      `baseline macro-F1 is its point value, no interval: ${baseCiNote ?? 'its per-message predictions were not available'}.`,
    );
  if (b && baseBytes)
    out.push('baseline model size: pickled scikit-learn pipeline fitted on the full training file.');
  console.log(out.join('\n'));
}

main();
