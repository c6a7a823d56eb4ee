import { randomUUID } from 'node:crypto';
import {
  type CaseAction,
  type CaseLevel,
  type CaseStatus,
  type CaseUrgency,
  calendarDayDeadline,
  countyCode,
  type DeadlineLimit,
  deadlineClocks,
  escalationChain,
  isRegionCode,
  isValidIdNumber,
  maskAddress,
  maskIdNumber,
  maskName,
  maskPhone,
  normalizeMobile,
  publicTextProblem,
  REPLY_KIND_LABELS,
  type ReplyKind,
  type Satisfaction,
  scopePrefix,
  shanghaiDate,
  startOfShanghaiDay,
  transition,
  validateReply,
  workingDayDeadline,
} from '@lianluo/domain';
import { searchTokens } from '@lianluo/text';
import { and, eq, inArray, ne, sql, type WithSubquery } from 'drizzle-orm';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { AWAITING_REPLY } from '../../core/policies/case-visibility.queries.ts';
import type { Db } from '../../db/client.ts';
import { perDatabase } from '../../db/per-database.ts';
import {
  caseDepartments,
  caseDeputies,
  caseEvents,
  cases,
  categories,
  commitments,
  commonIssues,
  deputies,
  idempotencyKeys,
  receptions,
  stations,
  users,
} from '../../db/schema/index.ts';
import { decideSuggestions } from '../analytics/analytics.queries.ts';
import { type Enqueue, enqueue } from '../notify/notify.service.ts';
import { toDepartment, toOffices, toUsers } from '../notify/recipients.ts';
import { deadlineLimitFor, ratingSettingsFor } from '../settings/settings.service.ts';
import * as q from './cases.queries.ts';
import { type ClaimedTimer, cancelTimers, scheduleTimer } from './timers.ts';

type CaseDeps = Pick<Deps, 'calendar' | 'crypto' | 'settings'>;

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
  level?: CaseLevel;
  personName?: string | null;
  personPhone?: string | null;
  personIdNumber?: string | null;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  anonymous?: boolean;
  consentPublish?: boolean;
  deputyIds?: string[];
}

type CaseRow = typeof cases.$inferSelect;

/** A case as registration leaves it, with the names its first answer shows. */
export type RegisteredCase = CaseRow & {
  categoryName: string | null;
  stationName: string | null;
  deputies: { id: string; name: string }[];
  createdByName: string;
};

/** Level implied by the region code when the caller does not say: village 12, town 9, else county. */
function levelOf(regionCode: string): CaseLevel {
  const p = scopePrefix(regionCode);
  return p.length >= 12 ? 'village' : p.length >= 9 ? 'town' : 'county';
}

/** Reference rows an intake names, read in one round trip (intake is the busiest write). */
/**
 * Stations and categories met at intake, for a short while. A station's region never changes
 * (only its name, address and hours do) and neither is ever deleted, so a remembered station
 * answers the county check exactly; the foreign keys remain the last word on existence. Misses
 * are not remembered: a station created a moment ago is found.
 */
const REFERENCE_MS = 30_000;
type Station = { regionCode: string; name: string };
const knownOf = perDatabase(() => new Map<string, { value: string | Station; until: number }>());

async function intakeReferences(db: Db, input: RegisterCaseInput, deputyIds: string[]) {
  if (!input.categoryKey && !input.stationId && !input.receptionId && deputyIds.length === 0) {
    return { category: null, station: null, reception: false, deputies: [] };
  }
  const known = knownOf(db);
  const now = performance.now();
  const recall = (key: string) => {
    const hit = known.get(key);
    return hit && hit.until > now ? hit.value : undefined;
  };
  const category = input.categoryKey ? (recall(`category:${input.categoryKey}`) as string | undefined) : null;
  const station = input.stationId ? (recall(`station:${input.stationId}`) as Station | undefined) : null;
  if (category !== undefined && station !== undefined && !input.receptionId && deputyIds.length === 0) {
    return { category, station, reception: false, deputies: [] };
  }
  const found = await readReferences(db, input, deputyIds);
  if (known.size >= 5_000) known.clear();
  if (input.categoryKey && found.category !== null) {
    known.set(`category:${input.categoryKey}`, { value: found.category, until: now + REFERENCE_MS });
  }
  if (input.stationId && found.station !== null) {
    known.set(`station:${input.stationId}`, { value: found.station, until: now + REFERENCE_MS });
  }
  return found;
}

async function readReferences(db: Db, input: RegisterCaseInput, deputyIds: string[]) {
  const res = (await db.execute(sql`select
    (select name from ${categories} where key = ${input.categoryKey ?? null}) as category,
    (select json_build_object('regionCode', region_code, 'name', name) from ${stations}
      where id = ${input.stationId ?? null}::uuid) as station,
    exists (select 1 from ${receptions} where id = ${input.receptionId ?? null}::uuid
      and station_id = ${input.stationId ?? null}::uuid) as reception,
    (select coalesce(json_agg(json_build_object('id', id, 'name', name)), '[]'::json) from ${deputies}
      where id = any(${`{${deputyIds.join(',')}}`}::uuid[])) as deputies`)) as unknown as {
    rows: {
      category: string | null;
      station: { regionCode: string; name: string } | string | null;
      reception: boolean;
      deputies: { id: string; name: string }[] | string;
    }[];
  };
  const r = res.rows[0]!;
  // json columns arrive parsed from node-postgres and PGlite alike; accept text just in case.
  const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  return {
    category: r.category,
    station: r.station === null ? null : parse(r.station),
    reception: r.reception,
    deputies: parse(r.deputies),
  };
}

/** Values of the intake statement, by placeholder name (deputies as deputy0, deputy1, …). */
type IntakeParams = Record<string, unknown>;

/**
 * The case, its registration event, its deputies and the caller's Idempotency-Key row in one
 * statement: intake costs one round trip. Every value is a placeholder, so the same text serves
 * every case and can be prepared.
 */
function intakeStatement(db: Db, withKey: boolean, deputies: number) {
  const p = sql.placeholder;
  const withs: WithSubquery[] = [
    db.$with('registered_event').as(
      db
        .insert(caseEvents)
        .values({
          caseId: p('id'),
          regionCode: p('regionCode'),
          seq: 1,
          at: p('at'),
          actorId: p('actorId'),
          actorName: p('actorName'),
          action: 'register',
          fromStatus: null,
          toStatus: 'registered',
          payload: p('eventPayload'),
        })
        .returning({ id: caseEvents.id }),
    ),
  ];
  if (deputies > 0) {
    withs.push(
      db.$with('case_deputy_rows').as(
        db
          .insert(caseDeputies)
          .values(
            Array.from({ length: deputies }, (_, i) => ({
              caseId: p('id'),
              deputyId: p(`deputy${i}`),
              regionCode: p('regionCode'),
            })),
          )
          .returning({ id: caseDeputies.caseId }),
      ),
    );
  }
  if (withKey) {
    withs.push(
      db.$with('idempotency_row').as(
        db
          .insert(idempotencyKeys)
          .values({
            actorId: p('keyActorId'),
            key: p('key'),
            route: p('keyRoute'),
            requestHash: p('keyRequestHash'),
            status: 200,
            response: p('keyResponse'),
            createdAt: p('at'),
          })
          .returning({ id: idempotencyKeys.actorId }),
      ),
    );
  }
  return db
    .with(...withs)
    .insert(cases)
    .values({
      id: p('id'),
      // From the county's yearly sequence: nextval takes no lock, so intakes never queue.
      number: sql`${p('numberPrefix')}::text || lpad(nextval(${p('sequence')}::text::regclass)::text, 6, '0')`,
      regionCode: p('regionCode'),
      stationId: p('stationId'),
      receptionId: p('receptionId'),
      channel: p('channel'),
      categoryKey: p('categoryKey'),
      title: p('title'),
      content: p('content'),
      searchTokens: p('searchTokens'),
      status: 'registered',
      urgency: p('urgency'),
      level: p('level'),
      personNameMasked: p('personNameMasked'),
      personNameCipher: p('personNameCipher'),
      personPhoneMasked: p('personPhoneMasked'),
      personPhoneCipher: p('personPhoneCipher'),
      personPhoneIndex: p('personPhoneIndex'),
      idNumberMasked: p('idNumberMasked'),
      idNumberCipher: p('idNumberCipher'),
      addressMasked: p('addressMasked'),
      addressCipher: p('addressCipher'),
      latitude: p('latitude'),
      longitude: p('longitude'),
      anonymous: p('anonymous'),
      consentPublish: p('consentPublish'),
      registeredAt: p('at'),
      lastSeq: 1,
      createdBy: p('actorId'),
    })
    .returning();
}

// Prepared once per database and per shape (with or without an Idempotency-Key row).
const preparedIntakes = perDatabase((db) => ({
  keyed: intakeStatement(db, true, 0).prepare('register_case_keyed'),
  plain: intakeStatement(db, false, 0).prepare('register_case'),
}));

/** Store the answer under the caller's Idempotency-Key in the same statement as the case. */
export interface IntakeKey {
  actorId: string;
  key: string;
  route: string;
  requestHash: string;
}

/**
 * Registers an opinion as a case (登记). Name, phone, ID number and address are stored encrypted
 * (SM4); only their masked forms are readable without a reason.
 *
 * The case, its deputies, its registration event and (given one) the Idempotency-Key row are one
 * statement: atomic without a transaction of its own, and one round trip. A key already used
 * fails that statement with a unique violation on idempotency_keys, leaving nothing behind
 * (see `isKeyTaken`).
 */
export async function registerCase(
  deps: Pick<Deps, 'crypto' | 'db'>,
  db: Db,
  input: RegisterCaseInput,
  actor: CaseActor,
  at: Date,
  key?: IntakeKey,
): Promise<RegisteredCase> {
  if (!isRegionCode(input.regionCode)) throw new AppError('bad_region');
  let phone: string | null = null;
  if (input.personPhone) {
    phone = normalizeMobile(input.personPhone);
    if (!phone) throw new AppError('validation', '手机号码格式不正确');
  }
  let idNumber: string | null = null;
  if (input.personIdNumber && !input.anonymous) {
    idNumber = input.personIdNumber.trim().toUpperCase();
    if (!isValidIdNumber(idNumber, shanghaiDate(at))) throw new AppError('validation', '身份证号码不正确');
  }
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const deputyIds = [...new Set(input.deputyIds ?? [])];
  for (const id of [input.stationId, input.receptionId, ...deputyIds]) {
    if (id && !uuid.test(id)) throw new AppError('validation', `编号格式不正确：${id}`);
  }
  const refs = await intakeReferences(db, input, deputyIds);
  if (input.categoryKey && refs.category === null) {
    throw new AppError('validation', `未知的意见类别：${input.categoryKey}`);
  }
  if (input.stationId) {
    const s = refs.station;
    if (!s || !input.regionCode.startsWith(scopePrefix(s.regionCode).slice(0, 6))) {
      throw new AppError('validation', '联络站不存在或不在本县');
    }
  }
  if (input.receptionId && !refs.reception) throw new AppError('validation', '接待登记记录不存在');
  if (refs.deputies.length !== deputyIds.length) throw new AppError('validation', '代表不存在');
  const name = input.anonymous ? null : input.personName?.trim() || null;
  const anon = input.anonymous ?? false;
  const address = input.address?.trim() || null;
  const county = countyCode(input.regionCode);
  const year = Number(shanghaiDate(at).slice(0, 4));
  const caseId = randomUUID();
  const sequence = await q.ensureCaseNumberSequence(deps.db, db, county, year);
  const params: IntakeParams = {
    id: caseId,
    numberPrefix: `LL-${county}-${year}-`,
    sequence,
    regionCode: input.regionCode,
    stationId: input.stationId ?? null,
    receptionId: input.receptionId ?? null,
    channel: input.channel,
    categoryKey: input.categoryKey ?? null,
    title: input.title,
    content: input.content,
    searchTokens: searchTokens(`${input.title}\n${input.content}`),
    urgency: input.urgency ?? 'normal',
    level: input.level ?? levelOf(input.regionCode),
    personNameMasked: name ? maskName(name) : null,
    personNameCipher: name ? deps.crypto.encrypt(name) : null,
    personPhoneMasked: phone && !anon ? maskPhone(phone) : null,
    personPhoneCipher: phone && !anon ? deps.crypto.encrypt(phone) : null,
    personPhoneIndex: phone && !anon ? deps.crypto.blindIndex(phone) : null,
    idNumberMasked: idNumber ? maskIdNumber(idNumber) : null,
    idNumberCipher: idNumber ? deps.crypto.encrypt(idNumber) : null,
    addressMasked: address ? maskAddress(address) : null,
    addressCipher: address ? deps.crypto.encrypt(address) : null,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    anonymous: anon,
    consentPublish: input.consentPublish ?? false,
    at,
    actorId: actor.id,
    actorName: actor.name,
    eventPayload: { channel: input.channel },
    keyActorId: key?.actorId ?? null,
    key: key?.key ?? null,
    keyRoute: key?.route ?? null,
    keyRequestHash: key?.requestHash ?? null,
    keyResponse: { id: caseId },
  };
  deputyIds.forEach((id, i) => {
    params[`deputy${i}`] = id;
  });
  // The busiest write: prepared once per connection when it can be (the top-level database, no
  // deputies to list), so neither we nor PostgreSQL build and plan it again for every case.
  const [row] =
    db === deps.db && deputyIds.length === 0
      ? await preparedIntakes(db)[key ? 'keyed' : 'plain'].execute(params)
      : await intakeStatement(db, !!key, deputyIds.length).execute(params);
  return {
    ...row!,
    categoryName: refs.category,
    stationName: refs.station?.name ?? null,
    deputies: deputyIds.map((id) => refs.deputies.find((d) => d.id === id)!),
    createdByName: actor.name,
  };
}

/** Did a write fail because its Idempotency-Key was already used (by this or a concurrent request)? */
export function isKeyTaken(err: unknown): boolean {
  for (let e = err as { code?: unknown; constraint?: unknown; cause?: unknown } | undefined; e; ) {
    if (e.code === '23505' && String(e.constraint ?? '').startsWith('idempotency_keys')) return true;
    e = e.cause as typeof e;
  }
  return false;
}

export interface TransitionInput {
  note?: string;
  categoryKey?: string;
  level?: CaseLevel;
  urgency?: CaseUrgency;
  /** refer: lead department and co-handlers (主办/协办). */
  leadDepartmentId?: string;
  coDepartmentIds?: string[];
  reason?: string;
  reply?: {
    kind: ReplyKind;
    content: string;
    measures?: string;
    committedDate?: string;
    reasons?: string;
    policyBasis?: string;
  };
  feedback?: { channel: string; content: string };
  satisfaction?: Satisfaction;
  ratingTimedOut?: boolean;
  revisit?: { content: string; resolved: boolean };
}

/** Limits for a level and urgency: the case's county's (or city's …) deadline_limits row, else the defaults. */
async function limitsFor(
  db: Db,
  regionCode: string,
  level: CaseLevel,
  urgency: CaseUrgency,
): Promise<DeadlineLimit> {
  return deadlineLimitFor(db, regionCode, level, urgency);
}

/**
 * Escalates a lapsed deadline (超期提级) to the level above the case's handling level: the first
 * region of `escalationChain` where an office (county or town) sits, and that region's offices
 * are told. With no office anywhere on the chain it is recorded against the first region.
 */
async function escalate(db: Db, row: CaseRow): Promise<{ region: string; recipients: string[] }> {
  const chain = escalationChain(row.regionCode, row.level as CaseLevel);
  const offices = await db
    .select({ id: users.id, regionCode: users.regionCode })
    .from(users)
    .where(
      and(
        inArray(users.role, ['county_office', 'town_office']),
        inArray(users.regionCode, chain),
        eq(users.disabled, false),
      ),
    );
  for (const region of chain) {
    const here = offices.filter((u) => scopePrefix(u.regionCode) === scopePrefix(region));
    if (here.length > 0) return { region, recipients: here.map((u) => u.id) };
  }
  return { region: chain[0]!, recipients: [] };
}

const PROPAGATE = new Set<CaseAction>(['refer', 'accept', 'reply']);

/**
 * Moves a case one step along the lifecycle. The state machine in @lianluo/domain decides what is
 * allowed; this writes the new projection, its event row, its timers, commitments and outbox
 * messages in the caller's transaction. On a case in a common issue, refer/accept/reply are done
 * once and applied to every member case standing at the same step.
 */
export async function transitionCase(
  deps: CaseDeps,
  db: Db,
  caseId: string,
  action: CaseAction,
  input: TransitionInput,
  actor: CaseActor,
  at: Date,
  opts: { viaCommonIssue?: string } = {},
): Promise<CaseRow> {
  const row = await q.lockCase(db, caseId);
  if (!row) throw new AppError('not_found');
  const result = transition(row.status as CaseStatus, action, {
    satisfaction: input.satisfaction,
    ratingTimedOut: input.ratingTimedOut,
    reason: input.reason,
    lastSatisfaction: (row.lastSatisfaction as Satisfaction | null) ?? undefined,
    commitmentPending: row.commitmentDate !== null,
    commitmentDue: row.commitmentDate !== null && row.commitmentDate <= shanghaiDate(at),
  });
  if (!result.ok) {
    // A missing reason or rating is bad input (400); a step out of order or too early is a 409.
    const input400 = result.code === 'REASON_REQUIRED' || result.code === 'SATISFACTION_REQUIRED';
    throw new AppError(input400 ? 'validation' : 'transition_not_allowed', result.reason, {
      allowed: result.allowed,
      caseStatus: row.status,
      reasonCode: result.code,
    });
  }
  const seq = row.lastSeq + 1;
  const patch: Partial<CaseRow> = { status: result.to, lastSeq: seq };
  const payload: Record<string, unknown> = {};
  const outbox: Enqueue[] = [];
  if (input.note) payload.note = input.note;
  if (opts.viaCommonIssue) payload.commonIssueId = opts.viaCommonIssue;

  switch (action) {
    case 'triage': {
      if (input.categoryKey) {
        const [c] = await db
          .select({ key: categories.key })
          .from(categories)
          .where(eq(categories.key, input.categoryKey));
        if (!c) throw new AppError('validation', `未知的意见类别：${input.categoryKey}`);
        patch.categoryKey = input.categoryKey;
        // Was the classifier's suggestion taken or changed? (its acceptance rate)
        await decideSuggestions(db, caseId, input.categoryKey, at);
      }
      if (input.level) patch.level = input.level;
      if (input.urgency) patch.urgency = input.urgency;
      payload.categoryKey = input.categoryKey ?? row.categoryKey;
      payload.level = input.level ?? row.level;
      break;
    }
    case 'refer': {
      if (!input.leadDepartmentId) throw new AppError('validation', '交办须指定主办单位');
      const ids = [...new Set([input.leadDepartmentId, ...(input.coDepartmentIds ?? [])])];
      const found = await q.departmentsInRegion(db, ids);
      if (found.length !== ids.length) throw new AppError('validation', '承办单位不存在');
      const outside = found.filter((d) => !row.regionCode.startsWith(scopePrefix(d.regionCode)));
      if (outside.length > 0) {
        throw new AppError(
          'validation',
          `承办单位不在本案所属区域：${outside.map((d) => d.name).join('、')}`,
        );
      }
      await db.delete(caseDepartments).where(eq(caseDepartments.caseId, caseId));
      await db.insert(caseDepartments).values(
        ids.map((id) => ({
          caseId,
          departmentId: id,
          regionCode: row.regionCode,
          role: id === input.leadDepartmentId ? 'lead' : 'co',
        })),
      );
      // The clock starts at referral, not at acceptance.
      const cal = await deps.calendar();
      const lim = await limitsFor(db, row.regionCode, row.level as CaseLevel, row.urgency as CaseUrgency);
      patch.leadDepartmentId = input.leadDepartmentId;
      const workingDays = deadlineClocks(lim);
      patch.acceptDueAt = workingDayDeadline(cal, at, workingDays.accept);
      patch.replyDueAt = workingDayDeadline(cal, at, workingDays.reply);
      patch.deadlineProvisional = cal.isProvisional(shanghaiDate(patch.replyDueAt));
      // A new referral is a new clock: an earlier lapse and its escalation belong to the old one.
      patch.overdueAt = null;
      patch.escalatedTo = null;
      await cancelTimers(db, caseId, ['accept_warn', 'accept_due', 'reply_warn', 'reply_due'], at);
      const base = { caseId, regionCode: row.regionCode, caseSeq: seq };
      // Each deadline warns before it falls due (a warning at or after its deadline is none).
      const acceptWarnAt = workingDayDeadline(cal, at, workingDays.acceptWarn);
      if (acceptWarnAt < patch.acceptDueAt) {
        await scheduleTimer(db, { ...base, kind: 'accept_warn', fireAt: acceptWarnAt });
      }
      await scheduleTimer(db, { ...base, kind: 'accept_due', fireAt: patch.acceptDueAt });
      const replyWarnAt = workingDayDeadline(cal, at, workingDays.warn);
      if (replyWarnAt < patch.replyDueAt) {
        await scheduleTimer(db, { ...base, kind: 'reply_warn', fireAt: replyWarnAt });
      }
      await scheduleTimer(db, { ...base, kind: 'reply_due', fireAt: patch.replyDueAt });
      Object.assign(payload, {
        leadDepartmentId: input.leadDepartmentId,
        coDepartmentIds: ids.filter((i) => i !== input.leadDepartmentId),
        acceptDueAt: patch.acceptDueAt,
        replyDueAt: patch.replyDueAt,
        // Kept so the deadlines can be counted again once a provisional year's notice is entered.
        workingDays,
        provisional: patch.deadlineProvisional,
      });
      for (const d of ids) {
        outbox.push(
          ...(await toDepartment(db, d, row.regionCode, caseId))('case_referred', {
            number: row.number,
            title: row.title,
            acceptDue: shanghaiDate(patch.acceptDueAt),
            replyDue: shanghaiDate(patch.replyDueAt),
          }),
        );
      }
      break;
    }
    case 'return':
      if (!input.reason?.trim()) throw new AppError('validation', '退回须说明理由');
      // Counted against nobody: the deadlines are cleared with the referral.
      payload.reason = input.reason;
      payload.departmentId = row.leadDepartmentId;
      patch.leadDepartmentId = null;
      patch.acceptDueAt = null;
      patch.replyDueAt = null;
      patch.deadlineProvisional = false;
      patch.overdueAt = null;
      patch.escalatedTo = null;
      await db.delete(caseDepartments).where(eq(caseDepartments.caseId, caseId));
      await cancelTimers(db, caseId, ['accept_warn', 'accept_due', 'reply_warn', 'reply_due'], at);
      outbox.push(
        ...(await toOffices(db, row.regionCode, caseId, 'case_returned', {
          number: row.number,
          reason: input.reason,
        })),
      );
      break;
    case 'accept':
      await cancelTimers(db, caseId, ['accept_warn', 'accept_due'], at);
      break;
    case 'reply':
    case 'answer_on_site':
    case 'handle_locally': {
      if (!input.reply) throw new AppError('validation', '请填写答复内容');
      const problems = validateReply(input.reply, shanghaiDate(at));
      if (problems.length > 0) throw new AppError('validation', problems.join('；'), { problems });
      payload.reply = input.reply;
      if (action === 'reply') {
        await cancelTimers(db, caseId, ['reply_warn', 'reply_due', 'accept_due', 'accept_warn'], at);
        payload.late = row.replyDueAt !== null && at > row.replyDueAt;
      }
      // A new reply replaces any earlier commitment that was never revisited (a reopened case).
      await db
        .update(commitments)
        .set({ status: 'superseded' })
        .where(and(eq(commitments.caseId, caseId), inArray(commitments.status, ['pending', 'due'])));
      patch.commitmentDate = null;
      patch.commitmentDue = false;
      if (input.reply.kind === 'will_resolve' && input.reply.committedDate) {
        // 答复承诺事项台账: tracked until revisited.
        await db.insert(commitments).values({
          caseId,
          regionCode: row.regionCode,
          departmentId: row.leadDepartmentId,
          measures: input.reply.measures ?? '',
          committedDate: input.reply.committedDate,
          createdAt: at,
        });
        patch.commitmentDate = input.reply.committedDate;
        patch.commitmentDue = false;
        await scheduleTimer(db, {
          caseId,
          regionCode: row.regionCode,
          caseSeq: seq,
          kind: 'commitment_due',
          fireAt: startOfShanghaiDay(input.reply.committedDate),
        });
      }
      outbox.push(
        ...(await toOffices(db, row.regionCode, caseId, 'case_replied', {
          number: row.number,
          kind: REPLY_KIND_LABELS[input.reply.kind],
        })),
      );
      break;
    }
    case 'feed_back':
      if (!input.feedback?.content) throw new AppError('validation', '请填写反馈方式和内容');
      payload.feedback = input.feedback;
      patch.ratingDueAt = calendarDayDeadline(
        at,
        (await ratingSettingsFor(db, deps.settings, row.regionCode)).ratingWaitDays,
      );
      await scheduleTimer(db, {
        caseId,
        regionCode: row.regionCode,
        caseSeq: seq,
        kind: 'rating_due',
        fireAt: patch.ratingDueAt,
      });
      if (row.personPhoneCipher) {
        outbox.push({
          regionCode: row.regionCode,
          caseId,
          channel: 'sms',
          recipient: row.personPhoneCipher,
          template: 'case_fed_back',
          vars: { number: row.number, content: input.feedback.content },
        });
      }
      break;
    case 'rate':
      payload.satisfaction = input.satisfaction;
      if (input.ratingTimedOut) payload.timedOut = true;
      patch.lastSatisfaction = input.satisfaction ?? null;
      patch.ratingDueAt = null;
      break;
    case 'reopen':
      patch.reopenCount = row.reopenCount + 1;
      patch.lastSatisfaction = null;
      payload.reason = input.reason;
      payload.reopenCount = row.reopenCount + 1;
      break;
    case 'revisit':
      payload.revisit = input.revisit;
      await db
        .update(commitments)
        .set({ status: 'fulfilled', revisitedAt: at, revisitResult: input.revisit?.content ?? '' })
        .where(and(eq(commitments.caseId, caseId), inArray(commitments.status, ['pending', 'due'])));
      patch.commitmentDate = null;
      patch.commitmentDue = false;
      patch.lastSatisfaction = null;
      patch.ratingDueAt = calendarDayDeadline(
        at,
        (await ratingSettingsFor(db, deps.settings, row.regionCode)).ratingWaitDays,
      );
      await scheduleTimer(db, {
        caseId,
        regionCode: row.regionCode,
        caseSeq: seq,
        kind: 'rating_due',
        fireAt: patch.ratingDueAt,
      });
      break;
    case 'close':
      patch.closedAt = at;
      payload.ratingTimedOut = input.ratingTimedOut ?? false;
      if (input.reason) payload.reason = input.reason;
      break;
    case 'withdraw':
      patch.closedAt = at;
      payload.reason = input.reason;
      await cancelTimers(
        db,
        caseId,
        ['accept_warn', 'accept_due', 'reply_warn', 'reply_due', 'rating_due', 'commitment_due'],
        at,
      );
      break;
  }

  const [updated] = await db.update(cases).set(patch).where(eq(cases.id, caseId)).returning();
  await db.insert(caseEvents).values({
    caseId,
    regionCode: row.regionCode,
    seq,
    at,
    actorId: actor.id,
    actorName: actor.name,
    action,
    fromStatus: row.status,
    toStatus: result.to,
    payload,
  });
  await enqueue(db, at, outbox);

  // 共性问题: one referral, acceptance and reply serve every member case at the same step.
  if (row.commonIssueId && !opts.viaCommonIssue && PROPAGATE.has(action)) {
    const members = await db
      .select({ id: cases.id })
      .from(cases)
      .where(
        and(eq(cases.commonIssueId, row.commonIssueId), ne(cases.id, caseId), eq(cases.status, row.status)),
      );
    for (const m of members) {
      await transitionCase(deps, db, m.id, action, input, actor, at, { viaCommonIssue: row.commonIssueId });
    }
  }
  return updated!;
}

/** An event that records a fact without changing the state (supervision, overdue, link …). */
export async function noteEvent(
  db: Db,
  caseId: string,
  action: string,
  payload: Record<string, unknown>,
  actor: CaseActor,
  at: Date,
  patch: Partial<CaseRow> = {},
): Promise<CaseRow> {
  const row = await q.lockCase(db, caseId);
  if (!row) throw new AppError('not_found');
  const seq = row.lastSeq + 1;
  const [updated] = await db
    .update(cases)
    .set({ ...patch, lastSeq: seq })
    .where(eq(cases.id, caseId))
    .returning();
  await db.insert(caseEvents).values({
    caseId,
    regionCode: row.regionCode,
    seq,
    at,
    actorId: actor.id,
    actorName: actor.name,
    action,
    fromStatus: row.status,
    toStatus: row.status,
    payload,
  });
  return updated!;
}

const FINAL = ['closed', 'withdrawn'];

/** 督办 / 重点督办. */
export async function superviseCase(
  db: Db,
  caseId: string,
  input: { kind: 'ordinary' | 'key'; note?: string },
  actor: CaseActor,
  at: Date,
): Promise<CaseRow> {
  const row = await q.lockCase(db, caseId);
  if (!row) throw new AppError('not_found');
  if (FINAL.includes(row.status)) {
    throw new AppError('transition_not_allowed', '已办结的件不能督办', {
      allowed: [],
      caseStatus: row.status,
    });
  }
  const updated = await noteEvent(
    db,
    caseId,
    'supervise',
    { kind: input.kind, note: input.note ?? null },
    actor,
    at,
    {
      supervision: input.kind,
      supervisedAt: at,
    },
  );
  if (row.leadDepartmentId) {
    await enqueue(
      db,
      at,
      (await toDepartment(db, row.leadDepartmentId, row.regionCode, caseId))('case_supervised', {
        number: row.number,
        kind: input.kind === 'key' ? '重点督办' : '督办',
      }),
    );
  }
  return updated;
}

/** Creates a common issue (共性问题) in a region. */
export async function createCommonIssue(
  db: Db,
  input: { regionCode: string; title: string; summary?: string; categoryKey?: string | null },
  actor: CaseActor,
  at: Date,
) {
  const [row] = await db
    .insert(commonIssues)
    .values({
      regionCode: input.regionCode,
      title: input.title,
      summary: input.summary ?? '',
      categoryKey: input.categoryKey ?? null,
      createdAt: at,
      createdBy: actor.id,
    })
    .returning();
  return row!;
}

/** Links a case into a common issue; it must still be before referral (registered/triaged). */
export async function linkCase(db: Db, caseId: string, commonIssueId: string, actor: CaseActor, at: Date) {
  const row = await q.lockCase(db, caseId);
  if (!row) throw new AppError('not_found');
  if (!['registered', 'triaged', 'reopened'].includes(row.status)) {
    throw new AppError('transition_not_allowed', '只有尚未交办的件才能并入共性问题', {
      allowed: [],
      caseStatus: row.status,
    });
  }
  return noteEvent(db, caseId, 'link', { commonIssueId }, actor, at, { commonIssueId });
}

/** Approves the public text for the board (公示): needs consent, refuses phone/ID numbers. */
export async function publishCase(db: Db, caseId: string, text: string, actor: CaseActor, at: Date) {
  const row = await q.lockCase(db, caseId);
  if (!row) throw new AppError('not_found');
  if (!row.consentPublish) throw new AppError('conflict', '反映人未同意公开，不能公示');
  const problem = publicTextProblem(text);
  if (problem) throw new AppError('conflict', problem);
  return noteEvent(db, caseId, 'publish', { publicText: text }, actor, at, {
    publicText: text,
    publishedAt: at,
  });
}

/** What a timer does when it fires; returns the outcome recorded on the timer row. */
/**
 * A deadline (accept or reply) lapsed: the case is marked overdue and escalated to the level
 * above its own (an event row), and the offices there get `case_overdue` — returned to enqueue.
 */
async function lapse(
  tx: Db,
  row: CaseRow,
  action: 'accept_overdue' | 'overdue',
  stage: 'accept' | 'reply',
  dueAt: Date,
  at: Date,
  vars: Record<string, string>,
): Promise<Enqueue[]> {
  const up = await escalate(tx, row);
  await noteEvent(
    tx,
    row.id,
    action,
    { stage, dueAt, escalatedTo: up.region },
    { id: null, name: '系统' },
    at,
    { overdueAt: at, escalatedTo: up.region },
  );
  return toUsers(tx, up.recipients, { regionCode: row.regionCode, caseId: row.id }, 'case_overdue', vars);
}

export function timerEffect(deps: CaseDeps) {
  const SYSTEM = { id: null, name: '系统' };
  return async (tx: Db, timer: ClaimedTimer, at: Date): Promise<string> => {
    const row = await q.lockCase(tx, timer.caseId);
    if (!row) return 'missing';
    switch (timer.kind) {
      case 'accept_warn': {
        if (row.status !== 'assigned' || !row.leadDepartmentId || !row.acceptDueAt) return 'stale';
        await enqueue(
          tx,
          at,
          (await toDepartment(tx, row.leadDepartmentId, row.regionCode, row.id))('accept_warning', {
            number: row.number,
            title: row.title,
            due: shanghaiDate(row.acceptDueAt),
          }),
        );
        return 'warned';
      }
      case 'accept_due': {
        if (row.status !== 'assigned' || !row.acceptDueAt || row.acceptDueAt > at) return 'stale';
        // Not signed for in time: marked overdue and escalated, as a lapsed reply is.
        const vars = { number: row.number, title: row.title, due: shanghaiDate(row.acceptDueAt) };
        await enqueue(tx, at, [
          ...(row.leadDepartmentId
            ? (await toDepartment(tx, row.leadDepartmentId, row.regionCode, row.id))('accept_overdue', vars)
            : []),
          ...(await lapse(tx, row, 'accept_overdue', 'accept', row.acceptDueAt, at, vars)),
        ]);
        return 'accept_overdue';
      }
      case 'reply_warn': {
        if (!AWAITING_REPLY.includes(row.status) || !row.leadDepartmentId) return 'stale';
        await enqueue(
          tx,
          at,
          (await toDepartment(tx, row.leadDepartmentId, row.regionCode, row.id))('deadline_warning', {
            number: row.number,
            due: row.replyDueAt ? shanghaiDate(row.replyDueAt) : '',
          }),
        );
        return 'warned';
      }
      case 'reply_due': {
        if (!AWAITING_REPLY.includes(row.status) || !row.replyDueAt || row.replyDueAt > at) return 'stale';
        // Overdue: marked, and escalated to the level above the handling level.
        const vars = { number: row.number, title: row.title };
        await enqueue(tx, at, await lapse(tx, row, 'overdue', 'reply', row.replyDueAt, at, vars));
        return 'overdue';
      }
      case 'commitment_due': {
        if (!row.commitmentDate || row.commitmentDate > shanghaiDate(at)) return 'stale';
        await tx
          .update(commitments)
          .set({ status: 'due', dueAt: at })
          .where(and(eq(commitments.caseId, row.id), eq(commitments.status, 'pending')));
        await noteEvent(tx, row.id, 'commitment_due', { committedDate: row.commitmentDate }, SYSTEM, at, {
          commitmentDue: true,
        });
        await enqueue(
          tx,
          at,
          await toOffices(tx, row.regionCode, row.id, 'commitment_due', {
            number: row.number,
            date: row.commitmentDate,
          }),
        );
        return 'due';
      }
      case 'rating_due': {
        if (row.status !== 'fed_back' || !row.ratingDueAt || row.ratingDueAt > at) return 'stale';
        // No answer within the wait counts as configured …
        const rated = await transitionCase(
          deps,
          tx,
          row.id,
          'rate',
          {
            satisfaction: (await ratingSettingsFor(tx, deps.settings, row.regionCode)).ratingTimeoutCountsAs,
            ratingTimedOut: true,
          },
          SYSTEM,
          at,
        );
        // … and closes the case (the lifecycle's "no answer in N days → closed"), unless a
        // commitment still waits for its revisit: that brings it back for a fresh rating.
        if (rated.commitmentDate !== null) return 'rated_by_timeout';
        await transitionCase(deps, tx, row.id, 'close', { ratingTimedOut: true }, SYSTEM, at);
        return 'closed_by_timeout';
      }
    }
    return 'unknown';
  };
}
