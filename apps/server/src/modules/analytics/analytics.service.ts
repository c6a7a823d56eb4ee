import { countyCode, scopePrefix, shanghaiDate } from '@lianluo/domain';
import {
  assessReply,
  extractPlaces,
  findHotspots,
  loadClassifier,
  type SerializedModel,
  SimilarityIndex,
  suggest,
  type TextClassifier,
  TextModelError,
  trainClassifier,
} from '@lianluo/text';
import { sql } from 'drizzle-orm';
import type { Actor, Deps } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { textModels } from '../../db/schema/index.ts';
import { AppError } from '../../http/problems.ts';
import { caseVisibility, OPEN_STATUSES } from '../cases/cases.queries.ts';
import * as q from './analytics.queries.ts';

/** Most recent triaged cases a model is trained on (bounded so training stays in seconds). */
const TRAINING_LIMIT = 20_000;
/** How far back similar-case search looks (时间窗口). */
const SIMILAR_WINDOW_DAYS = 180;
/** A model older than this is retrained by the nightly check. */
const RETRAIN_AFTER_MS = 24 * 3_600_000;

/**
 * Per-process state of the text services: the loaded model and the similarity index. Several
 * server processes each keep their own, rebuilt from the database, so nothing is shared but it.
 */
export class Insight {
  private model: TextClassifier | null = null;
  private modelLoadedAt = 0;
  private index = new SimilarityIndex();
  private indexedUntil: Date | null = null;
  private indexing: Promise<void> | null = null;

  constructor(private readonly deps: Pick<Deps, 'db' | 'now'>) {}

  /** Trains a classifier on the deployment's triaged cases and makes it the active one. */
  async train(
    trigger: 'startup' | 'nightly' | 'admin',
  ): Promise<{ version: string; samples: number } | null> {
    const db = this.deps.db;
    return db.transaction(async (tx) => {
      // One trainer at a time across processes; the others skip rather than queue.
      const got = await tx.execute(sql`select pg_try_advisory_xact_lock(7316001) as ok`);
      const ok = (got as unknown as { rows: { ok: boolean }[] }).rows[0]?.ok;
      if (!ok) return null;
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
      await tx
        .insert(textModels)
        .values({
          version: json.version,
          trainedAt: new Date(json.trainedAt),
          samples: samples.length,
          perClass: json.stats.perClass,
          model: json,
          trigger,
        })
        .onConflictDoNothing();
      this.model = model;
      this.modelLoadedAt = Date.now();
      return { version: json.version, samples: samples.length };
    });
  }

  /** The active model, reloaded from the database at most once a minute (another process may retrain). */
  async classifier(): Promise<TextClassifier | null> {
    if (this.model && Date.now() - this.modelLoadedAt < 60_000) return this.model;
    const row = await q.latestModel(this.deps.db);
    if (row && row.version !== this.model?.version) this.model = loadClassifier(row.model as SerializedModel);
    this.modelLoadedAt = Date.now();
    return this.model;
  }

  /** Retrains when there is no model or it is older than a day; called from a timer. */
  async retrainIfStale(): Promise<void> {
    const row = await q.latestModel(this.deps.db);
    if (row && this.deps.now().getTime() - row.trainedAt.getTime() < RETRAIN_AFTER_MS) return;
    await this.train(row ? 'nightly' : 'startup').catch(() => null);
  }

  async suggestCategory(actor: Actor, input: { text: string; regionCode?: string; caseId?: string }) {
    const model = await this.classifier();
    if (!model) return { ok: false as const, reason: '尚无已训练的分类模型（需要已梳理的意见作为训练数据）' };
    const result = suggest(model, input.text);
    if (!result.ok) return { ok: false as const, reason: result.reason, modelVersion: model.version };
    const names = new Map((await q.categoryNames(this.deps.db)).map((c) => [c.key, c.name]));
    const region = input.regionCode ?? actor.regionCode;
    const top = result.suggestions[0]!;
    const department = await q.routeCategory(this.deps.db, top.label, region);
    if (input.caseId) {
      await q.recordSuggestion(this.deps.db, {
        caseId: input.caseId,
        regionCode: region,
        modelVersion: model.version,
        suggestedKey: top.label,
        score: top.score,
        at: this.deps.now(),
      });
    }
    return {
      ok: true as const,
      modelVersion: model.version,
      suggestions: result.suggestions.map((s) => ({
        category: s.label,
        name: names.get(s.label) ?? s.label,
        score: s.score,
      })),
      department,
    };
  }

  /** Brings the similarity index up to date with cases registered since the last look. */
  private async syncIndex(): Promise<void> {
    this.indexing ??= (async () => {
      const windowStart = new Date(this.deps.now().getTime() - SIMILAR_WINDOW_DAYS * 86_400_000);
      const since = this.indexedUntil ?? windowStart;
      const rows = await q.casesSince(this.deps.db, since);
      for (const r of rows) {
        this.index.add({
          id: r.id,
          text: `${r.title}\n${r.content}`,
          regionCode: r.regionCode,
          at: r.registeredAt,
        });
        if (!this.indexedUntil || r.registeredAt > this.indexedUntil) this.indexedUntil = r.registeredAt;
      }
      this.indexedUntil ??= windowStart;
    })().finally(() => {
      this.indexing = null;
    });
    await this.indexing;
  }

  /**
   * Open cases like the text, in the same town first and then the county, never outside the
   * caller's scope; each with the shared key terms and places as the reason.
   */
  async findSimilar(
    actor: Actor,
    input: { text: string; regionCode?: string; excludeId?: string; limit?: number },
  ) {
    await this.syncIndex();
    const region = input.regionCode ?? actor.regionCode;
    const since = new Date(this.deps.now().getTime() - SIMILAR_WINDOW_DAYS * 86_400_000);
    const limit = input.limit ?? 10;
    const narrowest = (a: string, b: string) => (a.length >= b.length ? a : b);
    const townPrefix = narrowest(scopePrefix(region).slice(0, 9), actor.scope);
    const countyPrefix = narrowest(countyCode(region), actor.scope);
    const hits = new Map<string, ReturnType<SimilarityIndex['query']>[number] & { sameTown: boolean }>();
    for (const [prefix, sameTown] of [
      [townPrefix, true],
      [countyPrefix, false],
    ] as const) {
      for (const h of this.index.query(input.text, {
        regionPrefix: prefix,
        since,
        excludeId: input.excludeId,
        limit: limit * 3,
      })) {
        if (!hits.has(h.id)) hits.set(h.id, { ...h, sameTown });
      }
    }
    const rows = await q.casesByIds(this.deps.db, [...hits.keys()], caseVisibility(actor, actor.scope));
    const queryPlaces = new Set(extractPlaces(input.text));
    return rows
      .filter((r) => OPEN_STATUSES.includes(r.status) || hits.get(r.id)!.duplicate)
      .map((r) => {
        const h = hits.get(r.id)!;
        const places = extractPlaces(r.title).filter((p) => queryPlaces.has(p));
        return {
          id: r.id,
          number: r.number,
          title: r.title,
          status: r.status,
          stationName: r.stationName,
          regionCode: r.regionCode,
          registeredAt: r.registeredAt.toISOString(),
          score: Math.round(h.score * 1000) / 1000,
          sharedTerms: h.sharedTerms.slice(0, 8),
          places,
          sameTown: h.sameTown,
          duplicate: h.duplicate,
        };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }

  /** Topics of the period in the scope, compared with the scope's own history. */
  async hotspots(actor: Actor, scope: string, from: Date, to: Date) {
    const historyStart = new Date(from.getTime() - 180 * 86_400_000);
    const rows = await q.casesInPeriod(this.deps.db, caseVisibility(actor, scope), historyStart, to);
    const found = findHotspots(
      rows.map((r) => ({ id: r.id, text: `${r.title}\n${r.content}`, at: r.at, regionCode: r.regionCode })),
      { periodStart: from, periodEnd: to, historyStart, minClusterSize: 3 },
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return found.map((h) => {
      const rep = byId.get(h.representativeId);
      // Daily counts over the period for the trend line (Asia/Shanghai days).
      const daily = new Map<string, number>();
      for (const id of h.ids) {
        const at = byId.get(id)?.at;
        if (at && at >= from) daily.set(shanghaiDate(at), (daily.get(shanghaiDate(at)) ?? 0) + 1);
      }
      return {
        label: h.label,
        keyTerms: h.keyTerms,
        representative: rep ? { id: rep.id, title: rep.title } : null,
        count: h.count,
        growth: h.growth,
        places: h.places,
        likes: h.likes,
        heat: h.heat,
        warning: h.warning,
        historyMean: h.history.mean,
        caseIds: h.ids.slice(-50),
        daily: [...daily.entries()].sort().map(([date, count]) => ({ date, count })),
      };
    });
  }

  async assess(
    caseRow: { id: string; title: string; content: string; leadDepartmentId: string | null },
    reply: {
      kind?: 'resolved' | 'will_resolve' | 'cannot_resolve' | 'explained';
      text: string;
      committedDate?: string;
    },
  ) {
    const db: Db = this.deps.db;
    const others = caseRow.leadDepartmentId
      ? await q.recentReplies(db, caseRow.leadDepartmentId, caseRow.id)
      : [];
    const referred = await q.referredAt(db, caseRow.id);
    return assessReply(`${caseRow.title}\n${caseRow.content}`, reply, {
      otherReplies: others,
      registeredAt: referred ?? undefined,
      repliedAt: this.deps.now(),
    });
  }
}
