// 登记: an opinion becomes a case. Staff intake (POST /api/cases), the public form and Open311 all
// come through `registerCase`.
import { randomUUID } from 'node:crypto';
import {
  type CaseLevel,
  countyCode,
  isRegionCode,
  isValidIdNumber,
  maskAddress,
  maskIdNumber,
  maskName,
  maskPhone,
  normalizeMobile,
  scopePrefix,
  shanghaiDate,
} from '@lianluo/domain';
import { searchTokens } from '@lianluo/text';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import type { Db } from '../../db/client.ts';
import { perDatabase } from '../../db/per-database.ts';
import { pgErrorOf } from '../../http/database-errors.ts';
import type { CaseActor } from './case-actor.ts';
import { type CaseRow, ensureCaseNumberSequence } from './cases.queries.ts';
import {
  type IntakeParams,
  type IntakeReferences,
  insertIntake,
  readReferences,
} from './registration.queries.ts';

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

/** A case as registration leaves it, with the names its first answer shows. */
export type RegisteredCase = CaseRow & {
  categoryName: string | null;
  stationName: string | null;
  deputies: { id: string; name: string }[];
  createdByName: string;
};

/** Store the answer under the caller's Idempotency-Key in the same statement as the case. */
export interface IntakeKey {
  actorId: string;
  key: string;
  route: string;
  requestHash: string;
}

/** Level implied by the region code when the caller does not say: village 12, town 9, else county. */
function levelOf(regionCode: string): CaseLevel {
  const p = scopePrefix(regionCode);
  return p.length >= 12 ? 'village' : p.length >= 9 ? 'town' : 'county';
}

/**
 * Stations and categories met at intake, for a short while. A station's region never changes
 * (only its name, address and hours do) and neither is ever deleted, so a remembered station
 * answers the county check exactly; the foreign keys remain the last word on existence. Misses
 * are not remembered: a station created a moment ago is found.
 */
const REFERENCE_MS = 30_000;
type Station = { regionCode: string; name: string };
type Known = { kind: 'category'; value: string } | { kind: 'station'; value: Station };
const knownOf = perDatabase(() => new Map<string, Known & { until: number }>());

async function intakeReferences(
  db: Db,
  input: RegisterCaseInput,
  deputyIds: string[],
): Promise<IntakeReferences> {
  if (!input.categoryKey && !input.stationId && !input.receptionId && deputyIds.length === 0) {
    return { category: null, station: null, reception: false, deputies: [] };
  }
  const known = knownOf(db);
  const now = performance.now();
  const recall = (key: string) => {
    const hit = known.get(key);
    return hit && hit.until > now ? hit : undefined;
  };
  const categoryHit = input.categoryKey ? recall(`category:${input.categoryKey}`) : undefined;
  const stationHit = input.stationId ? recall(`station:${input.stationId}`) : undefined;
  const category = input.categoryKey
    ? categoryHit?.kind === 'category'
      ? categoryHit.value
      : undefined
    : null;
  const station = input.stationId ? (stationHit?.kind === 'station' ? stationHit.value : undefined) : null;
  if (category !== undefined && station !== undefined && !input.receptionId && deputyIds.length === 0) {
    return { category, station, reception: false, deputies: [] };
  }
  const found = await readReferences(db, input, deputyIds);
  if (known.size >= 5_000) known.clear();
  if (input.categoryKey && found.category !== null) {
    known.set(`category:${input.categoryKey}`, {
      kind: 'category',
      value: found.category,
      until: now + REFERENCE_MS,
    });
  }
  if (input.stationId && found.station !== null) {
    known.set(`station:${input.stationId}`, {
      kind: 'station',
      value: found.station,
      until: now + REFERENCE_MS,
    });
  }
  return found;
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
  const sequence = await ensureCaseNumberSequence(deps.db, db, county, year);
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
  const row = await insertIntake(deps.db, db, params, { withKey: !!key, deputies: deputyIds.length });
  return {
    ...row,
    categoryName: refs.category,
    stationName: refs.station?.name ?? null,
    deputies: deputyIds.map((id) => refs.deputies.find((d) => d.id === id)!),
    createdByName: actor.name,
  };
}

/** Did a write fail because its Idempotency-Key was already used (by this or a concurrent request)? */
export function isKeyTaken(err: unknown): boolean {
  const e = pgErrorOf(err);
  return e?.code === '23505' && String(e.constraint ?? '').startsWith('idempotency_keys');
}
