import { countyCode, publicTextProblem, scopePrefix, shanghaiDate } from '@lianluo/domain';
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
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { caseVisibility, OPEN_STATUSES } from '../../core/policies/case-visibility.queries.ts';
import type { Db } from '../../db/client.ts';
import { textModels } from '../../db/schema/index.ts';

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
/** Cases read per query while the similarity index is built, and the longest it holds the event loop. */
const INDEX_PAGE = 500;
const INDEX_SLICE_MS = 25;
/** How far back similar-case search looks (时间窗口). */
const SIMILAR_WINDOW_DAYS = 180;
/** How far back the public form looks for board items and common issues (by publication). */
const PUBLIC_WINDOW_DAYS = 365;
/** The public index is brought up to date at most this often (the form asks while people type). */
const PUBLIC_SYNC_MS = 10_000;
/** A person's other open cases listed at most at intake, however unlike their text. */
const SAME_PERSON_MAX = 3;
/** The hour (Asia/Shanghai) from which the nightly retraining runs: after the day's triage, before the next. */
export const RETRAIN_HOUR = 2;

/** The latest RETRAIN_HOUR:00 (Asia/Shanghai) at or before `now`: a model trained since is tonight's. */
export function retrainMark(now: Date): Date {
  const at = Date.parse(`${shanghaiDate(now)}T${String(RETRAIN_HOUR).padStart(2, '0')}:00:00+08:00`);
  return new Date(at <= now.getTime() ? at : at - 86_400_000);
}

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
  private publicIndex = new SimilarityIndex();
  private publishedUntil: Date | null = null;
  /** publishedAt of each board item as indexed (a new approval re-indexes it). */
  private publishedStamp = new Map<string, number>();
  private issuesUntil: Date | null = null;
  private publicSyncedAt: Date | null = null;
  private publicIndexing: Promise<void> | null = null;

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'now'>,
    /** Cases read per query while the index is built (tests make it small). */
    private readonly indexPage = INDEX_PAGE,
  ) {}

  /** Trains a classifier on the deployment's triaged cases and makes it the active one. */
  async train(
    trigger: 'startup' | 'nightly' | 'admin',
    opts: { unlessTrainedSince?: Date } = {},
  ): Promise<{ version: string; samples: number } | null> {
    const db = this.deps.db;
    return db.transaction(async (tx) => {
      // One trainer at a time across processes; the others skip rather than queue.
      const got = await tx.execute(sql`select pg_try_advisory_xact_lock(7316001) as ok`);
      const ok = (got as unknown as { rows: { ok: boolean }[] }).rows[0]?.ok;
      if (!ok) return null;
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

  /**
   * Brings the similarity index up to date with cases registered since the last look. The first
   * time that is the whole window (10^5 cases: tens of seconds), so it reads the cases a page at
   * a time and hands the event loop back every INDEX_SLICE_MS: requests keep being served while
   * the index is built (a findSimilar meanwhile waits for it).
   */
  private async syncIndex(): Promise<void> {
    this.indexing ??= (async () => {
      const windowStart = new Date(this.deps.now().getTime() - SIMILAR_WINDOW_DAYS * 86_400_000);
      // Read back a minute before the newest case seen: a case stamped earlier may have committed
      // later (a slow transaction, or another process). Each case is added once.
      const since = this.indexedUntil ? new Date(this.indexedUntil.getTime() - 60_000) : windowStart;
      let after: { at: Date; id: string } | null = null;
      for (;;) {
        const rows = await q.casesSince(this.deps.db, since, after, this.indexPage);
        let slice = performance.now();
        for (const r of rows) {
          if (!this.index.has(r.id)) {
            this.index.add({
              id: r.id,
              text: `${r.title}\n${r.content}`,
              regionCode: r.regionCode,
              at: r.registeredAt,
            });
          }
          if (!this.indexedUntil || r.registeredAt > this.indexedUntil) this.indexedUntil = r.registeredAt;
          if (performance.now() - slice > INDEX_SLICE_MS) {
            await new Promise((resolve) => setImmediate(resolve));
            slice = performance.now();
          }
        }
        const last = rows.at(-1);
        if (!last || rows.length < this.indexPage) break;
        after = { at: last.registeredAt, id: last.id };
      }
      this.indexedUntil ??= windowStart;
    })().finally(() => {
      this.indexing = null;
    });
    await this.indexing;
  }

  /**
   * Builds the similarity index now, in the background of a starting server, so that the first
   * findSimilar does not pay for it; then computes its document norms (the first query's cost),
   * in steps too.
   * Returns the number of cases indexed.
   */
  async warm(): Promise<number> {
    await this.syncIndex();
    const steps = this.index.refreshNormsInSteps();
    while (!steps.next().done) await new Promise((resolve) => setImmediate(resolve));
    return this.index.size;
  }

  /**
   * Hits of an index for the text in the same town first and then the county (each prefix
   * narrowed to `scope`), best score per document, marked with whether it was the town's.
   */
  private nearby(
    index: SimilarityIndex,
    text: string,
    o: { region: string; scope: string; since: Date; excludeId?: string; limit: number },
  ) {
    const narrowest = (a: string, b: string) => (a.length >= b.length ? a : b);
    const townPrefix = narrowest(scopePrefix(o.region).slice(0, 9), o.scope);
    const countyPrefix = narrowest(countyCode(o.region), o.scope);
    const hits = new Map<string, ReturnType<SimilarityIndex['query']>[number] & { sameTown: boolean }>();
    for (const [prefix, sameTown] of [
      [townPrefix, true],
      [countyPrefix, false],
    ] as const) {
      for (const h of index.query(text, {
        regionPrefix: prefix,
        since: o.since,
        excludeId: o.excludeId,
        limit: o.limit * 3,
      })) {
        if (!hits.has(h.id)) hits.set(h.id, { ...h, sameTown });
      }
    }
    return hits;
  }

  /**
   * Open cases like the text, in the same town first and then the county, never outside the
   * caller's scope; each with the shared key terms and places as the reason. Given the blind index
   * of the person's phone (never the phone), that person's other open cases of the window in the
   * county are flagged `samePerson` and listed (up to SAME_PERSON_MAX) however unlike their text.
   */
  async findSimilar(
    actor: Actor,
    input: {
      text: string;
      regionCode?: string;
      excludeId?: string;
      limit?: number;
      personPhoneIndex?: string | null;
    },
  ) {
    await this.syncIndex();
    const region = input.regionCode ?? actor.regionCode;
    const since = new Date(this.deps.now().getTime() - SIMILAR_WINDOW_DAYS * 86_400_000);
    const limit = input.limit ?? 10;
    const hits = this.nearby(this.index, input.text, {
      region,
      scope: actor.scope,
      since,
      excludeId: input.excludeId,
      limit,
    });
    const visibility = caseVisibility(actor, actor.scope);
    const samePerson = new Set<string>();
    if (input.personPhoneIndex) {
      const county = countyCode(region);
      const ids = await q.samePersonCases(this.deps.db, {
        phoneIndex: input.personPhoneIndex,
        since,
        regionPrefix: county.length >= actor.scope.length ? county : actor.scope,
        visibility,
        excludeId: input.excludeId,
        limit: SAME_PERSON_MAX,
      });
      for (const id of ids) samePerson.add(id);
      // Scored as the search would have, had they been among its best.
      const unseen = ids.filter((id) => !hits.has(id));
      const scored = new Map(this.index.scoreDocs(input.text, unseen).map((h) => [h.id, h]));
      for (const id of unseen) {
        const h = scored.get(id) ?? { id, score: 0, sharedTerms: [], duplicate: null };
        hits.set(id, { ...h, sameTown: false });
      }
    }
    const townPrefix = scopePrefix(region).slice(0, 9);
    const rows = await q.casesByIds(this.deps.db, [...hits.keys()], visibility);
    const queryPlaces = new Set(extractPlaces(input.text));
    const all = rows
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
          sameTown: h.sameTown || r.regionCode.startsWith(townPrefix),
          duplicate: h.duplicate,
          samePerson: samePerson.has(r.id),
          commonIssue: r.commonIssueId
            ? { id: r.commonIssueId, title: r.commonIssueTitle ?? '', caseCount: r.commonIssueSize ?? 0 }
            : null,
          // Only a case not yet referred can join a common issue (linkCase).
          linkable: LINKABLE.has(r.status),
        };
      })
      .sort((a, b) => b.score - a.score);
    // The person's own cases first claim their places, then the most similar of the rest.
    const mine = all.filter((i) => i.samePerson).slice(0, limit);
    const items = [...mine, ...all.filter((i) => !i.samePerson).slice(0, limit - mine.length)].sort(
      (a, b) => b.score - a.score,
    );
    return { items, issues: commonIssuesOf(items) };
  }

  /**
   * The public index holds only what is already public: the approved public text of board items
   * (not the title typed at intake, which staff never approved) and common-issue titles. Never a
   * case's own content: a match against it would let anyone probe whether a published case
   * mentions a name or a phone.
   * Synced at most every PUBLIC_SYNC_MS, as published items and issues arrive.
   */
  private async syncPublicIndex(): Promise<void> {
    const now = this.deps.now();
    if (this.publicSyncedAt && now.getTime() - this.publicSyncedAt.getTime() < PUBLIC_SYNC_MS) return;
    this.publicIndexing ??= (async () => {
      const windowStart = new Date(now.getTime() - PUBLIC_WINDOW_DAYS * 86_400_000);
      // Read back a minute before the newest row seen: a row stamped earlier may have committed
      // later (or on another process). Re-adding a document replaces it.
      const since = (d: Date | null) => (d ? new Date(d.getTime() - 60_000) : windowStart);
      const published = await q.publishedSince(this.deps.db, since(this.publishedUntil));
      for (const r of published) {
        const stamp = r.publishedAt.getTime();
        // Only new or re-approved text: re-adding leaves a tombstone that skews term weights.
        if (this.publishedStamp.get(r.id) === stamp) continue;
        this.publishedStamp.set(r.id, stamp);
        this.publicIndex.add({
          id: `case:${r.id}`,
          text: r.publicText ?? '',
          regionCode: r.regionCode,
          at: r.publishedAt,
        });
        if (!this.publishedUntil || r.publishedAt > this.publishedUntil) this.publishedUntil = r.publishedAt;
      }
      const issues = await q.commonIssuesSince(this.deps.db, since(this.issuesUntil));
      for (const r of issues) {
        if (!publicTextProblem(r.title) && !this.publicIndex.has(`issue:${r.id}`))
          this.publicIndex.add({
            id: `issue:${r.id}`,
            text: r.title,
            regionCode: r.regionCode,
            at: r.createdAt,
          });
        if (!this.issuesUntil || r.createdAt > this.issuesUntil) this.issuesUntil = r.createdAt;
      }
      this.publicSyncedAt = now;
    })().finally(() => {
      this.publicIndexing = null;
    });
    await this.publicIndexing;
  }

  /**
   * For the public raise-an-opinion form: board items (approved, consented, not withdrawn) and
   * common-issue titles like the text in the station's town first, then its county, each with a
   * score and the key terms shared with the approved text. Only public columns are read: the
   * queries themselves filter to published rows and select no name, phone, address or content.
   */
  async findSimilarPublic(input: { text: string; regionCode: string; limit?: number }) {
    await this.syncPublicIndex();
    const limit = input.limit ?? 5;
    const since = new Date(this.deps.now().getTime() - PUBLIC_WINDOW_DAYS * 86_400_000);
    const hits = this.nearby(this.publicIndex, input.text, {
      region: input.regionCode,
      scope: countyCode(input.regionCode),
      since,
      limit,
    });
    const ids = (kind: string) =>
      [...hits.keys()].filter((k) => k.startsWith(`${kind}:`)).map((k) => k.slice(kind.length + 1));
    const [rows, issueRows] = await Promise.all([
      q.publishedByIds(this.deps.db, ids('case')),
      q.issuesByIds(this.deps.db, ids('issue')),
    ]);
    const queryPlaces = new Set(extractPlaces(input.text));
    const reason = (key: string) => {
      const h = hits.get(key)!;
      return {
        score: Math.round(h.score * 1000) / 1000,
        sharedTerms: h.sharedTerms.slice(0, 5),
        sameTown: h.sameTown,
      };
    };
    const items = rows
      .map((r) => {
        return {
          number: r.number,
          publicText: r.publicText ?? '',
          status: r.status,
          replyKind: r.replyKind,
          categoryName: r.categoryName,
          stationId: r.stationId,
          stationName: r.stationName,
          publishedAt: r.publishedAt!.toISOString(),
          places: extractPlaces(r.publicText ?? '').filter((p) => queryPlaces.has(p)),
          ...reason(`case:${r.id}`),
        };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
    const issues = issueRows
      .filter((r) => !publicTextProblem(r.title))
      .map((r) => ({ title: r.title, caseCount: r.caseCount, ...reason(`issue:${r.id}`) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
    return { items, issues };
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
