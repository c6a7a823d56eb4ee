import { countyCode, LINKABLE_CASE_STATUSES, scopePrefix } from '@lianluo/domain';
import { extractPlaces, SimilarityIndex } from '@lianluo/text';
import type { Actor, Deps } from '../../core/context.ts';
import { caseVisibility, OPEN_STATUSES } from '../../core/policies/case-visibility.queries.ts';
import * as q from './analytics.queries.ts';

/** Cases read per query while the similarity index is built, and the longest it holds the event loop. */
const INDEX_PAGE = 500;
const INDEX_SLICE_MS = 25;
/** How far back similar-case search looks (时间窗口). */
const SIMILAR_WINDOW_DAYS = 180;
/** A person's other open cases listed at most at intake, however unlike their text. */
const SAME_PERSON_MAX = 3;
/** Statuses in which a case may still join a common issue (linkCase), as a set of plain strings. */
const LINKABLE: ReadonlySet<string> = new Set(LINKABLE_CASE_STATUSES);

/**
 * Hits of an index for the text in the same town first and then the county (each prefix
 * narrowed to `scope`), best score per document, marked with whether it was the town's.
 */
export function nearby(
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

/** The staff similarity index of one process: the cases of the window, added as they are registered. */
export class SimilarCases {
  private index = new SimilarityIndex();
  private indexedUntil: Date | null = null;
  private indexing: Promise<void> | null = null;

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'now'>,
    /** Cases read per query while the index is built (tests make it small). */
    private readonly indexPage = INDEX_PAGE,
  ) {}

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
    const hits = nearby(this.index, input.text, {
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
}
