import { countyCode, scopePrefix } from '@lianluo/domain';
import {
  assessReply,
  extractPlaces,
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
import { computeHotspots, type HotspotResult, readHotspots } from './hotspot-rollups.ts';

/** Statuses in which a case may still be linked into a common issue (see linkCase). */
const LINKABLE = new Set(['registered', 'triaged', 'reopened']);

/**
 * The common issues among the similar cases, best first: an issue scores as its most similar
 * member, with the key terms its members share with the text.
 */
function commonIssuesOf(
  items: {
    score: number;
    sharedTerms: string[];
    commonIssue: { id: string; title: string; caseCount: number } | null;
  }[],
) {
  const byId = new Map<
    string,
    { id: string; title: string; caseCount: number; score: number; sharedTerms: string[] }
  >();
  for (const i of items) {
    if (!i.commonIssue) continue;
    const seen = byId.get(i.commonIssue.id);
    if (!seen)
      byId.set(i.commonIssue.id, { ...i.commonIssue, score: i.score, sharedTerms: [...i.sharedTerms] });
    else {
      seen.score = Math.max(seen.score, i.score);
      for (const t of i.sharedTerms) if (!seen.sharedTerms.includes(t)) seen.sharedTerms.push(t);
    }
  }
  return [...byId.values()]
    .sort((a, b) => b.score - a.score)
    .map((x) => ({ ...x, sharedTerms: x.sharedTerms.slice(0, 8) }));
}

/** Roles whose case visibility is their region and nothing narrower (see caseVisibility). */
const REGION_WIDE_ROLES = new Set<Actor['role']>(['admin', 'county_office', 'town_office']);

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
    const items = rows
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
          commonIssue: r.commonIssueId
            ? { id: r.commonIssueId, title: r.commonIssueTitle ?? '', caseCount: r.commonIssueSize ?? 0 }
            : null,
          // Only a case not yet referred can join a common issue (linkCase).
          linkable: LINKABLE.has(r.status),
        };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
    return { items, issues: commonIssuesOf(items) };
  }

  /**
   * Topics of the period in the scope, compared with the scope's own history. Roles that see
   * their whole region read the rollup (hotspot-rollups.ts); a role that sees only part of it
   * would be computed for itself, never from a rollup of cases it may not see.
   */
  async hotspots(actor: Actor, scope: string, fromDate: string, toDate: string): Promise<HotspotResult> {
    if (REGION_WIDE_ROLES.has(actor.role)) {
      return readHotspots(this.deps.db, scope, fromDate, toDate, this.deps.now());
    }
    const { items } = await computeHotspots(this.deps.db, caseVisibility(actor, scope), fromDate, toDate);
    return { items, asOf: this.deps.now() };
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
