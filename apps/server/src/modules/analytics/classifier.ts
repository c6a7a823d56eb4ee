import { shanghaiDate } from '@lianluo/domain';
import {
  loadClassifier,
  type SerializedModel,
  suggest,
  type TextClassifier,
  TextModelError,
  trainClassifier,
} from '@lianluo/text';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import * as q from './analytics.queries.ts';

/** Most recent triaged cases a model is trained on (bounded so training stays in seconds). */
const TRAINING_LIMIT = 20_000;
/** The hour (Asia/Shanghai) from which the nightly retraining runs: after the day's triage, before the next. */
const RETRAIN_HOUR = 2;

/** The latest RETRAIN_HOUR:00 (Asia/Shanghai) at or before `now`: a model trained since is tonight's. */
export function retrainMark(now: Date): Date {
  const at = Date.parse(`${shanghaiDate(now)}T${String(RETRAIN_HOUR).padStart(2, '0')}:00:00+08:00`);
  return new Date(at <= now.getTime() ? at : at - 86_400_000);
}

/**
 * The category classifier of one process: the active model, trained here or loaded from the
 * database (another process may have trained a newer one).
 */
export class CategoryClassifier {
  private model: TextClassifier | null = null;
  private modelLoadedAt = 0;

  constructor(private readonly deps: Pick<Deps, 'db' | 'now'>) {}

  /** Trains a classifier on the deployment's triaged cases and makes it the active one. */
  async train(
    trigger: 'startup' | 'nightly' | 'admin',
    opts: { unlessTrainedSince?: Date } = {},
  ): Promise<{ version: string; samples: number } | null> {
    const db = this.deps.db;
    return db.transaction(async (tx) => {
      // One trainer at a time across processes; the others skip rather than queue.
      if (!(await q.tryTrainerLock(tx))) return null;
      // Under the lock: another process may have trained tonight's model just before we took it.
      if (opts.unlessTrainedSince) {
        const latest = await q.latestModelStamp(tx);
        if (latest && latest.trainedAt >= opts.unlessTrainedSince) return null;
      }
      const rows = await q.triagedCases(tx, TRAINING_LIMIT);
      const samples = rows.map((r) => ({ text: `${r.title}\n${r.content}`, label: r.label! }));
      let model: TextClassifier;
      try {
        model = trainClassifier(samples, { now: this.deps.now() });
      } catch (err) {
        if (err instanceof TextModelError)
          throw new AppError('unprocessable', `训练数据不足：${err.message}`);
        throw err;
      }
      const json = model.toJSON();
      await q.saveModel(tx, {
        version: json.version,
        trainedAt: new Date(json.trainedAt),
        samples: samples.length,
        perClass: json.stats.perClass,
        model: json,
        trigger,
      });
      this.model = model;
      this.modelLoadedAt = Date.now();
      return { version: json.version, samples: samples.length };
    });
  }

  /** The active model, reloaded from the database at most once a minute (another process may retrain). */
  private async classifier(): Promise<TextClassifier | null> {
    if (this.model && Date.now() - this.modelLoadedAt < 60_000) return this.model;
    const row = await q.latestModel(this.deps.db);
    if (row && row.version !== this.model?.version) this.model = loadClassifier(row.model as SerializedModel);
    this.modelLoadedAt = Date.now();
    return this.model;
  }

  /**
   * The nightly retraining, asked often (startup and a timer in every process): trains when there
   * is no model yet, or once a night — when the active model predates today's RETRAIN_HOUR:00
   * (Asia/Shanghai) and a case has been triaged since it was trained (the same data would only make
   * a new version and split the acceptance rate). The database is the record: the active model's
   * trained_at says whether tonight's ran, and train()'s advisory lock with its re-check under the
   * lock keeps two processes from both training. Returns what it did.
   */
  async retrainIfDue(): Promise<'trained' | 'fresh' | 'unchanged' | 'skipped' | 'failed'> {
    const db = this.deps.db;
    const now = this.deps.now();
    const latest = await q.latestModelStamp(db);
    const mark = retrainMark(now);
    if (latest && latest.trainedAt >= mark) return 'fresh';
    if (latest && !(await q.triagedSince(db, latest.trainedAt))) return 'unchanged';
    try {
      const done = await this.train(
        latest ? 'nightly' : 'startup',
        latest ? { unlessTrainedSince: mark } : {},
      );
      return done ? 'trained' : 'skipped';
    } catch (err) {
      // Too little data (422) is expected in a new deployment; anything else is for the log.
      if (err instanceof AppError) return 'failed';
      throw err;
    }
  }

  /**
   * The classifier's categories for a text, with their Chinese names, or why there are none (a
   * label the reason names is given by its name too). Records nothing.
   */
  async categoriesFor(text: string) {
    const model = await this.classifier();
    if (!model) return { ok: false as const, reason: '尚无已训练的分类模型（需要已梳理的意见作为训练数据）' };
    const result = suggest(model, text);
    const names = new Map((await q.categoryNames(this.deps.db)).map((c) => [c.key, c.name]));
    if (!result.ok) {
      const reason = result.reason.replace(/“([a-z_]+)”/g, (_m, k: string) => `“${names.get(k) ?? k}”`);
      return { ok: false as const, reason, modelVersion: model.version };
    }
    return {
      ok: true as const,
      modelVersion: model.version,
      suggestions: result.suggestions.map((s) => ({
        category: s.label,
        name: names.get(s.label) ?? s.label,
        score: s.score,
      })),
    };
  }

  /**
   * The categories for a text and the department the routing table gives the best one in the
   * region; recorded against the case when one is named (for the acceptance rate).
   */
  async suggestCategory(actor: Actor, input: { text: string; regionCode?: string; caseId?: string }) {
    const result = await this.categoriesFor(input.text);
    if (!result.ok) return result;
    const region = input.regionCode ?? actor.regionCode;
    const top = result.suggestions[0]!;
    const department = await q.routeCategory(this.deps.db, top.category, region);
    if (input.caseId) {
      await q.recordSuggestion(this.deps.db, {
        caseId: input.caseId,
        regionCode: region,
        modelVersion: result.modelVersion,
        suggestedKey: top.category,
        score: top.score,
        at: this.deps.now(),
      });
    }
    return { ...result, department };
  }
}
