/**
 * The reference baseline of bench:classify (../shared/bench/baseline-classify.py, char 1–3-gram
 * TF-IDF + LinearSVC), run unchanged from ../shared through Debian's python3 and scikit-learn.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BASELINE = resolve(ROOT, '../shared/bench/baseline-classify.py');
const PYTHON = '/usr/bin/python3';

interface BaselineArgs {
  train: string;
  test?: string;
  folds: number;
  seed: number;
}

export interface Baseline {
  accuracy: number;
  macro_f1: number;
  per_class: Record<string, number>;
  fit_s: number;
  msgs_per_s: number;
  mode: string;
}

export function ensureSklearn(): boolean {
  const probe = () => spawnSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
  if (!existsSync(PYTHON)) return false;
  if (probe()) return true;
  console.error('scikit-learn missing: apt-get install -y python3-sklearn …');
  let r = spawnSync('apt-get', ['install', '-y', 'python3-sklearn'], { stdio: 'inherit' });
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    r = spawnSync('apt-get', ['install', '-y', 'python3-sklearn'], { stdio: 'inherit' });
  }
  return probe();
}

/**
 * Imports the baseline script from its path (importlib; the file in ../shared is neither copied nor
 * edited) so that its own load() reads the rows and its own StratifiedKFold class splits them.
 */
const IMPORT_BASELINE = `
import importlib.util, sys
spec = importlib.util.spec_from_file_location("baseline_classify", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
`;

/**
 * The test folds of the baseline's CV, computed before anything is trained: the parameters of its
 * main() (n_splits = --folds, shuffle = True, random_state = --seed) over the rows in the order its
 * load() returns them. The baseline run records the folds it actually splits and they are compared
 * with these, so a change to the script's splitting shows up as a mismatch instead of going unseen.
 */
const SKLEARN_FOLDS = `${IMPORT_BASELINE}
import json
rows = mod.load(sys.argv[2])
y = [r["label"] for r in rows]
cv = mod.StratifiedKFold(n_splits=int(sys.argv[3]), shuffle=True, random_state=int(sys.argv[4]))
print(json.dumps({"n": len(rows), "test": [te.tolist() for _, te in cv.split(rows, y)]}))
`;

/**
 * Runs the baseline's main() with the arguments the script would get on its command line, unchanged,
 * and prints its JSON together with what two thin wrappers saw: the test indices of every fold its
 * StratifiedKFold yielded, and the predictions its fit_predict returned (in its test rows' order).
 * The wrappers sit outside its timed sections, so its fit and throughput figures are its own.
 */
const RECORDED_BASELINE = `${IMPORT_BASELINE}
import contextlib, io, json
missing = [a for a in ("main", "fit_predict", "StratifiedKFold") if not hasattr(mod, a)]
if missing:
    raise SystemExit("baseline script has no " + ", ".join(missing) + "; cannot record its predictions")
folds, predictions = [], []
class RecordingKFold(mod.StratifiedKFold):
    def split(self, X, y=None, groups=None):
        for tr, te in super().split(X, y, groups):
            folds.append(te.tolist())
            yield tr, te
fit_predict = mod.fit_predict
def recording_fit_predict(train, test):
    out = fit_predict(train, test)
    predictions.append([str(p) for p in out[0]])
    return out
mod.StratifiedKFold = RecordingKFold
mod.fit_predict = recording_fit_predict
sys.argv = sys.argv[1:]  # as if the script had been run: argv[0] is its path
printed = io.StringIO()
with contextlib.redirect_stdout(printed):
    mod.main()
print(json.dumps({"summary": json.loads(printed.getvalue()), "folds": folds, "predictions": predictions},
                 ensure_ascii=False))
`;

/** Test indices per fold from scikit-learn (see SKLEARN_FOLDS), or the reason they are unavailable. */
export function sklearnFolds(args: BaselineArgs): { n: number; test: number[][] } | string {
  const r = spawnSync(
    PYTHON,
    ['-c', SKLEARN_FOLDS, BASELINE, args.train, String(args.folds), String(args.seed)],
    { encoding: 'utf8', maxBuffer: 16 << 20 },
  );
  if (r.status !== 0) return `scikit-learn fold assignment failed: ${r.stderr.trim()}`;
  return JSON.parse(r.stdout) as { n: number; test: number[][] };
}

export interface BaselineRun {
  summary: Baseline;
  /** Test indices per fold as the baseline split them (CV only). */
  folds?: number[][];
  /** Its predictions per fold, in the order of that fold's test indices (or of the test file). */
  predictions?: string[][];
  /** Why the predictions are missing, when they are. */
  unrecorded?: string;
}

export function runBaseline(args: BaselineArgs): BaselineRun | string {
  if (!existsSync(BASELINE)) return `baseline script not found at ${BASELINE}`;
  if (!ensureSklearn()) return 'scikit-learn unavailable (apt-get install -y python3-sklearn failed)';
  const argv = ['--train', args.train, '--folds', String(args.folds), '--seed', String(args.seed)];
  if (args.test) argv.push('--test', args.test);
  const recorded = spawnSync(PYTHON, ['-c', RECORDED_BASELINE, BASELINE, ...argv], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (recorded.status === 0) return JSON.parse(recorded.stdout) as BaselineRun;
  // The script changed shape (or the wrapper broke): run it plainly, as its own command line would.
  const plain = spawnSync(PYTHON, [BASELINE, ...argv], { encoding: 'utf8', maxBuffer: 16 << 20 });
  if (plain.status !== 0) return `baseline failed: ${plain.stderr}`;
  return {
    summary: JSON.parse(plain.stdout) as Baseline,
    unrecorded: `importing it to record its predictions failed (${recorded.stderr.trim().split('\n').pop()})`,
  };
}

/** Pickled size of the baseline pipeline fitted on the whole training file (its script prints none). */
export function baselineModelBytes(train: string): number | undefined {
  const code = `
import json, pickle, sys
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
m = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True), LinearSVC(C=1.0))
m.fit([r.get("title", "") + "\\n" + r.get("body", "") for r in rows], [r["label"] for r in rows])
print(len(pickle.dumps(m, protocol=pickle.HIGHEST_PROTOCOL)))`;
  const r = spawnSync(PYTHON, ['-c', code, train], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : undefined;
}
