import {
  ACTION_PERMISSION,
  abilities,
  type CaseAction,
  sniffAttachment,
  type WorkQueue,
} from '@lianluo/domain';
import { type TObject, Type } from '@sinclair/typebox';
import { asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { auditActor, recordAudit } from '../../core/audit.queries.ts';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { caseVisibility } from '../../core/policies/case-visibility.queries.ts';
import { denyOutOfScope, narrowScope } from '../../core/scope.ts';
import type { Db } from '../../db/client.ts';
import { attachments, cases } from '../../db/schema/index.ts';
import { actorOf } from '../../http/guard.ts';
import { idempotent, requestHashOf, storedAnswer } from '../../http/idempotency.ts';
import { PHOTO_SIZES, processImage } from '../../http/images.ts';
import { decodeCursor, IdParams, Page, page } from '../../http/pagination.ts';
import { recordIntakeSuggestion } from '../analytics/analytics.queries.ts';
import { presentDetail, presentEvents, presentItem, presentRegistered } from './cases.presenter.ts';
import * as q from './cases.queries.ts';
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
import {
  isKeyTaken,
  linkCase,
  noteEvent,
  publishCase,
  type RegisteredCase,
  registerCase,
  superviseCase,
  transitionCase,
} from './cases.service.ts';

/** The action routes: path, operationId, body. Each is one transition and one event row. */
const ACTIONS: { action: CaseAction; path: string; operationId: string; summary: string; body: TObject }[] = [
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
];

export const caseActor = (a: Actor) => ({ id: a.id, name: a.displayName });

export const casesRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  // Multipart parsing is registered once for the app (app.ts); attachments set their own limits.

  const idempotencyKey = (request: FastifyRequest) =>
    request.headers['idempotency-key'] as string | undefined;

  async function loadVisible(actor: Actor, id: string) {
    const row = await q.findCase(deps.db, id, caseVisibility(actor, actor.scope));
    if (row) return row;
    // Exists but not visible: same 404, and the attempt goes on record.
    if (await q.caseRegion(deps.db, id)) await denyOutOfScope(deps, actor, 'case', id);
    throw new AppError('not_found');
  }

  /**
   * One write: visibility check, then the idempotent work in one short transaction (it stores
   * the case id under the key), then the fresh detail read after commit — so a replay answers
   * with the case as it is now, and no lock is held while the answer is assembled.
   */
  async function write(
    request: FastifyRequest,
    id: string | null,
    route: string,
    work: (tx: Db, actor: Actor) => Promise<string>,
  ) {
    const actor = actorOf(request);
    if (id) await loadVisible(actor, id);
    const key = idempotencyKey(request);
    const now = deps.now();
    const done = await deps.db.transaction(async (tx) =>
      idempotent(tx as unknown as Db, key, actor.id, route, { id, body: request.body }, now, async () => ({
        id: await work(tx as unknown as Db, actor),
      })),
    );
    return presentDetail(deps.db, actor, done.id, deps.now());
  }

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
      const actor = actorOf(request);
      const query = request.query as {
        region?: string;
        status?: string;
        category?: string;
        q?: string;
        overdue?: boolean;
        queue?: WorkQueue;
        cursor?: string;
        limit: number;
      };
      const scope = await narrowScope(deps, actor, query.region);
      const after = decodeCursor(query.cursor, ['string', 'string']) as [string, string] | null;
      if (after && Number.isNaN(Date.parse(after[0]))) throw new AppError('bad_cursor');
      const now = deps.now();
      const rows = await q.listCases(deps.db, {
        visibility: query.queue ? q.queueVisibility(actor, scope) : caseVisibility(actor, scope),
        queue: query.queue,
        status: query.status,
        category: query.category,
        q: query.q,
        overdue: query.overdue,
        now,
        after,
        limit: query.limit,
      });
      const p = page(rows, query.limit, (r) => [r.registeredAt.toISOString(), r.id]);
      return { items: p.items.map((r) => presentItem(r, now)), nextCursor: p.nextCursor };
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
      const { suggestion, ...body } = request.body as Parameters<typeof registerCase>[2] & {
        suggestion?: { modelVersion: string; categoryKey: string; score: number };
      };
      const actor = actorOf(request);
      const scope = await narrowScope(deps, actor, body.regionCode);
      if (actor.role === 'station_officer' && !body.stationId) body.stationId = actor.stationId ?? undefined;
      void scope;
      const raw = idempotencyKey(request);
      const key = raw
        ? {
            actorId: actor.id,
            key: raw,
            route: 'createCase',
            requestHash: requestHashOf(raw, 'createCase', { id: null, body }),
          }
        : undefined;
      // One statement, no transaction: the busiest write costs two round trips. A replayed key
      // finds its row taken and answers with the case as it is now.
      // The suggestion the form showed is recorded with the case, or neither is (one transaction).
      const register = async (db: Db) => {
        const row = await registerCase(deps, db, body, caseActor(actor), deps.now(), key);
        if (suggestion) await recordIntakeSuggestion(db, row, suggestion, deps.now());
        return row;
      };
      let fresh: RegisteredCase | undefined;
      let id: string;
      try {
        fresh = suggestion
          ? await deps.db.transaction((tx) => register(tx as unknown as Db))
          : await register(deps.db);
        id = fresh.id;
      } catch (err) {
        if (!key || !isKeyTaken(err)) throw err;
        id = (await storedAnswer<{ id: string }>(deps.db, key.actorId, key.key, key.requestHash)).id;
      }
      return fresh
        ? presentRegistered(fresh, actor, deps.now())
        : presentDetail(deps.db, actor, id, deps.now());
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
    async (request) => {
      const actor = actorOf(request);
      const scope = await narrowScope(deps, actor, (request.query as { region?: string }).region);
      return q.queueCounts(deps.db, actor, scope, deps.now());
    },
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
      const { id } = request.params as { id: string };
      await loadVisible(actor, id);
      return presentDetail(deps.db, actor, id, deps.now());
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
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params as { id: string };
      await loadVisible(actor, id);
      return { items: await presentEvents(deps.db, id) };
    },
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
        const { id } = request.params as { id: string };
        const actor = actorOf(request);
        const row = await loadVisible(actor, id);
        // The role may do this kind of thing, but not on this case (a co-handler accepting).
        const lead = actor.departmentId !== null && actor.departmentId === row.leadDepartmentId;
        if (actor.role === 'department_handler' && !lead)
          throw new AppError('forbidden', '只有主办单位可以签收、退回和答复');
        void abilities;
        return write(request, id, a.operationId, async (tx) => {
          await transitionCase(deps, tx, id, a.action, request.body as object, caseActor(actor), deps.now());
          return id;
        });
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
      const { id } = request.params as { id: string };
      return write(request, id, 'superviseCase', async (tx, actor) => {
        await superviseCase(
          tx,
          id,
          request.body as { kind: 'ordinary' | 'key' },
          caseActor(actor),
          deps.now(),
        );
        return id;
      });
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
      const { id } = request.params as { id: string };
      const { commonIssueId } = request.body as { commonIssueId: string };
      return write(request, id, 'linkCases', async (tx, actor) => {
        const issue = await q.findCommonIssue(tx, commonIssueId);
        if (!issue?.regionCode.startsWith(actor.scope.slice(0, 6)))
          throw new AppError('validation', '共性问题不存在');
        await linkCase(tx, id, commonIssueId, caseActor(actor), deps.now());
        return id;
      });
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
      const { id } = request.params as { id: string };
      return write(request, id, 'publishCase', async (tx, actor) => {
        await publishCase(tx, id, (request.body as { text: string }).text, caseActor(actor), deps.now());
        return id;
      });
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
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params as { id: string };
      await loadVisible(actor, id);
      const reason = (request.query as { reason?: string }).reason?.trim();
      if (!reason || reason.length < 2) throw new AppError('validation', '查看个人信息须说明理由');
      const [row] = await deps.db.select().from(cases).where(eq(cases.id, id));
      const dec = (s: string | null) => (s ? deps.crypto.decrypt(s) : null);
      await recordAudit(deps.db, {
        at: deps.now(),
        event: 'pi_reveal',
        outcome: 'success',
        actor: auditActor(actor),
        objectType: 'case',
        objectId: id,
        ip: actor.ip,
        requestId: actor.requestId,
        detail: { reason },
      });
      return {
        name: dec(row!.personNameCipher),
        phone: dec(row!.personPhoneCipher),
        idNumber: dec(row!.idNumberCipher),
        address: dec(row!.addressCipher),
      };
    },
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
      const actor = actorOf(request);
      const { id } = request.params as { id: string };
      const row = await loadVisible(actor, id);
      if (!request.isMultipart())
        throw new AppError('unsupported_media_type', '请以 multipart/form-data 上传');
      const file = await request.file({
        limits: { fileSize: deps.settings.maxAttachmentBytes, files: 1, fields: 5, parts: 6 },
      });
      if (!file) throw new AppError('validation', '没有收到文件');
      const raw = await file.toBuffer();
      if (raw.length === 0) throw new AppError('validation', '文件为空');
      let mime = sniffAttachment(file.filename, raw.subarray(0, 16));
      if (!mime)
        throw new AppError(
          'unsupported_media_type',
          '文件内容与扩展名不符，或不是允许的类型（jpg/png/gif/webp/pdf/doc/docx/xlsx）',
        );
      // Photos are re-encoded (http/images.ts): EXIF/GPS dropped, size bounded, bombs refused.
      let bytes = raw;
      let uploadName = file.filename;
      if (mime === 'image/jpeg' || mime === 'image/png' || mime === 'image/webp') {
        const img = await processImage(raw, PHOTO_SIZES.document);
        bytes = img.bytes;
        mime = img.mime;
        uploadName = `${uploadName.replace(/\.(png|jpe?g|webp)$/i, '')}.jpg`;
      }
      const stored = await deps.storage.put(bytes);
      const now = deps.now();
      const fileName = uploadName
        .normalize('NFC')
        // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we strip
        .replace(/[\\/\u0000-\u001f]/g, '_')
        .slice(0, 200);
      const att = await deps.db.transaction(async (tx) => {
        const [a] = await tx
          .insert(attachments)
          .values({
            caseId: id,
            regionCode: row.regionCode,
            fileName,
            mime,
            size: bytes.length,
            sha256: stored.sha256,
            storageKey: stored.key,
            createdAt: now,
            createdBy: actor.id,
          })
          .returning();
        await noteEvent(
          tx as unknown as Db,
          id,
          'attach',
          { attachmentId: a!.id, fileName, note: fileName },
          caseActor(actor),
          now,
        );
        return a!;
      });
      return { ...att, createdAt: att.createdAt.toISOString() };
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
      const actor = actorOf(request);
      const { id } = request.params as { id: string };
      await loadVisible(actor, id);
      const rows = await deps.db
        .select()
        .from(attachments)
        .where(eq(attachments.caseId, id))
        .orderBy(asc(attachments.createdAt));
      return { items: rows.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })) };
    },
  );

  app.get(
    '/attachments/:id',
    {
      config: { permission: 'cases.read' },
      schema: { operationId: 'getAttachment', tags: ['cases'], summary: '下载附件', params: IdParams },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { id } = request.params as { id: string };
      const [a] = await deps.db.select().from(attachments).where(eq(attachments.id, id));
      if (!a) throw new AppError('not_found');
      const visible = await q.findCase(deps.db, a.caseId, caseVisibility(actor, actor.scope));
      if (!visible) {
        await denyOutOfScope(deps, actor, 'attachment', id);
        throw new AppError('not_found');
      }
      const bytes = await deps.storage.get(a.storageKey);
      reply.header('content-type', a.mime);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`);
      return reply.send(bytes);
    },
  );
};
