import { CASE_STATUS_LABELS, type CaseStatus, normalizeMobile, shanghaiDate } from '@lianluo/domain';
import { tsQuery } from '@lianluo/text';
import { Type } from '@sinclair/typebox';
import { and, desc, sql } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { caseVisibility } from '../../core/policies/case-visibility.queries.ts';
import { denyOutOfScope, narrowScope } from '../../core/scope.ts';
import { cases } from '../../db/schema/index.ts';
import { actorOf } from '../../http/guard.ts';
import { Problem, RegionQuery, Uuid } from '../../http/pagination.ts';
import { caseRegion, findCase } from '../cases/cases.queries.ts';
import * as q from './analytics.queries.ts';
import type { Insight } from './analytics.service.ts';

const Text = Type.String({ minLength: 1, maxLength: 20_000 });
const Region = Type.Optional(Type.String({ pattern: '^[0-9]{12}$' }));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Suggestion = Type.Object({
  ok: Type.Boolean(),
  reason: Type.Optional(Type.String()),
  modelVersion: Type.Optional(Type.String()),
  suggestions: Type.Optional(
    Type.Array(Type.Object({ category: Type.String(), name: Type.String(), score: Type.Number() })),
  ),
  department: Type.Optional(Nullable(Type.Object({ id: Type.String(), name: Type.String() }))),
});

const SimilarHit = Type.Object({
  id: Type.String(),
  number: Type.String(),
  title: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  stationName: Nullable(Type.String()),
  regionCode: Type.String(),
  registeredAt: Type.String(),
  score: Type.Number(),
  sharedTerms: Type.Array(Type.String()),
  places: Type.Array(Type.String()),
  sameTown: Type.Boolean(),
  duplicate: Nullable(Type.String()),
  samePerson: Type.Boolean({ description: '同一人（同一手机号）反映的在办意见' }),
  commonIssue: Nullable(Type.Object({ id: Type.String(), title: Type.String(), caseCount: Type.Integer() })),
  linkable: Type.Boolean({ description: '尚未交办，可并入共性问题' }),
});

const SimilarIssue = Type.Object({
  id: Type.String(),
  title: Type.String(),
  caseCount: Type.Integer(),
  score: Type.Number(),
  sharedTerms: Type.Array(Type.String()),
});

const Hotspot = Type.Object({
  label: Type.String(),
  keyTerms: Type.Array(Type.String()),
  representative: Nullable(Type.Object({ id: Type.String(), title: Type.String() })),
  count: Type.Integer(),
  growth: Type.Number(),
  places: Type.Array(Type.String()),
  likes: Type.Number(),
  heat: Type.Number(),
  warning: Type.Boolean(),
  historyMean: Type.Number(),
  caseIds: Type.Array(Type.String()),
  daily: Type.Array(Type.Object({ date: Type.String(), count: Type.Integer() })),
});

const ReplyKind = Type.Union(
  ['resolved', 'will_resolve', 'cannot_resolve', 'explained'].map((k) => Type.Literal(k)),
);

export const analyticsRoutes: FastifyPluginAsync<{ deps: Deps; insight: Insight }> = async (
  app,
  { deps, insight },
) => {
  app.post(
    '/analytics/suggest-category',
    {
      config: { permission: 'cases.create' },
      schema: {
        operationId: 'suggestCategory',
        tags: ['analytics'],
        summary: '建议意见类别与承办单位（分类模型，附置信度）',
        body: Type.Object(
          { text: Text, regionCode: Region, caseId: Type.Optional(Uuid) },
          { additionalProperties: false },
        ),
        response: { 200: Suggestion, 400: Problem },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const body = request.body as { text: string; regionCode?: string; caseId?: string };
      if (body.regionCode) await narrowScope(deps, actor, body.regionCode);
      if (body.caseId) {
        // Only a case the caller can see may have a suggestion recorded against it.
        const row = await findCase(deps.db, body.caseId, caseVisibility(actor, actor.scope));
        if (!row) {
          if (await caseRegion(deps.db, body.caseId)) await denyOutOfScope(deps, actor, 'case', body.caseId);
          throw new AppError('not_found');
        }
      }
      return insight.suggestCategory(actor, body);
    },
  );

  app.post(
    '/analytics/similar-cases',
    {
      config: { permission: 'cases.create' },
      schema: {
        operationId: 'findSimilarCases',
        tags: ['analytics'],
        summary: '登记时查找本镇、本县的相似在办意见及其共性问题（含重复提交、同一人反映提示）',
        body: Type.Object(
          {
            text: Text,
            regionCode: Region,
            excludeId: Type.Optional(Uuid),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
            personPhone: Type.Optional(
              Type.String({
                maxLength: 20,
                description:
                  '登记中的反映人手机号：用于提示同一人的在办意见（只比对其盲索引，不存储、不返回）',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(SimilarHit), issues: Type.Array(SimilarIssue) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { personPhone, ...body } = request.body as {
        text: string;
        regionCode?: string;
        excludeId?: string;
        limit?: number;
        personPhone?: string;
      };
      if (body.regionCode) await narrowScope(deps, actor, body.regionCode);
      // The same person: by the blind index the cases table stores, of the phone typed at intake or
      // of the case being viewed. The phone itself goes no further than this line.
      let personPhoneIndex: string | null = null;
      if (body.excludeId) {
        const own = await q.casePhoneIndex(deps.db, body.excludeId, caseVisibility(actor, actor.scope));
        if (!own) {
          if (await caseRegion(deps.db, body.excludeId))
            await denyOutOfScope(deps, actor, 'case', body.excludeId);
          throw new AppError('not_found');
        }
        personPhoneIndex = own.personPhoneIndex;
      }
      const phone = personPhone ? normalizeMobile(personPhone) : null;
      if (phone) personPhoneIndex = deps.crypto.blindIndex(phone);
      const { items, issues } = await insight.findSimilar(actor, { ...body, personPhoneIndex });
      return {
        items: items.map((i) => ({ ...i, statusLabel: CASE_STATUS_LABELS[i.status as CaseStatus] })),
        issues,
      };
    },
  );

  app.get(
    '/analytics/hotspots',
    {
      config: { permission: 'analytics.read' },
      schema: {
        operationId: 'listHotspots',
        tags: ['analytics'],
        summary: '热点话题（按热度排序，与本区域历史水平比较）',
        querystring: Type.Object(
          {
            region: RegionQuery,
            from: Type.Optional(Type.String({ format: 'date' })),
            to: Type.Optional(Type.String({ format: 'date' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            asOf: Type.String({ format: 'date-time', description: '统计时间（热点由汇总任务定期计算）' }),
            heatFormula: Type.String(),
            items: Type.Array(Hotspot),
          }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query as { region?: string; from?: string; to?: string };
      const scope = await narrowScope(deps, actor, query.region);
      const today = shanghaiDate(deps.now());
      const fromDate = query.from ?? `${today.slice(0, 8)}01`;
      const toDate = query.to ?? today;
      if (toDate < fromDate) throw new AppError('validation', '结束日期不能早于开始日期');
      if (Date.parse(toDate) - Date.parse(fromDate) > 366 * 86_400_000) {
        throw new AppError('validation', '统计期不能超过一年');
      }
      const result = await insight.hotspots(actor, scope, fromDate, toDate);
      return {
        from: fromDate,
        to: toDate,
        asOf: result.asOf.toISOString(),
        // The same formula as packages/text/src/hotspots.ts computes.
        heatFormula:
          '热度 = ln(1+件数) × (1 + ln(1+max(0, 增长))) + 0.5 × ln(1+点赞数)；' +
          '增长 = (本期件数+1) ÷ (按本话题历史速率预期的件数+1) − 1；预警：件数≥5且高于历史均值加两倍标准差',
        items: result.items,
      };
    },
  );

  app.post(
    '/analytics/assess-reply',
    {
      config: { permission: 'cases.assess' },
      schema: {
        operationId: 'assessReply',
        tags: ['analytics'],
        summary: '答复质量检查：是否切题、有无措施/时限/政策依据、是否套话、用时',
        body: Type.Object(
          {
            caseId: Uuid,
            reply: Type.Object(
              {
                kind: Type.Optional(ReplyKind),
                text: Text,
                committedDate: Type.Optional(Type.String({ format: 'date' })),
              },
              { additionalProperties: false },
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            flags: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
            relevance: Type.Number(),
            daysTaken: Type.Optional(Type.Number()),
          }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const body = request.body as {
        caseId: string;
        reply: {
          kind?: 'resolved' | 'will_resolve' | 'cannot_resolve' | 'explained';
          text: string;
          committedDate?: string;
        };
      };
      const row = await findCase(deps.db, body.caseId, caseVisibility(actor, actor.scope));
      if (!row) {
        if (await caseRegion(deps.db, body.caseId)) await denyOutOfScope(deps, actor, 'case', body.caseId);
        throw new AppError('not_found');
      }
      return insight.assess(row, body.reply);
    },
  );

  app.get(
    '/analytics/search',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'searchCases',
        tags: ['analytics'],
        summary: '意见全文检索（中文分词，按相关度排序，限本人数据范围）',
        querystring: Type.Object(
          { q: Type.String({ minLength: 1, maxLength: 50 }), region: RegionQuery },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Type.String(),
                number: Type.String(),
                title: Type.String(),
                status: Type.String(),
                statusLabel: Type.String(),
                regionCode: Type.String(),
                registeredAt: Type.String(),
                rank: Type.Number(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query as { q: string; region?: string };
      const scope = await narrowScope(deps, actor, query.region);
      const ts = tsQuery(query.q);
      if (!ts) return { items: [] };
      const rank = sql<number>`ts_rank(to_tsvector('simple', ${cases.searchTokens}), to_tsquery('simple', ${ts}))`;
      const rows = await deps.db
        .select({
          id: cases.id,
          number: cases.number,
          title: cases.title,
          status: cases.status,
          regionCode: cases.regionCode,
          registeredAt: cases.registeredAt,
          rank,
        })
        .from(cases)
        .where(
          and(
            caseVisibility(actor, scope),
            sql`to_tsvector('simple', ${cases.searchTokens}) @@ to_tsquery('simple', ${ts})`,
          ),
        )
        .orderBy(desc(rank), desc(cases.registeredAt))
        .limit(50);
      return {
        items: rows.map((r) => ({
          ...r,
          statusLabel: CASE_STATUS_LABELS[r.status as CaseStatus],
          registeredAt: r.registeredAt.toISOString(),
        })),
      };
    },
  );

  app.get(
    '/analytics/models',
    {
      config: { permission: 'analytics.manage' },
      schema: {
        operationId: 'listTextModels',
        tags: ['analytics'],
        summary: '分类模型版本与建议采纳率',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                version: Type.String(),
                trainedAt: Type.String(),
                samples: Type.Integer(),
                trigger: Type.String(),
                active: Type.Boolean(),
                suggested: Type.Integer(),
                decided: Type.Integer(),
                accepted: Type.Integer(),
                acceptanceRate: Nullable(Type.Number()),
              }),
            ),
          }),
        },
      },
    },
    async () => {
      const rows = await q.listModels(deps.db);
      return {
        items: rows.map((r) => ({
          ...r,
          trainedAt: r.trainedAt.toISOString(),
          acceptanceRate: r.decided > 0 ? r.accepted / r.decided : null,
        })),
      };
    },
  );

  app.post(
    '/analytics/models',
    {
      config: { permission: 'analytics.manage' },
      schema: {
        operationId: 'trainTextModel',
        tags: ['analytics'],
        summary: '立即用已梳理的意见重新训练分类模型',
        response: {
          200: Type.Object({ version: Type.String(), samples: Type.Integer() }),
          409: Problem,
          422: Problem,
        },
      },
    },
    async () => {
      const result = await insight.train('admin');
      if (!result) throw new AppError('conflict', '另一进程正在训练模型，请稍后再试');
      return result;
    },
  );
};
