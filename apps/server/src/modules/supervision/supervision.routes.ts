import { countyCode, scopePrefix, shanghaiDate, startOfShanghaiDay } from '@lianluo/domain';
import { Type } from '@sinclair/typebox';
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { caseVisibility } from '../../core/policies/case-visibility.queries.ts';
import { denyOutOfScope, narrowScope } from '../../core/scope.ts';
import type { Db } from '../../db/client.ts';
import {
  cases,
  categories,
  commitments,
  commonIssues,
  departmentCategories,
  departments,
  notifications,
  routingRules,
  stations,
} from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams, RegionQuery } from '../../http/pagination.ts';
import { presentItem } from '../cases/cases.presenter.ts';
import * as q from '../cases/cases.queries.ts';
import { CaseItem } from '../cases/cases.schemas.ts';
import { caseActor, createCommonIssue, linkCase } from '../cases/cases.service.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 }));

function selectCases(db: Db) {
  return db
    .select({
      ...q.listColumns,
      supervision: cases.supervision,
      supervisedAt: cases.supervisedAt,
      overdueAt: cases.overdueAt,
      escalatedTo: cases.escalatedTo,
      publicText: cases.publicText,
      publishedAt: cases.publishedAt,
      personNameMasked: cases.personNameMasked,
      commonIssueId: cases.commonIssueId,
    })
    .from(cases)
    .leftJoin(categories, eq(categories.key, cases.categoryKey))
    .leftJoin(stations, eq(stations.id, cases.stationId))
    .leftJoin(departments, eq(departments.id, cases.leadDepartmentId));
}

/** Supervision, commitments, common issues, the board, routing and the outbox. */
export const supervisionRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/supervision',
    {
      config: { permission: 'cases.supervise' },
      schema: {
        operationId: 'listSupervision',
        tags: ['supervision'],
        summary: '月度督办清单：督办、重点督办和超期件',
        querystring: Type.Object(
          {
            month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })),
            region: RegionQuery,
            limit: Limit,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            month: Type.String(),
            items: Type.Array(
              Type.Intersect([
                CaseItem,
                Type.Object({
                  supervision: Type.String(),
                  supervisedAt: Nullable(Type.String({ format: 'date-time' })),
                  overdueAt: Nullable(Type.String({ format: 'date-time' })),
                  escalatedTo: Nullable(Type.String()),
                }),
              ]),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query as { month?: string; region?: string; limit: number };
      const scope = await narrowScope(deps, actor, query.region);
      query.month ??= shanghaiDate(deps.now()).slice(0, 7);
      const from = startOfShanghaiDay(`${query.month}-01`);
      const [y, m] = query.month.split('-').map(Number) as [number, number];
      const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
      const to = startOfShanghaiDay(next);
      const now = deps.now();
      const rows = await selectCases(deps.db)
        .where(
          and(
            caseVisibility(actor, scope),
            // Matches the partial index cases_supervision_idx.
            sql`(${cases.supervision} <> 'none' or ${cases.overdueAt} is not null)`,
            lt(cases.registeredAt, to),
            or(isNull(cases.closedAt), gte(cases.closedAt, from)),
          ),
        )
        .orderBy(desc(cases.supervision), asc(cases.registeredAt))
        .limit(query.limit);
      return {
        month: query.month,
        items: rows.map((r) => ({
          ...presentItem(r, now),
          supervision: r.supervision,
          supervisedAt: r.supervisedAt?.toISOString() ?? null,
          overdueAt: r.overdueAt?.toISOString() ?? null,
          escalatedTo: r.escalatedTo,
        })),
      };
    },
  );

  app.get(
    '/commitments',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'listCommitments',
        tags: ['supervision'],
        summary: '答复承诺事项台账',
        querystring: Type.Object(
          {
            overdue: Type.Optional(Type.Boolean()),
            department: Type.Optional(Type.String({ format: 'uuid' })),
            region: RegionQuery,
            limit: Limit,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                caseId: Type.String(),
                caseNumber: Type.String(),
                title: Type.String(),
                departmentId: Nullable(Type.String()),
                departmentName: Nullable(Type.String()),
                measures: Type.String(),
                committedDate: Type.String(),
                status: Type.String(),
                overdue: Type.Boolean(),
                revisitedAt: Nullable(Type.String({ format: 'date-time' })),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query as {
        overdue?: boolean;
        department?: string;
        region?: string;
        limit: number;
      };
      const scope = await narrowScope(deps, actor, query.region);
      const today = shanghaiDate(deps.now());
      const dept = actor.role === 'department_handler' ? (actor.departmentId ?? '') : query.department;
      const rows = await deps.db
        .select({
          id: commitments.id,
          caseId: commitments.caseId,
          caseNumber: cases.number,
          title: cases.title,
          departmentId: commitments.departmentId,
          departmentName: departments.name,
          measures: commitments.measures,
          committedDate: commitments.committedDate,
          status: commitments.status,
          revisitedAt: commitments.revisitedAt,
        })
        .from(commitments)
        .innerJoin(cases, eq(cases.id, commitments.caseId))
        .leftJoin(departments, eq(departments.id, commitments.departmentId))
        .where(
          and(
            caseVisibility(actor, scope),
            ne(commitments.status, 'superseded'),
            dept ? eq(commitments.departmentId, dept) : undefined,
            query.overdue
              ? and(inArray(commitments.status, ['pending', 'due']), lt(commitments.committedDate, today))
              : undefined,
          ),
        )
        .orderBy(asc(commitments.committedDate))
        .limit(query.limit);
      return {
        items: rows.map((r) => ({
          ...r,
          overdue: r.status !== 'fulfilled' && r.committedDate < today,
          revisitedAt: r.revisitedAt?.toISOString() ?? null,
        })),
      };
    },
  );

  const IssueItem = Type.Object({
    id: Type.String(),
    regionCode: Type.String(),
    title: Type.String(),
    summary: Type.String(),
    categoryKey: Nullable(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    caseCount: Type.Integer(),
  });

  app.get(
    '/common-issues',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'listCommonIssues',
        tags: ['cases'],
        summary: '共性问题列表',
        querystring: Type.Object({ region: RegionQuery, limit: Limit }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(IssueItem) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query as { region?: string; limit: number };
      const scope = await narrowScope(deps, actor, query.region);
      const rows = await deps.db
        .select({
          id: commonIssues.id,
          regionCode: commonIssues.regionCode,
          title: commonIssues.title,
          summary: commonIssues.summary,
          categoryKey: commonIssues.categoryKey,
          createdAt: commonIssues.createdAt,
          caseCount: sql<number>`(select count(*)::int from ${cases} where ${cases.commonIssueId} = ${commonIssues.id})`,
        })
        .from(commonIssues)
        .where(scopeWhere(commonIssues.regionCode, scope))
        .orderBy(desc(commonIssues.createdAt))
        .limit(query.limit);
      return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })) };
    },
  );

  app.post(
    '/common-issues',
    {
      config: { permission: 'cases.triage' },
      schema: {
        operationId: 'createCommonIssue',
        tags: ['cases'],
        summary: '建立共性问题并关联意见',
        body: Type.Object(
          {
            regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
            title: Type.String({ minLength: 1, maxLength: 200 }),
            summary: Type.Optional(Type.String({ maxLength: 5000 })),
            categoryKey: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z_]+$' })),
            caseIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: IssueItem },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const body = request.body as {
        regionCode?: string;
        title: string;
        summary?: string;
        categoryKey?: string;
        caseIds?: string[];
      };
      await narrowScope(deps, actor, body.regionCode);
      const regionCode = body.regionCode ?? actor.regionCode;
      const now = deps.now();
      for (const id of body.caseIds ?? []) {
        if (!(await q.findCase(deps.db, id, caseVisibility(actor, actor.scope)))) {
          if (await q.caseRegion(deps.db, id)) await denyOutOfScope(deps, actor, 'case', id);
          throw new AppError('not_found');
        }
      }
      const issue = await deps.db.transaction(async (tx) => {
        const i = await createCommonIssue(
          tx as unknown as Db,
          { ...body, regionCode },
          caseActor(actor),
          now,
        );
        for (const id of body.caseIds ?? [])
          await linkCase(tx as unknown as Db, id, i.id, caseActor(actor), now);
        return i;
      });
      return { ...issue, createdAt: issue.createdAt.toISOString(), caseCount: body.caseIds?.length ?? 0 };
    },
  );

  app.get(
    '/common-issues/:id',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'getCommonIssue',
        tags: ['cases'],
        summary: '共性问题详情与所含意见',
        params: IdParams,
        response: { 200: Type.Intersect([IssueItem, Type.Object({ cases: Type.Array(CaseItem) })]) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params as { id: string };
      const issue = await q.findCommonIssue(deps.db, id);
      if (!issue) throw new AppError('not_found');
      if (!issue.regionCode.startsWith(actor.scope)) {
        await denyOutOfScope(deps, actor, 'common_issue', id);
        throw new AppError('not_found');
      }
      const now = deps.now();
      const rows = await selectCases(deps.db).where(
        and(eq(cases.commonIssueId, id), caseVisibility(actor, actor.scope)),
      );
      return {
        ...issue,
        createdAt: issue.createdAt.toISOString(),
        caseCount: rows.length,
        cases: rows.map((r) => presentItem(r, now)),
      };
    },
  );

  app.get(
    '/board',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'listBoard',
        tags: ['board'],
        summary: '公示栏（工作人员视图）：已审核公示的意见',
        querystring: Type.Object({ region: RegionQuery, limit: Limit }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                number: Type.String(),
                regionCode: Type.String(),
                title: Type.String(),
                status: Type.String(),
                stationName: Nullable(Type.String()),
                personName: Nullable(Type.String()),
                publicText: Type.String(),
                publishedAt: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query as { region?: string; limit: number };
      const scope = await narrowScope(deps, actor, query.region);
      const rows = await selectCases(deps.db)
        .where(
          and(caseVisibility(actor, scope), isNotNull(cases.publishedAt), eq(cases.consentPublish, true)),
        )
        .orderBy(desc(cases.publishedAt))
        .limit(query.limit);
      return {
        items: rows.map((r) => ({
          id: r.id,
          number: r.number,
          regionCode: r.regionCode,
          title: r.title,
          status: r.status,
          stationName: r.stationName,
          personName: r.personNameMasked,
          publicText: r.publicText ?? '',
          publishedAt: r.publishedAt!.toISOString(),
        })),
      };
    },
  );

  app.get(
    '/departments/suggest',
    {
      config: { permission: 'departments.read' },
      schema: {
        operationId: 'suggestDepartments',
        tags: ['departments'],
        summary: '按类别和区域建议承办单位（路由表，最长前缀优先）',
        querystring: Type.Object(
          {
            category: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z_]+$' })),
            region: RegionQuery,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Type.String(),
                regionCode: Type.String(),
                source: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query as { category?: string; region?: string };
      await narrowScope(deps, actor, query.region);
      query.region ??= actor.regionCode;
      if (!query.category) throw new AppError('validation', '请指定意见类别');
      const [cat] = await deps.db.select().from(categories).where(eq(categories.key, query.category));
      if (!cat) throw new AppError('validation', `未知的意见类别：${query.category}`);
      const rules = await deps.db
        .select({
          id: departments.id,
          name: departments.name,
          regionCode: routingRules.regionCode,
          deptRegion: departments.regionCode,
        })
        .from(routingRules)
        .innerJoin(departments, eq(departments.id, routingRules.departmentId))
        .where(eq(routingRules.categoryKey, query.category));
      const region = query.region;
      const matching = rules
        .filter((r) => region.startsWith(scopePrefix(r.regionCode)))
        .sort((a, b) => scopePrefix(b.regionCode).length - scopePrefix(a.regionCode).length);
      const answering = await deps.db
        .select({ id: departments.id, name: departments.name, regionCode: departments.regionCode })
        .from(departmentCategories)
        .innerJoin(departments, eq(departments.id, departmentCategories.departmentId))
        .where(
          and(
            eq(departmentCategories.categoryKey, query.category),
            scopeWhere(departments.regionCode, countyCode(region)),
          ),
        );
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
    },
  );

  app.get(
    '/notifications',
    {
      config: { permission: 'notifications.read' },
      schema: {
        operationId: 'listNotifications',
        tags: ['admin'],
        summary: '消息发件箱（短信、微信模板消息、邮件、站内信）',
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Union(['pending', 'sent', 'failed'].map((s) => Type.Literal(s)))),
            caseId: Type.Optional(Type.String({ format: 'uuid' })),
            limit: Limit,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.Integer(),
                caseId: Nullable(Type.String()),
                channel: Type.String(),
                recipient: Type.String(),
                template: Type.String(),
                subject: Type.String(),
                body: Type.String(),
                status: Type.String(),
                attempts: Type.Integer(),
                lastError: Nullable(Type.String()),
                createdAt: Type.String({ format: 'date-time' }),
                sentAt: Nullable(Type.String({ format: 'date-time' })),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query as { status?: string; caseId?: string; limit: number };
      const rows = await deps.db
        .select()
        .from(notifications)
        .where(
          and(
            scopeWhere(notifications.regionCode, actor.scope),
            query.status ? eq(notifications.status, query.status) : undefined,
            query.caseId ? eq(notifications.caseId, query.caseId) : undefined,
          ),
        )
        .orderBy(desc(notifications.id))
        .limit(query.limit);
      return {
        items: rows.map((r) => ({
          id: Number(r.id),
          caseId: r.caseId,
          channel: r.channel,
          // A person's phone is stored encrypted; the outbox view never shows it.
          recipient: r.recipient.startsWith('v1.') ? '（加密）' : r.recipient,
          template: r.template,
          subject: r.subject,
          body: r.body,
          status: r.status,
          attempts: r.attempts,
          lastError: r.lastError,
          createdAt: r.createdAt.toISOString(),
          sentAt: r.sentAt?.toISOString() ?? null,
        })),
      };
    },
  );
};
