import {
  CASE_ACTION_LABELS,
  CASE_CHANNEL_LABELS,
  CASE_STATUS_LABELS,
  CASE_STATUSES,
  type CaseAction,
  type CaseChannel,
  type CaseStatus,
} from '@lianluo/domain';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Actor, Deps } from '../../context.ts';
import { actorOf } from '../../http/guard.ts';
import { decodeCursor, IdParams, Page, PageQuery, page, RegionQuery } from '../../http/pagination.ts';
import { AppError } from '../../http/problems.ts';
import { denyOutOfScope, narrowScope } from '../../http/scope.ts';
import * as q from './cases.queries.ts';

const CaseItem = Type.Object({
  id: Type.String(),
  number: Type.String(),
  regionCode: Type.String(),
  title: Type.String(),
  category: Type.Union([Type.String(), Type.Null()]),
  categoryName: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  statusLabel: Type.String(),
  channel: Type.String(),
  channelLabel: Type.String(),
  stationName: Type.Union([Type.String(), Type.Null()]),
  departmentName: Type.Union([Type.String(), Type.Null()]),
  registeredAt: Type.String({ format: 'date-time' }),
  replyDueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  overdue: Type.Boolean(),
});

const CaseEvent = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  action: Type.String(),
  actionLabel: Type.String(),
  fromStatus: Type.Union([Type.String(), Type.Null()]),
  toStatus: Type.String(),
  actorName: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
});

const CaseDetail = Type.Intersect([
  CaseItem,
  Type.Object({
    content: Type.String(),
    urgency: Type.String(),
    personName: Type.Union([Type.String(), Type.Null()]),
    personPhone: Type.Union([Type.String(), Type.Null()]),
    anonymous: Type.Boolean(),
    consentPublish: Type.Boolean(),
    acceptDueAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    reopenCount: Type.Integer(),
    events: Type.Array(CaseEvent),
  }),
]);

type ListRow = Awaited<ReturnType<typeof q.listCases>>[number];

function presentItem(r: ListRow, now: Date) {
  return {
    id: r.id,
    number: r.number,
    regionCode: r.regionCode,
    title: r.title,
    category: r.categoryKey,
    categoryName: r.categoryName,
    status: r.status,
    statusLabel: CASE_STATUS_LABELS[r.status as CaseStatus],
    channel: r.channel,
    channelLabel: CASE_CHANNEL_LABELS[r.channel as CaseChannel] ?? r.channel,
    stationName: r.stationName,
    departmentName: r.departmentName,
    registeredAt: r.registeredAt.toISOString(),
    replyDueAt: r.replyDueAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    overdue: q.AWAITING_REPLY.includes(r.status) && !!r.replyDueAt && r.replyDueAt < now,
  };
}

/** One short human line per event for the timeline, from the payload each action writes. */
function noteOf(action: string, payload: Record<string, unknown>): string | null {
  const reply = payload.reply as { content?: string } | undefined;
  const feedback = payload.feedback as { content?: string } | undefined;
  const revisit = payload.revisit as { content?: string } | undefined;
  return (
    (payload.note as string | undefined) ??
    reply?.content ??
    feedback?.content ??
    revisit?.content ??
    (payload.reason as string | undefined) ??
    (action === 'rate' ? String(payload.satisfaction ?? '') : null) ??
    null
  );
}

export const casesRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  async function loadVisible(actor: Actor, id: string) {
    const row = await q.findCase(deps.db, id, q.caseVisibility(actor, actor.scope));
    if (row) return row;
    // Exists but not visible: same 404, and the attempt goes on record.
    if (await q.caseRegion(deps.db, id)) await denyOutOfScope(deps, actor, 'case', id);
    throw new AppError('not_found');
  }

  app.get(
    '/cases',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'listCases',
        tags: ['cases'],
        summary: '意见（案件）列表',
        querystring: Type.Object(
          {
            region: RegionQuery,
            status: Type.Optional(
              Type.Union(
                [...CASE_STATUSES, 'open'].map((s) => Type.Literal(s)),
                {
                  description: '状态；open = 未销号、未撤回的全部在办意见',
                },
              ),
            ),
            category: Type.Optional(Type.String({ maxLength: 40, pattern: '^[a-z_]+$' })),
            q: Type.Optional(Type.String({ maxLength: 50 })),
            overdue: Type.Optional(Type.Boolean()),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
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
        cursor?: string;
        limit: number;
      };
      const scope = await narrowScope(deps, actor, query.region);
      const after = decodeCursor(query.cursor, ['string', 'string']) as [string, string] | null;
      if (after && Number.isNaN(Date.parse(after[0]))) throw new AppError('bad_cursor');
      const now = deps.now();
      const rows = await q.listCases(deps.db, {
        visibility: q.caseVisibility(actor, scope),
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

  app.get(
    '/cases/:id',
    {
      config: { permission: 'cases.read' },
      schema: {
        operationId: 'getCase',
        tags: ['cases'],
        summary: '意见（案件）详情与办理过程',
        params: IdParams,
        response: { 200: CaseDetail },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params as { id: string };
      const row = await loadVisible(actor, id);
      const events = await q.listEvents(deps.db, id);
      return {
        ...presentItem(row, deps.now()),
        content: row.content,
        urgency: row.urgency,
        personName: row.personNameMasked,
        personPhone: row.personPhoneMasked,
        anonymous: row.anonymous,
        consentPublish: row.consentPublish,
        acceptDueAt: row.acceptDueAt?.toISOString() ?? null,
        reopenCount: row.reopenCount,
        events: events.map((e) => ({
          seq: e.seq,
          at: e.at.toISOString(),
          action: e.action,
          actionLabel:
            CASE_ACTION_LABELS[e.action as CaseAction] ?? (e.action === 'register' ? '登记' : e.action),
          fromStatus: e.fromStatus,
          toStatus: e.toStatus,
          actorName: e.actorName,
          note: noteOf(e.action, e.payload as Record<string, unknown>),
        })),
      };
    },
  );
};
