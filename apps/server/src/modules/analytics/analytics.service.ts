import { normalizeMobile, shanghaiDate } from '@lianluo/domain';
import { assessReply, tsQuery } from '@lianluo/text';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { caseExists, caseVisibility, seesWholeRegion } from '../../core/policies/case-visibility.queries.ts';
import { denyOutOfScope, narrowScope } from '../../core/scope.ts';
import * as q from './analytics.queries.ts';
import type {
  AssessReplyBody,
  HotspotsQuery,
  SearchQuery,
  SimilarCasesBody,
  SuggestCategoryBody,
} from './analytics.schemas.ts';
import { CategoryClassifier } from './classifier.ts';
import { computeHotspots, type HotspotResult, readHotspots } from './hotspot-rollups.ts';
import { SimilarCases } from './similar-cases.ts';
import { PublicSimilar } from './similar-public.ts';

/**
 * Per-process state of the text services: the loaded model and the similarity indexes. Several
 * server processes each keep their own, rebuilt from the database, so nothing is shared but it.
 */
export class Insight {
  private readonly classifier: CategoryClassifier;
  private readonly similar: SimilarCases;
  private readonly publicSimilar: PublicSimilar;

  constructor(
    deps: Pick<Deps, 'db' | 'now'>,
    /** Cases read per query while the index is built (tests make it small). */
    indexPage?: number,
  ) {
    this.classifier = new CategoryClassifier(deps);
    this.similar = new SimilarCases(deps, indexPage);
    this.publicSimilar = new PublicSimilar(deps);
  }

  /** Trains a classifier on the deployment's triaged cases and makes it the active one (classifier.ts). */
  train(trigger: 'startup' | 'nightly' | 'admin', opts?: { unlessTrainedSince?: Date }) {
    return this.classifier.train(trigger, opts);
  }

  /** The nightly retraining: trains when due, else says why not (classifier.ts). */
  retrainIfDue() {
    return this.classifier.retrainIfDue();
  }

  /** The classifier's categories for a text, or why there are none. Records nothing. */
  categoriesFor(text: string) {
    return this.classifier.categoriesFor(text);
  }

  suggestCategory(actor: Actor, input: { text: string; regionCode?: string; caseId?: string }) {
    return this.classifier.suggestCategory(actor, input);
  }

  /** Builds the staff similarity index now (a starting server); returns the number of cases indexed. */
  warm() {
    return this.similar.warm();
  }

  /** Open cases like the text, within the caller's scope (similar-cases.ts). */
  findSimilar(actor: Actor, input: Parameters<SimilarCases['findSimilar']>[1]) {
    return this.similar.findSimilar(actor, input);
  }

  /** Board items and common-issue titles like the text, for the public form (similar-public.ts). */
  findSimilarPublic(input: { text: string; regionCode: string; limit?: number }) {
    return this.publicSimilar.findSimilarPublic(input);
  }
}

/** The row if the caller may see the case; else 404, audited when the case exists (someone tried a real id). */
async function visibleOr404<T>(deps: Deps, actor: Actor, id: string, row: T | undefined): Promise<T> {
  if (row) return row;
  if (await caseExists(deps.db, id)) await denyOutOfScope(deps, actor, 'case', id);
  throw new AppError('not_found');
}

/** The suggested category and department for a text; only a case the caller can see may have it recorded. */
export async function suggestCategory(deps: Deps, insight: Insight, actor: Actor, body: SuggestCategoryBody) {
  if (body.regionCode) await narrowScope(deps, actor, body.regionCode);
  if (body.caseId) {
    const visibility = caseVisibility(actor, actor.scope);
    await visibleOr404(deps, actor, body.caseId, await q.findVisibleCase(deps.db, body.caseId, visibility));
  }
  return insight.suggestCategory(actor, body);
}

/**
 * Similar open cases at intake. The same person is found by the blind index the cases table
 * stores, of the phone typed at intake or of the case being viewed (`excludeId`): the phone
 * itself goes no further than this function.
 */
export async function findSimilarCases(deps: Deps, insight: Insight, actor: Actor, input: SimilarCasesBody) {
  const { personPhone, ...body } = input;
  if (body.regionCode) await narrowScope(deps, actor, body.regionCode);
  let personPhoneIndex: string | null = null;
  if (body.excludeId) {
    const visibility = caseVisibility(actor, actor.scope);
    const own = await visibleOr404(
      deps,
      actor,
      body.excludeId,
      await q.casePhoneIndex(deps.db, body.excludeId, visibility),
    );
    personPhoneIndex = own.personPhoneIndex;
  }
  const phone = personPhone ? normalizeMobile(personPhone) : null;
  if (phone) personPhoneIndex = deps.crypto.blindIndex(phone);
  return insight.findSimilar(actor, { ...body, personPhoneIndex });
}

/**
 * Topics of the period (this month by default, at most a year) in the scope, compared with the
 * scope's own history. Roles that see their whole region read the rollup (hotspot-rollups.ts);
 * a role that sees only part of it is computed for itself, never from a rollup of cases it may
 * not see.
 */
export async function listHotspots(
  deps: Deps,
  actor: Actor,
  query: HotspotsQuery,
): Promise<HotspotResult & { from: string; to: string }> {
  const scope = await narrowScope(deps, actor, query.region);
  const today = shanghaiDate(deps.now());
  const from = query.from ?? `${today.slice(0, 8)}01`;
  const to = query.to ?? today;
  if (to < from) throw new AppError('validation', '结束日期不能早于开始日期');
  if (Date.parse(to) - Date.parse(from) > 366 * 86_400_000) {
    throw new AppError('validation', '统计期不能超过一年');
  }
  if (seesWholeRegion(actor.role)) {
    return { from, to, ...(await readHotspots(deps.db, scope, from, to, deps.now())) };
  }
  const { items } = await computeHotspots(deps.db, caseVisibility(actor, scope), from, to);
  return { from, to, items, asOf: deps.now() };
}

/** The quality checks of a draft reply to a case the caller can see (答复质量检查). */
export async function assessCaseReply(deps: Deps, actor: Actor, body: AssessReplyBody) {
  const visibility = caseVisibility(actor, actor.scope);
  const row = await visibleOr404(
    deps,
    actor,
    body.caseId,
    await q.findVisibleCase(deps.db, body.caseId, visibility),
  );
  const others = row.leadDepartmentId ? await q.recentReplies(deps.db, row.leadDepartmentId, row.id) : [];
  const referred = await q.referredAt(deps.db, row.id);
  return assessReply(`${row.title}\n${row.content}`, body.reply, {
    otherReplies: others,
    registeredAt: referred ?? undefined,
    repliedAt: deps.now(),
  });
}

/** Full-text search of the cases the caller may see; a query of no searchable words finds nothing. */
export async function searchCases(deps: Deps, actor: Actor, query: SearchQuery) {
  const scope = await narrowScope(deps, actor, query.region);
  const ts = tsQuery(query.q);
  if (!ts) return [];
  return q.searchCases(deps.db, caseVisibility(actor, scope), ts);
}

export function listModels(deps: Deps) {
  return q.listModels(deps.db);
}

/** Retrains now (an administrator); 409 while another process trains. */
export async function trainModel(insight: Insight) {
  const result = await insight.train('admin');
  if (!result) throw new AppError('conflict', '另一进程正在训练模型，请稍后再试');
  return result;
}
