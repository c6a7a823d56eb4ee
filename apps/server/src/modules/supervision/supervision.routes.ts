import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../core/context.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams } from '../../http/pagination.ts';
import {
  presentBoard,
  presentCommitments,
  presentIssue,
  presentIssueDetail,
  presentNotifications,
  presentSupervision,
} from './supervision.presenter.ts';
import {
  BoardList,
  BoardQuery,
  CommitmentList,
  CommitmentsQuery,
  CommonIssueDetail,
  CommonIssueList,
  CommonIssuesQuery,
  CreateCommonIssueBody,
  DepartmentSuggestions,
  IssueItem,
  NotificationList,
  NotificationsQuery,
  SuggestDepartmentsQuery,
  SupervisionList,
  SupervisionQuery,
} from './supervision.schemas.ts';
import * as service from './supervision.service.ts';

/** Supervision, commitments, common issues, the board, routing and the outbox. */
export const supervisionRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/supervision',
    {
      config: { permission: 'cases.supervise' },
      schema: {
        operationId: 'listSupervision',
        tags: ['supervision'],
        summary: '月度督办清单：督办、重点督办和超期件',
        querystring: SupervisionQuery,
        response: { 200: SupervisionList },
      },
    },
    async (request) =>
      presentSupervision(await service.listSupervision(deps, actorOf(request), request.query)),
  );

  app.get(
    '/commitments',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'listCommitments',
        tags: ['supervision'],
        summary: '答复承诺事项台账',
        querystring: CommitmentsQuery,
        response: { 200: CommitmentList },
      },
    },
    async (request) =>
      presentCommitments(await service.listCommitments(deps, actorOf(request), request.query)),
  );

  app.get(
    '/common-issues',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'listCommonIssues',
        tags: ['cases'],
        summary: '共性问题列表',
        querystring: CommonIssuesQuery,
        response: { 200: CommonIssueList },
      },
    },
    async (request) => {
      const rows = await service.listCommonIssues(deps, actorOf(request), request.query);
      return { items: rows.map(presentIssue) };
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
        body: CreateCommonIssueBody,
        response: { 200: IssueItem },
      },
    },
    async (request) => {
      const { issue, caseCount } = await service.createCommonIssue(deps, actorOf(request), request.body);
      return { ...presentIssue(issue), caseCount };
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
        response: { 200: CommonIssueDetail },
      },
    },
    async (request) =>
      presentIssueDetail(await service.getCommonIssue(deps, actorOf(request), request.params.id)),
  );

  app.get(
    '/board',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'listBoard',
        tags: ['board'],
        summary: '公示栏（工作人员视图）：已审核公示的意见',
        querystring: BoardQuery,
        response: { 200: BoardList },
      },
    },
    async (request) => presentBoard(await service.listBoard(deps, actorOf(request), request.query)),
  );

  app.get(
    '/departments/suggest',
    {
      config: { permission: 'departments.read' },
      schema: {
        operationId: 'suggestDepartments',
        tags: ['departments'],
        summary: '按类别和区域建议承办单位（路由表，最长前缀优先）',
        querystring: SuggestDepartmentsQuery,
        response: { 200: DepartmentSuggestions },
      },
    },
    async (request) => service.suggestDepartments(deps, actorOf(request), request.query),
  );

  app.get(
    '/notifications',
    {
      config: { permission: 'notifications.read' },
      schema: {
        operationId: 'listNotifications',
        tags: ['admin'],
        summary: '消息发件箱（短信、微信模板消息、邮件、站内信）',
        querystring: NotificationsQuery,
        response: { 200: NotificationList },
      },
    },
    async (request) =>
      presentNotifications(await service.listNotifications(deps, actorOf(request), request.query)),
  );
};
