import { countyCode, scopePrefix, shanghaiDate, startOfShanghaiDay } from '@lianluo/domain';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { caseExists, caseVisibility } from '../../core/policies/case-visibility.queries.ts';
import { denyOutOfScope, loadInScope, narrowScope } from '../../core/scope.ts';
import { caseActor } from '../cases/case-actor.ts';
import { categoryExists } from '../cases/cases.queries.ts';
import { createCommonIssue as insertCommonIssue, linkCase } from '../cases/facts.ts';
import * as q from './supervision.queries.ts';
import {
  type BoardQuery,
  type CommitmentsQuery,
  type CommonIssuesQuery,
  type CreateCommonIssueBody,
  DEFAULT_LIMIT,
  type NotificationsQuery,
  type SuggestDepartmentsQuery,
  type SupervisionQuery,
} from './supervision.schemas.ts';

/**
 * The month's supervision list (月度督办清单): cases under supervision or overdue that were open at
 * some time in the month (this month unless one is named).
 */
export async function listSupervision(deps: Deps, actor: Actor, query: SupervisionQuery) {
  const scope = await narrowScope(deps, actor, query.region);
  const month = query.month ?? shanghaiDate(deps.now()).slice(0, 7);
  const from = startOfShanghaiDay(`${month}-01`);
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const to = startOfShanghaiDay(next);
  const now = deps.now();
  const rows = await q.supervisedCases(deps.db, {
    visibility: caseVisibility(actor, scope),
    from,
    to,
    limit: query.limit ?? DEFAULT_LIMIT,
  });
  return { month, rows, now };
}

/**
 * The ledger of reply commitments (答复承诺事项) of the visible cases; a department handler sees
 * only its own department's.
 */
export async function listCommitments(deps: Deps, actor: Actor, query: CommitmentsQuery) {
  const scope = await narrowScope(deps, actor, query.region);
  const today = shanghaiDate(deps.now());
  const departmentId = actor.role === 'department_handler' ? (actor.departmentId ?? '') : query.department;
  const rows = await q.listCommitments(deps.db, {
    visibility: caseVisibility(actor, scope),
    departmentId,
    overdueBefore: query.overdue ? today : undefined,
    limit: query.limit ?? DEFAULT_LIMIT,
  });
  return { rows, today };
}

export async function listCommonIssues(deps: Deps, actor: Actor, query: CommonIssuesQuery) {
  const scope = await narrowScope(deps, actor, query.region);
  return q.listCommonIssues(deps.db, scope, query.limit ?? DEFAULT_LIMIT);
}

/**
 * Creates a common issue (共性问题) and links the named cases into it, in one transaction. Every
 * case must be visible to the caller: the first that is not answers 404 (audited when it exists),
 * and nothing is written.
 */
export async function createCommonIssue(deps: Deps, actor: Actor, body: CreateCommonIssueBody) {
  await narrowScope(deps, actor, body.regionCode);
  const regionCode = body.regionCode ?? actor.regionCode;
  const now = deps.now();
  const caseIds = body.caseIds ?? [];
  const visible = await q.visibleCaseIds(deps.db, caseIds, caseVisibility(actor, actor.scope));
  for (const id of caseIds) {
    if (!visible.has(id)) {
      if (await caseExists(deps.db, id)) await denyOutOfScope(deps, actor, 'case', id);
      throw new AppError('not_found');
    }
  }
  const issue = await deps.db.transaction(async (tx) => {
    const i = await insertCommonIssue(tx, { ...body, regionCode }, caseActor(actor), now);
    for (const id of caseIds) await linkCase(tx, id, i.id, caseActor(actor), now);
    return i;
  });
  return { issue, caseCount: body.caseIds?.length ?? 0 };
}

/** A common issue in the caller's scope, with its cases the caller may see. */
export async function getCommonIssue(deps: Deps, actor: Actor, id: string) {
  const issue = await loadInScope(deps, actor, 'common_issue', id, () => q.findCommonIssue(deps.db, id));
  const now = deps.now();
  const rows = await q.commonIssueCases(deps.db, id, caseVisibility(actor, actor.scope));
  return { issue, rows, now };
}

/** The staff view of the board (公示栏): published cases whose person consented. */
export async function listBoard(deps: Deps, actor: Actor, query: BoardQuery) {
  const scope = await narrowScope(deps, actor, query.region);
  return q.boardCases(deps.db, caseVisibility(actor, scope), query.limit ?? DEFAULT_LIMIT);
}

/**
 * The departments to refer a case of a category in a region to: the routing rules that cover the
 * region, longest prefix first, then the county's departments that declare the category; each
 * department once.
 */
export async function suggestDepartments(deps: Deps, actor: Actor, query: SuggestDepartmentsQuery) {
  await narrowScope(deps, actor, query.region);
  const region = query.region ?? actor.regionCode;
  if (!query.category) throw new AppError('validation', '请指定意见类别');
  if (!(await categoryExists(deps.db, query.category)))
    throw new AppError('validation', `未知的意见类别：${query.category}`);
  const rules = await q.routingRulesOf(deps.db, query.category);
  const matching = rules
    .filter((r) => region.startsWith(scopePrefix(r.regionCode)))
    .sort((a, b) => scopePrefix(b.regionCode).length - scopePrefix(a.regionCode).length);
  const answering = await q.departmentsAnswering(deps.db, query.category, countyCode(region));
  const seen = new Set<string>();
  const items = [
    ...matching.map((r) => ({ id: r.id, name: r.name, regionCode: r.deptRegion, source: 'routing' })),
    ...answering.map((r) => ({ ...r, source: 'category' })),
  ].filter((r) => {
    if (seen.has(r.id)) return false;
    seen.add(r.id);
    return true;
  });
  return { items };
}

/** The outbox (消息发件箱) in the caller's scope. */
export function listNotifications(deps: Deps, actor: Actor, query: NotificationsQuery) {
  return q.listNotifications(deps.db, {
    scope: actor.scope,
    status: query.status,
    caseId: query.caseId,
    limit: query.limit ?? DEFAULT_LIMIT,
  });
}
