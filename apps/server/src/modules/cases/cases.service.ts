import {
  type CaseAction,
  type CaseStatus,
  countyCode,
  DEFAULT_DEADLINES,
  formatCaseNumber,
  isRegionCode,
  maskName,
  maskPhone,
  normalizeMobile,
  type Satisfaction,
  shanghaiDate,
  transition,
  validateReply,
  workingDayDeadline,
} from '@lianluo/domain';
import { searchTokens } from '@lianluo/text';
import { eq } from 'drizzle-orm';
import type { Deps } from '../../context.ts';
import type { Db } from '../../db/client.ts';
import { caseDepartments, caseEvents, cases } from '../../db/schema/index.ts';
import { AppError } from '../../http/problems.ts';
import { decideSuggestions } from '../analytics/analytics.queries.ts';
import * as q from './cases.queries.ts';

/** Who did it: a signed-in staff member, or the system (timers, the demo generator). */
export interface CaseActor {
  id: string | null;
  name: string;
}

export interface RegisterCaseInput {
  regionCode: string;
  stationId?: string | null;
  receptionId?: string | null;
  channel: string;
  categoryKey?: string | null;
  title: string;
  content: string;
  urgency?: 'normal' | 'urgent';
  personName?: string | null;
  personPhone?: string | null;
  anonymous?: boolean;
  consentPublish?: boolean;
}

type CaseRow = typeof cases.$inferSelect;

/**
 * Registers an opinion as a case (登记). The person's name and phone are stored encrypted; only
 * their masked forms are readable without a reason.
 */
export async function registerCase(
  deps: Pick<Deps, 'crypto'>,
  db: Db,
  input: RegisterCaseInput,
  actor: CaseActor,
  at: Date,
): Promise<CaseRow> {
  if (!isRegionCode(input.regionCode)) throw new AppError('bad_region');
  let phone: string | null = null;
  if (input.personPhone) {
    phone = normalizeMobile(input.personPhone);
    if (!phone) throw new AppError('validation', '手机号码格式不正确');
  }
  const name = input.anonymous ? null : input.personName?.trim() || null;
  const seq = await q.nextCaseSeq(db, countyCode(input.regionCode), Number(shanghaiDate(at).slice(0, 4)));
  const [row] = await db
    .insert(cases)
    .values({
      number: formatCaseNumber(countyCode(input.regionCode), Number(shanghaiDate(at).slice(0, 4)), seq),
      regionCode: input.regionCode,
      stationId: input.stationId ?? null,
      receptionId: input.receptionId ?? null,
      channel: input.channel,
      categoryKey: input.categoryKey ?? null,
      title: input.title,
      content: input.content,
      searchTokens: searchTokens(`${input.title}\n${input.content}`),
      status: 'registered',
      urgency: input.urgency ?? 'normal',
      personNameMasked: name ? maskName(name) : null,
      personNameCipher: name ? deps.crypto.encrypt(name) : null,
      personPhoneMasked: phone && !input.anonymous ? maskPhone(phone) : null,
      personPhoneCipher: phone && !input.anonymous ? deps.crypto.encrypt(phone) : null,
      anonymous: input.anonymous ?? false,
      consentPublish: input.consentPublish ?? false,
      registeredAt: at,
      lastSeq: 1,
      createdBy: actor.id,
    })
    .returning();
  await db.insert(caseEvents).values({
    caseId: row!.id,
    regionCode: row!.regionCode,
    seq: 1,
    at,
    actorId: actor.id,
    actorName: actor.name,
    action: 'register',
    fromStatus: null,
    toStatus: 'registered',
    payload: { channel: input.channel },
  });
  return row!;
}

export interface TransitionInput {
  note?: string;
  categoryKey?: string;
  /** refer: lead department and co-handlers (主办/协办). */
  leadDepartmentId?: string;
  coDepartmentIds?: string[];
  reason?: string;
  reply?: {
    kind: 'resolved' | 'will_resolve' | 'cannot_resolve' | 'explained';
    content: string;
    measures?: string;
    committedDate?: string;
    reasons?: string;
    policyBasis?: string;
  };
  feedback?: { channel: string; content: string };
  satisfaction?: 'satisfied' | 'basically_satisfied' | 'unsatisfied';
  ratingTimedOut?: boolean;
  revisit?: { content: string; resolved: boolean };
}

/**
 * Moves a case one step along the lifecycle. The state machine in @lianluo/domain decides what is
 * allowed; this writes the new projection and its event row in the caller's transaction.
 */
export async function transitionCase(
  deps: Pick<Deps, 'calendar'>,
  db: Db,
  caseId: string,
  action: CaseAction,
  input: TransitionInput,
  actor: CaseActor,
  at: Date,
): Promise<CaseRow> {
  const row = await q.lockCase(db, caseId);
  if (!row) throw new AppError('not_found');
  const facts = HISTORY_ACTIONS.has(action) ? await historyFacts(db, caseId, shanghaiDate(at)) : {};
  const result = transition(row.status as CaseStatus, action, {
    satisfaction: input.satisfaction,
    ratingTimedOut: input.ratingTimedOut,
    reason: input.reason,
    ...facts,
  });
  if (!result.ok) {
    throw new AppError('transition_not_allowed', result.reason, {
      allowed: result.allowed,
      status: row.status,
    });
  }
  const patch: Partial<CaseRow> = { status: result.to, lastSeq: row.lastSeq + 1 };
  const payload: Record<string, unknown> = {};
  if (input.note) payload.note = input.note;

  switch (action) {
    case 'triage':
      if (input.categoryKey) {
        patch.categoryKey = input.categoryKey;
        // Was the classifier's suggestion taken or changed? (its acceptance rate)
        await decideSuggestions(db, caseId, input.categoryKey, at);
      }
      payload.categoryKey = input.categoryKey ?? row.categoryKey;
      break;
    case 'refer': {
      if (!input.leadDepartmentId) throw new AppError('validation', '交办须指定主办单位');
      const ids = [input.leadDepartmentId, ...(input.coDepartmentIds ?? [])];
      const found = await q.departmentsInRegion(db, ids);
      const county = countyCode(row.regionCode);
      if (found.length !== new Set(ids).size || found.some((d) => !d.regionCode.startsWith(county))) {
        throw new AppError('validation', '承办单位不存在或不在本县范围内');
      }
      await db.delete(caseDepartments).where(eq(caseDepartments.caseId, caseId));
      await db.insert(caseDepartments).values(
        [...new Set(ids)].map((id) => ({
          caseId,
          departmentId: id,
          regionCode: row.regionCode,
          role: id === input.leadDepartmentId ? 'lead' : 'co',
        })),
      );
      // The clock starts at referral, not at acceptance.
      const cal = await deps.calendar();
      patch.leadDepartmentId = input.leadDepartmentId;
      patch.acceptDueAt = workingDayDeadline(cal, at, DEFAULT_DEADLINES.acceptWorkingDays);
      patch.replyDueAt = workingDayDeadline(cal, at, DEFAULT_DEADLINES.replyWorkingDays);
      Object.assign(payload, {
        leadDepartmentId: input.leadDepartmentId,
        coDepartmentIds: input.coDepartmentIds ?? [],
        acceptDueAt: patch.acceptDueAt,
        replyDueAt: patch.replyDueAt,
      });
      break;
    }
    case 'return':
      if (!input.reason?.trim()) throw new AppError('validation', '退回须说明理由');
      payload.reason = input.reason;
      patch.leadDepartmentId = null;
      patch.acceptDueAt = null;
      patch.replyDueAt = null;
      await db.delete(caseDepartments).where(eq(caseDepartments.caseId, caseId));
      break;
    case 'reply':
    case 'answer_on_site':
    case 'handle_locally': {
      if (!input.reply) throw new AppError('validation', '请填写答复内容');
      const problems = validateReply(input.reply, shanghaiDate(at));
      if (problems.length > 0) throw new AppError('validation', problems.join('；'), { problems });
      payload.reply = input.reply;
      break;
    }
    case 'feed_back':
      if (!input.feedback?.content) throw new AppError('validation', '请填写反馈方式和内容');
      payload.feedback = input.feedback;
      break;
    case 'rate':
      payload.satisfaction = input.satisfaction;
      break;
    case 'reopen':
      patch.reopenCount = row.reopenCount + 1;
      payload.reason = input.reason;
      break;
    case 'revisit':
      payload.revisit = input.revisit;
      break;
    case 'close':
      patch.closedAt = at;
      payload.ratingTimedOut = input.ratingTimedOut ?? false;
      break;
    case 'withdraw':
      patch.closedAt = at;
      payload.reason = input.reason;
      break;
    case 'accept':
      break;
  }

  const [updated] = await db.update(cases).set(patch).where(eq(cases.id, caseId)).returning();
  await db.insert(caseEvents).values({
    caseId,
    regionCode: row.regionCode,
    seq: row.lastSeq + 1,
    at,
    actorId: actor.id,
    actorName: actor.name,
    action,
    fromStatus: row.status,
    toStatus: result.to,
    payload,
  });
  return updated!;
}

/** Actions whose guards depend on what happened before, not just on the current status. */
const HISTORY_ACTIONS = new Set<CaseAction>(['close', 'reopen', 'revisit']);

const REPLY_ACTIONS = new Set(['reply', 'answer_on_site', 'handle_locally']);

/**
 * The facts the state machine needs from the timeline: the latest rating, and whether a
 * "will resolve" commitment is still open and due.
 */
async function historyFacts(
  db: Db,
  caseId: string,
  today: string,
): Promise<{ lastSatisfaction?: Satisfaction; commitmentDue: boolean; commitmentPending: boolean }> {
  const events = await q.listEvents(db, caseId);
  const rated = events.filter((e) => e.action === 'rate').pop();
  const lastReplyIdx = events.findLastIndex((e) => REPLY_ACTIONS.has(e.action));
  const reply = (
    events[lastReplyIdx]?.payload as { reply?: { kind?: string; committedDate?: string } } | undefined
  )?.reply;
  const revisited = events.slice(lastReplyIdx + 1).some((e) => e.action === 'revisit');
  const pending = reply?.kind === 'will_resolve' && !!reply.committedDate && !revisited;
  return {
    lastSatisfaction: (rated?.payload as { satisfaction?: Satisfaction } | undefined)?.satisfaction,
    commitmentPending: pending,
    commitmentDue: pending && (reply?.committedDate ?? '9999') <= today,
  };
}
