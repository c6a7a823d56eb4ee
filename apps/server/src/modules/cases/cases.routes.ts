import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ACTION_PERMISSION, type CaseAction } from '@lianluo/domain';
import { type TObject, Type } from '@sinclair/typebox';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { actorOf } from '../../http/guard.ts';
import { IdParams, Page } from '../../http/pagination.ts';
import {
  presentAttachment,
  presentDetail,
  presentEvents,
  presentItem,
  presentRegistered,
} from './cases.presenter.ts';
import {
  AcceptBody,
  AnswerBody,
  AttachmentItem,
  CaseDetail,
  CaseEvent,
  CaseItem,
  CloseBody,
  CreateCase,
  FeedbackBody,
  IDEMPOTENCY_HEADER,
  LinkBody,
  ListCasesQuery,
  PublishBody,
  Queues,
  QueuesQuery,
  RateBody,
  ReferBody,
  ReopenBody,
  Reporter,
  ReturnBody,
  RevealQuery,
  RevisitBody,
  SuperviseBody,
  TriageBody,
  WithdrawBody,
} from './cases.schemas.ts';
import * as service from './cases.service.ts';

/** The action routes: path, operationId, body. Each is one transition and one event row. */
const ACTIONS = [
  {
    action: 'triage',
    path: 'triage',
    operationId: 'triageCase',
    summary: '梳理（分类、定级）',
    body: TriageBody,
  },
  {
    action: 'answer_on_site',
    path: 'answer-on-site',
    operationId: 'answerCaseOnSite',
    summary: '当场答复',
    body: AnswerBody,
  },
  {
    action: 'handle_locally',
    path: 'handle-locally',
    operationId: 'handleCaseLocally',
    summary: '就地办理',
    body: AnswerBody,
  },
  {
    action: 'refer',
    path: 'refer',
    operationId: 'referCase',
    summary: '交办（主办、协办单位）',
    body: ReferBody,
  },
  { action: 'accept', path: 'accept', operationId: 'acceptCase', summary: '签收', body: AcceptBody },
  {
    action: 'return',
    path: 'return',
    operationId: 'returnCase',
    summary: '退回（须说明理由）',
    body: ReturnBody,
  },
  { action: 'reply', path: 'reply', operationId: 'replyCase', summary: '答复', body: AnswerBody },
  {
    action: 'feed_back',
    path: 'feedback',
    operationId: 'recordFeedback',
    summary: '向群众反馈',
    body: FeedbackBody,
  },
  { action: 'rate', path: 'rate', operationId: 'rateCase', summary: '群众评价', body: RateBody },
  { action: 'reopen', path: 'reopen', operationId: 'reopenCase', summary: '重办', body: ReopenBody },
  {
    action: 'revisit',
    path: 'revisit',
    operationId: 'recordRevisit',
    summary: '回访（承诺到期核实）',
    body: RevisitBody,
  },
  { action: 'close', path: 'close', operationId: 'closeCase', summary: '销号', body: CloseBody },
  { action: 'withdraw', path: 'withdraw', operationId: 'withdrawCase', summary: '撤回', body: WithdrawBody },
] as const satisfies readonly {
  action: CaseAction;
  path: string;
  operationId: string;
  summary: string;
  body: TObject;
}[];

export const casesRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  // Multipart parsing is registered once for the app (app.ts); attachments set their own limits.

  app.get(
    '/cases',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'listCases',
        tags: ['cases'],
        summary: '意见（案件）列表',
        querystring: ListCasesQuery,
        response: { 200: Page(CaseItem) },
      },
    },
    async (request) => {
      const { items, nextCursor, now } = await service.listCases(deps, actorOf(request), request.query);
      return { items: items.map((r) => presentItem(r, now)), nextCursor };
    },
  );

  app.post(
    '/cases',
    {
      config: { permission: 'cases.create' },
      schema: {
        operationId: 'createCase',
        tags: ['cases'],
        summary: '登记意见（任一渠道）；可带 Idempotency-Key',
        headers: IDEMPOTENCY_HEADER,
        body: CreateCase,
        response: { 200: CaseDetail },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const done = await service.createCase(deps, actor, request.body, request.headers['idempotency-key']);
      return 'registered' in done
        ? presentRegistered(done.registered, actor, deps.now())
        : presentDetail(done.detail, actor, deps.now());
    },
  );

  app.get(
    '/cases/queues',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'listQueues',
        tags: ['cases'],
        summary: '我的待办：各工作队列件数',
        querystring: QueuesQuery,
        response: { 200: Queues },
      },
    },
    async (request) => service.listQueues(deps, actorOf(request), request.query),
  );

  app.get(
    '/cases/:id',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'getCase',
        tags: ['cases'],
        summary: '意见（案件）详情、办理过程与当前可执行操作',
        params: IdParams,
        response: { 200: CaseDetail },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return presentDetail(await service.getCase(deps, actor, request.params.id), actor, deps.now());
    },
  );

  app.get(
    '/cases/:id/timeline',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'getCaseTimeline',
        tags: ['cases'],
        summary: '办理过程（事件流）',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(CaseEvent) }) },
      },
    },
    async (request) => ({
      items: presentEvents(await service.getCaseTimeline(deps, actorOf(request), request.params.id)),
    }),
  );

  for (const a of ACTIONS) {
    app.post(
      `/cases/:id/${a.path}`,
      {
        config: { permission: ACTION_PERMISSION[a.action] },
        schema: {
          operationId: a.operationId,
          tags: ['cases'],
          summary: a.summary,
          params: IdParams,
          headers: IDEMPOTENCY_HEADER,
          body: a.body,
          response: { 200: CaseDetail },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const done = await service.actOnCase(deps, actor, a.action, a.operationId, {
          id: request.params.id,
          key: request.headers['idempotency-key'],
          body: request.body,
        });
        return presentDetail(done, actor, deps.now());
      },
    );
  }

  app.post(
    '/cases/:id/supervise',
    {
      config: { permission: 'cases.supervise' },
      schema: {
        operationId: 'superviseCase',
        tags: ['cases'],
        summary: '督办 / 重点督办',
        params: IdParams,
        headers: IDEMPOTENCY_HEADER,
        body: SuperviseBody,
        response: { 200: CaseDetail },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const done = await service.supervise(deps, actor, {
        id: request.params.id,
        key: request.headers['idempotency-key'],
        body: request.body,
      });
      return presentDetail(done, actor, deps.now());
    },
  );

  app.post(
    '/cases/:id/link',
    {
      config: { permission: 'cases.triage' },
      schema: {
        operationId: 'linkCases',
        tags: ['cases'],
        summary: '并入共性问题',
        params: IdParams,
        headers: IDEMPOTENCY_HEADER,
        body: LinkBody,
        response: { 200: CaseDetail },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const done = await service.link(deps, actor, {
        id: request.params.id,
        key: request.headers['idempotency-key'],
        body: request.body,
      });
      return presentDetail(done, actor, deps.now());
    },
  );

  app.post(
    '/cases/:id/publish',
    {
      config: { permission: 'cases.publish' },
      schema: {
        operationId: 'publishCase',
        tags: ['cases'],
        summary: '审核公示内容（公示栏）',
        params: IdParams,
        headers: IDEMPOTENCY_HEADER,
        body: PublishBody,
        response: { 200: CaseDetail },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const done = await service.publish(deps, actor, {
        id: request.params.id,
        key: request.headers['idempotency-key'],
        body: request.body,
      });
      return presentDetail(done, actor, deps.now());
    },
  );

  app.get(
    '/cases/:id/reporter',
    {
      config: { permission: 'cases.reveal' },
      schema: {
        operationId: 'revealReporter',
        tags: ['cases'],
        summary: '查看反映人完整信息（须说明理由，记入审计）',
        params: IdParams,
        querystring: RevealQuery,
        response: { 200: Reporter },
      },
    },
    async (request) =>
      service.revealReporter(deps, actorOf(request), request.params.id, request.query.reason),
  );

  app.post(
    '/cases/:id/attachments',
    {
      config: { permission: 'cases.create' },
      schema: {
        operationId: 'uploadAttachment',
        tags: ['cases'],
        summary: '上传附件（照片、文档；按文件内容校验类型）',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 200: AttachmentItem },
      },
    },
    async (request) => {
      // Read only once the case is known to be visible (a 404 before a 415).
      const receive = async () => {
        if (!request.isMultipart())
          throw new AppError('unsupported_media_type', '请以 multipart/form-data 上传');
        const file = await request.file({
          limits: { fileSize: deps.settings.maxAttachmentBytes, files: 1, fields: 5, parts: 6 },
        });
        return file && { filename: file.filename, bytes: await file.toBuffer() };
      };
      const att = await service.uploadAttachment(deps, actorOf(request), request.params.id, receive);
      return presentAttachment(att);
    },
  );

  app.get(
    '/cases/:id/attachments',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'listAttachments',
        tags: ['cases'],
        summary: '附件列表',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(AttachmentItem) }) },
      },
    },
    async (request) => {
      const rows = await service.listAttachments(deps, actorOf(request), request.params.id);
      return { items: rows.map(presentAttachment) };
    },
  );

  app.get(
    '/attachments/:id',
    {
      config: { permission: 'cases.read' },
      schema: { operationId: 'getAttachment', tags: ['cases'], summary: '下载附件', params: IdParams },
    },
    async (request, reply) => {
      const a = await service.getAttachment(deps, actorOf(request), request.params.id);
      reply.header('content-type', a.mime);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`);
      return reply.send(a.bytes);
    },
  );
};
