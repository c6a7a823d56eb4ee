import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { Problem } from '../../http/pagination.ts';
import { presentHotspots, presentModels, presentSearch, presentSimilar } from './analytics.presenter.ts';
import {
  AssessReplyBody,
  Hotspots,
  HotspotsQuery,
  ReplyAssessment,
  SearchQuery,
  SearchResults,
  SimilarCases,
  SimilarCasesBody,
  SuggestCategoryBody,
  Suggestion,
  TextModelList,
  TrainedModel,
} from './analytics.schemas.ts';
import * as service from './analytics.service.ts';

export const analyticsRoutes: FastifyPluginAsyncTypebox<{ deps: Deps; insight: service.Insight }> = async (
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
        body: SuggestCategoryBody,
        response: { 200: Suggestion, 400: Problem },
      },
    },
    async (request) => service.suggestCategory(deps, insight, actorOf(request), request.body),
  );

  app.post(
    '/analytics/similar-cases',
    {
      config: { permission: 'cases.create' },
      schema: {
        operationId: 'findSimilarCases',
        tags: ['analytics'],
        summary: '登记时查找本镇、本县的相似在办意见及其共性问题（含重复提交、同一人反映提示）',
        body: SimilarCasesBody,
        response: { 200: SimilarCases },
      },
    },
    async (request) =>
      presentSimilar(await service.findSimilarCases(deps, insight, actorOf(request), request.body)),
  );

  app.get(
    '/analytics/hotspots',
    {
      config: { permission: 'analytics.read' },
      schema: {
        operationId: 'listHotspots',
        tags: ['analytics'],
        summary: '热点话题（按热度排序，与本区域历史水平比较）',
        querystring: HotspotsQuery,
        response: { 200: Hotspots },
      },
    },
    async (request) => presentHotspots(await service.listHotspots(deps, actorOf(request), request.query)),
  );

  app.post(
    '/analytics/assess-reply',
    {
      config: { permission: 'cases.assess' },
      schema: {
        operationId: 'assessReply',
        tags: ['analytics'],
        summary: '答复质量检查：是否切题、有无措施/时限/政策依据、是否套话、用时',
        body: AssessReplyBody,
        response: { 200: ReplyAssessment },
      },
    },
    async (request) => service.assessCaseReply(deps, actorOf(request), request.body),
  );

  app.get(
    '/analytics/search',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'searchCases',
        tags: ['analytics'],
        summary: '意见全文检索（中文分词，按相关度排序，限本人数据范围）',
        querystring: SearchQuery,
        response: { 200: SearchResults },
      },
    },
    async (request) => presentSearch(await service.searchCases(deps, actorOf(request), request.query)),
  );

  app.get(
    '/analytics/models',
    {
      config: { permission: 'analytics.manage' },
      schema: {
        operationId: 'listTextModels',
        tags: ['analytics'],
        summary: '分类模型版本与建议采纳率',
        response: { 200: TextModelList },
      },
    },
    async () => presentModels(await service.listModels(deps)),
  );

  app.post(
    '/analytics/models',
    {
      config: { permission: 'analytics.manage' },
      schema: {
        operationId: 'trainTextModel',
        tags: ['analytics'],
        summary: '立即用已梳理的意见重新训练分类模型',
        response: { 200: TrainedModel, 409: Problem, 422: Problem },
      },
    },
    async () => service.trainModel(insight),
  );
};
