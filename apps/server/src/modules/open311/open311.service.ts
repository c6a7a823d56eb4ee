import {
  cleanClientText,
  isRegionCode,
  normalizeMobile,
  parseCaseNumber,
  type RateRule,
  scopePrefix,
} from '@lianluo/domain';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { rateBucket, rateHit, retryAfterSeconds } from '../../core/rate-limit.ts';
import type { Db } from '../../db/client.ts';
import { registerCase } from '../cases/registration.ts';
import { Open311Errors, TOO_MANY_REQUESTS } from './open311.format.ts';
import { authenticateKey, hashKey, type KeyRow } from './open311.keys.ts';
import { presentRequest } from './open311.presenter.ts';
import * as q from './open311.queries.ts';

/**
 * The Open311 GeoReport v2 façade over the case workflow. Errors are AppErrors whose message is
 * the spec's error description (English phrase of the spec, then ours in Chinese); the routes turn
 * them into the spec's error list. Nothing here reveals a person: names, phones and e-mails are
 * write-only, the description shown is the text staff approved for the public board.
 */

const SPEC_URL = 'http://wiki.open311.org/GeoReport_v2';
/** When this façade's documents last changed (discovery's `changeset`). */
const CHANGESET = '2026-11-25T00:00:00+08:00';
/** The spec's default window and the widest one allowed, in days. */
const WINDOW_DAYS = 90;
/** Most requests one GET returns (the spec's "1000 most recent"). */
const MAX_REQUESTS = 1000;
const DESCRIPTION_MAX = 4000;

const bad = (description: string) => new AppError('validation', description);
const forbidden = (description: string) => new AppError('forbidden', description);
const missing = (description: string) => new AppError('not_found', description);

/** A parsed body or query as a record of fields ({} for anything else). */
export const recordOf = (v: unknown): Record<string, unknown> => (isFields(v) ? v : {});
const isFields = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One form or query field as a string; a repeated field is joined as the spec's comma list. */
export function field(source: Record<string, unknown> | undefined, name: string): string | undefined {
  const v = source?.[name];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.map(String).join(',');
  if (typeof v === 'object') return undefined;
  return String(v);
}

/**
 * Counts a request against its API key (from the body or the query), or its IP without one, in
 * the database like the public pages' limits, so the limit holds across server processes. Past
 * the rule: the spec's 429 with Retry-After.
 */
export async function countRequest(
  deps: Pick<Deps, 'db' | 'crypto' | 'now'>,
  rule: RateRule,
  input: { body: unknown; query: unknown; ip: string },
): Promise<void> {
  const key = field(recordOf(input.body), 'api_key') ?? field(recordOf(input.query), 'api_key');
  const bucket = key
    ? `open311-key:${hashKey(key).slice(0, 24)}`
    : rateBucket(deps.crypto, 'open311-ip', input.ip);
  const now = deps.now();
  if ((await rateHit(deps.db, bucket, rule, now)) <= rule.max) return;
  throw new AppError(
    'too_many_requests',
    TOO_MANY_REQUESTS,
    {},
    { 'retry-after': String(retryAfterSeconds(rule, now)) },
  );
}

export function discovery(baseUrl: string) {
  return {
    changeset: CHANGESET,
    contact: '本县人大常委会代表工作委员会（联络站平台管理员）',
    key_service: '密钥由县级联络工作机构在联络平台控制台“Open311 接口”页面签发，签发时仅显示一次。',
    endpoints: [
      {
        specification: SPEC_URL,
        url: `${baseUrl}/open311/v2`,
        changeset: CHANGESET,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

/**
 * An optional `jurisdiction_id`: a 12-digit region code that exists. Unknown or malformed codes
 * are the spec's 400.
 */
export async function checkJurisdiction(db: Db, id: string | undefined, required: boolean) {
  if (id === undefined || id === '') {
    if (required) throw bad('jurisdiction_id was not provided（缺少 jurisdiction_id，即12位区划代码）');
    return null;
  }
  if (!isRegionCode(id) || !(await q.regionExists(db, id))) {
    throw bad(`jurisdiction_id provided was not found（区划代码不存在：${id.slice(0, 20)}）`);
  }
  return id;
}

export async function services(db: Db) {
  const rows = await q.allCategories(db);
  return rows.map((c) => ({
    service_code: c.key,
    service_name: c.name,
    description: `${c.name}方面的意见和诉求`,
    metadata: false,
    type: 'realtime',
    keywords: c.name,
    group: '联络站意见',
  }));
}

export async function serviceDefinition(db: Db, code: string) {
  const c = await q.findCategory(db, code);
  if (!c) throw missing(`service_code was not found（没有这个意见类别：${code.slice(0, 40)}）`);
  // No extra questions per category (metadata false): the definition is valid and empty.
  const attributes: unknown[] = [];
  return { service_code: c.key, attributes };
}

/** A key that is present, known and not revoked, or the spec's 403. */
async function requireKey(db: Db, presented: string | undefined, at: Date): Promise<KeyRow> {
  const auth = await authenticateKey(db, presented, at);
  if (!auth.ok) {
    throw forbidden(
      auth.problem === 'missing'
        ? 'api_key was not provided（缺少 api_key）'
        : 'api_key was invalid（api_key 无效或已吊销）',
    );
  }
  return auth.key;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/u;

function coordinate(raw: string | undefined, name: 'lat' | 'long', errors: string[]): number | null {
  if (raw === undefined || raw.trim() === '') return null;
  const limit = name === 'lat' ? 90 : 180;
  const v = /^[+-]?\d{1,3}(\.\d+)?$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(v) || Math.abs(v) > limit) {
    errors.push(
      `${name} is invalid（${name === 'lat' ? '纬度' : '经度'}应为 -${limit} 至 ${limit} 的十进制数）`,
    );
    return null;
  }
  return v;
}

function optionalText(
  body: Record<string, unknown>,
  name: string,
  max: number,
  errors: string[],
): string | null {
  const raw = field(body, name);
  if (raw === undefined) return null;
  const v = cleanClientText(raw);
  if (v.length > max) errors.push(`${name} is too long（${name} 不能超过 ${max} 个字符）`);
  return v || null;
}

/**
 * POST requests: checks the key, the jurisdiction and every field, then registers the case
 * through the case service in one transaction. Any error leaves nothing behind.
 */
export async function createRequest(
  deps: Pick<Deps, 'db' | 'crypto' | 'now'>,
  body: Record<string, unknown>,
) {
  const at = deps.now();
  const key = await requireKey(deps.db, field(body, 'api_key'), at);
  const keyScope = scopePrefix(key.regionCode);
  const jurisdiction = await checkJurisdiction(deps.db, field(body, 'jurisdiction_id'), false);
  if (jurisdiction && !jurisdiction.startsWith(keyScope)) {
    throw forbidden(
      `api_key is not valid for this jurisdiction_id（该密钥只能提交本辖区 ${key.regionCode} 的诉求）`,
    );
  }
  const errors: string[] = [];
  const code = field(body, 'service_code')?.trim();
  const category = code ? await q.findCategory(deps.db, code) : undefined;
  if (!code) errors.push('service_code was not provided（缺少 service_code）');
  else if (!category) errors.push(`service_code was not found（没有这个意见类别：${code.slice(0, 40)}）`);

  const lat = coordinate(field(body, 'lat'), 'lat', errors);
  const long = coordinate(field(body, 'long'), 'long', errors);
  const latGiven = (field(body, 'lat') ?? '').trim() !== '';
  const longGiven = (field(body, 'long') ?? '').trim() !== '';
  if (latGiven !== longGiven) errors.push('lat and long must be given together（经纬度须同时提供）');
  const address = optionalText(body, 'address_string', 300, errors);
  const hasPoint = latGiven && longGiven && lat !== null && long !== null;
  if (!hasPoint && !address && !(latGiven || longGiven)) {
    errors.push(
      field(body, 'address_id')
        ? 'address_id is not supported, send lat/long or address_string（不支持 address_id，请提供经纬度或地址）'
        : 'location was not provided: lat/long or address_string is required（须提供经纬度或地址）',
    );
  }

  const description = cleanClientText(field(body, 'description') ?? '');
  if (!description) errors.push('description was not provided（请填写诉求内容）');
  else if (description.length > DESCRIPTION_MAX) {
    errors.push(`description is too long（诉求内容不能超过 ${DESCRIPTION_MAX} 个字符）`);
  }
  const email = optionalText(body, 'email', 254, errors);
  if (email && !EMAIL.test(email)) errors.push('email is invalid（电子邮箱格式不正确）');
  const phone = optionalText(body, 'phone', 30, errors);
  // Checked here too (registerCase would refuse it) so that the problem is listed with the others.
  if (phone && !normalizeMobile(phone)) {
    errors.push('phone is invalid（手机号码格式不正确，须为大陆手机号）');
  }
  const firstName = optionalText(body, 'first_name', 25, errors);
  const lastName = optionalText(body, 'last_name', 25, errors);
  const mediaUrl = optionalText(body, 'media_url', 2000, errors);
  if (mediaUrl && !/^https?:\/\/[^\s<>"]+$/iu.test(mediaUrl)) {
    errors.push('media_url is invalid（media_url 须为 http(s) 链接）');
  }
  const deviceId = optionalText(body, 'device_id', 100, errors);
  const accountId = optionalText(body, 'account_id', 100, errors);
  if (errors.length > 0) throw new Open311Errors(errors);

  // Chinese order: family name first.
  const name = `${lastName ?? ''}${firstName ?? ''}`.trim() || null;
  const firstLine = description.split('\n')[0]!;
  const title = firstLine.length > 30 ? `${firstLine.slice(0, 30)}…` : firstLine;
  const regionCode = jurisdiction ?? key.regionCode;
  const row = await deps.db.transaction(async (tx) => {
    const created = await registerCase(
      deps,
      tx,
      {
        regionCode,
        channel: 'open311',
        categoryKey: category!.key,
        title,
        content: description,
        personName: name,
        personPhone: phone,
        address,
        latitude: hasPoint ? lat : null,
        longitude: hasPoint ? long : null,
        anonymous: !name && !phone && !email,
        consentPublish: false,
      },
      { id: null, name: `Open311：${key.name}` },
      at,
    );
    await q.insertRequest(tx, {
      caseId: created.id,
      keyId: key.id,
      regionCode,
      receivedAt: at,
      mediaUrl,
      emailCipher: email ? deps.crypto.encrypt(email) : null,
      deviceId,
      accountId,
    });
    return created;
  });
  return [
    {
      service_request_id: row.number,
      service_notice: '已登记为联络站意见，办理进度可凭编号查询',
      account_id: accountId,
    },
  ];
}

async function present(db: Db, rows: q.RequestRow[]) {
  const replies = await q.latestReplies(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentRequest(r, replies.get(r.id)));
}

/** A W3C date-time with its offset (`2026-06-01T00:00:00+08:00`, `…Z`), or the spec's 400. */
function w3cDate(raw: string | undefined, name: string): Date | undefined {
  if (raw === undefined || raw === '') return undefined;
  const ok = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw);
  const t = ok ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(t)) {
    throw bad(`${name} is invalid（${name} 须为带时区的 W3C 时间，如 2026-06-01T00:00:00+08:00）`);
  }
  return new Date(t);
}

const DAY = 86_400_000;

/** The spec's comma list, trimmed, empty entries dropped. */
function list(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length > 0 ? items : undefined;
}

/**
 * GET requests of a jurisdiction with the spec's filters. `service_request_id` overrides the
 * others; otherwise the window defaults to the last 90 days and may not be wider.
 */
export async function listRequests(deps: Pick<Deps, 'db' | 'now'>, query: Record<string, unknown>) {
  const db = deps.db;
  const presented = field(query, 'api_key');
  if (presented !== undefined) await requireKey(db, presented, deps.now());
  const jurisdiction = (await checkJurisdiction(db, field(query, 'jurisdiction_id'), true))!;
  const scope = scopePrefix(jurisdiction);
  const ids = list(field(query, 'service_request_id'));
  if (ids) {
    if (ids.length > 100) throw bad('too many service_request_id（一次最多查询 100 个编号）');
    const rows = await q.findRequests(db, { scope, numbers: ids, limit: MAX_REQUESTS });
    return present(db, rows);
  }
  const codes = list(field(query, 'service_code'));
  if (codes) {
    const known = new Set((await q.allCategories(db)).map((c) => c.key));
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length > 0) {
      throw bad(`service_code was not found（没有这个意见类别：${unknown.join(',').slice(0, 80)}）`);
    }
  }
  const statuses = list(field(query, 'status'));
  if (statuses?.some((s) => s !== 'open' && s !== 'closed')) {
    throw bad('status is invalid, use open or closed（status 只能是 open 或 closed）');
  }
  // Both or neither is no filter; the check above leaves only these two words.
  const status =
    statuses && new Set(statuses).size === 1 ? (statuses[0] === 'open' ? 'open' : 'closed') : undefined;
  let from = w3cDate(field(query, 'start_date'), 'start_date');
  let to = w3cDate(field(query, 'end_date'), 'end_date');
  if (!from && !to) {
    to = deps.now();
    from = new Date(to.getTime() - WINDOW_DAYS * DAY);
  } else if (!to) {
    to = new Date(from!.getTime() + WINDOW_DAYS * DAY);
  } else if (!from) {
    from = new Date(to.getTime() - WINDOW_DAYS * DAY);
  }
  if (from! > to) throw bad('start_date is after end_date（开始时间晚于结束时间）');
  if (to.getTime() - from!.getTime() > WINDOW_DAYS * DAY) {
    throw bad(`date range may not exceed ${WINDOW_DAYS} days（查询时间跨度不能超过 ${WINDOW_DAYS} 天）`);
  }
  const rows = await q.findRequests(db, {
    scope,
    serviceCodes: codes,
    from,
    to,
    status,
    limit: MAX_REQUESTS,
  });
  return present(db, rows);
}

/** GET one request by its number; the jurisdiction, when given, must contain it. */
export async function getRequest(
  deps: Pick<Deps, 'db' | 'now'>,
  number: string,
  query: Record<string, unknown>,
) {
  const db = deps.db;
  const presented = field(query, 'api_key');
  if (presented !== undefined) await requireKey(db, presented, deps.now());
  const jurisdiction = await checkJurisdiction(db, field(query, 'jurisdiction_id'), false);
  const parsed = parseCaseNumber(number);
  const notFound = () =>
    missing(`service_request_id was not found（没有这个编号的诉求：${number.slice(0, 40)}）`);
  if (!parsed) throw notFound();
  // The number names its county, so the lookup stays inside one region like every other query.
  const scope = jurisdiction ? scopePrefix(jurisdiction) : parsed.countyCode;
  const rows = await q.findRequests(db, { scope, numbers: [number.trim().toUpperCase()], limit: 1 });
  if (rows.length === 0) throw notFound();
  return present(db, rows);
}
