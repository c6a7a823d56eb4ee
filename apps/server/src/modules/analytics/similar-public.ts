import { countyCode, publicTextProblem } from '@lianluo/domain';
import { extractPlaces, SimilarityIndex } from '@lianluo/text';
import type { Deps } from '../../core/context.ts';
import * as q from './analytics.queries.ts';
import { nearby } from './similar-cases.ts';

/** How far back the public form looks for board items and common issues (by publication). */
const PUBLIC_WINDOW_DAYS = 365;
/** The public index is brought up to date at most this often (the form asks while people type). */
const PUBLIC_SYNC_MS = 10_000;

/**
 * The public similarity index of one process. It holds only what is already public: the approved
 * public text of board items (not the title typed at intake, which staff never approved) and
 * common-issue titles. Never a case's own content: a match against it would let anyone probe
 * whether a published case mentions a name or a phone.
 */
export class PublicSimilar {
  private publicIndex = new SimilarityIndex();
  private publishedUntil: Date | null = null;
  /** publishedAt of each board item as indexed (a new approval re-indexes it). */
  private publishedStamp = new Map<string, number>();
  private issuesUntil: Date | null = null;
  private publicSyncedAt: Date | null = null;
  private publicIndexing: Promise<void> | null = null;

  constructor(private readonly deps: Pick<Deps, 'db' | 'now'>) {}

  /** Synced at most every PUBLIC_SYNC_MS, as published items and issues arrive. */
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
    const hits = nearby(this.publicIndex, input.text, {
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
}
