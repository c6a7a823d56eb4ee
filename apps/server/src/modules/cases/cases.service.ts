// The case module's service: what the routes call (visibility check, Idempotency-Key, one short
// transaction, the fresh read), and the in-transaction operations other modules, seeds and tests
// use — registration, the lifecycle steps, the facts and the timer effect — re-exported from the
// files that hold them (registration.ts, transitions/, facts.ts, timer-effects.ts).
import { type CaseAction, sniffAttachment } from '@lianluo/domain';
import { auditActor, recordAudit } from '../../core/audit.queries.ts';
import type { Actor, Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { caseVisibility } from '../../core/policies/case-visibility.queries.ts';
import { denyOutOfScope, narrowScope } from '../../core/scope.ts';
import type { Db } from '../../db/client.ts';
import { idempotent, requestHashOf, storedAnswer } from '../../http/idempotency.ts';
import { PHOTO_SIZES, processImage } from '../../http/images.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import { recordIntakeSuggestion } from '../analytics/analytics.queries.ts';
import * as attachmentsQ from './attachments.queries.ts';
import { caseActor } from './case-actor.ts';
import type { DetailData } from './cases.presenter.ts';
import * as q from './cases.queries.ts';
import type {
  CreateCase,
  LinkBody,
  ListCasesQuery,
  PublishBody,
  QueuesQuery,
  Reporter,
  SuperviseBody,
} from './cases.schemas.ts';
import { linkCase, noteEvent, publishCase, superviseCase } from './facts.ts';
import { isKeyTaken, type RegisteredCase, registerCase } from './registration.ts';
import { type TransitionInput, transitionCase } from './transitions/index.ts';

/** The case if the caller may see it; else 404, and an existing case out of sight goes on record. */
async function loadVisible(deps: Deps, actor: Actor, id: string) {
  const row = await q.findCase(deps.db, id, caseVisibility(actor, actor.scope));
  if (row) return row;
  // Exists but not visible: same 404, and the attempt goes on record.
  if (await q.caseRegion(deps.db, id)) await denyOutOfScope(deps, actor, 'case', id);
  throw new AppError('not_found');
}

/** Everything the detail shows (cases.presenter.ts `presentDetail`). */
async function readDetail(db: Db, caseId: string): Promise<DetailData> {
  const row = await q.findCase(db, caseId);
  if (!row) throw new Error('case vanished');
  const parts = await q.detailParts(db, caseId);
  return { row, parts, events: await q.listEvents(db, caseId) };
}

/** A write as a route asks for it: the case, the Idempotency-Key (if any) and the body it guards. */
export interface CaseWrite {
  id: string;
  key: string | undefined;
  body: unknown;
}

/**
 * One write: the idempotent work in one short transaction (it stores the case id under the key),
 * then the fresh detail read after commit — so a replay answers with the case as it is now, and
 * no lock is held while the answer is assembled.
 */
async function write(
  deps: Deps,
  actor: Actor,
  w: CaseWrite,
  route: string,
  work: (tx: Db) => Promise<unknown>,
): Promise<DetailData> {
  const now = deps.now();
  const done = await deps.db.transaction(async (tx) =>
    idempotent(tx, w.key, actor.id, route, { id: w.id, body: w.body }, now, async () => {
      await work(tx);
      return { id: w.id };
    }),
  );
  return readDetail(deps.db, done.id);
}

/** listCases: the caller's visible cases (or a work queue of them), newest first, by keyset. */
export async function listCases(deps: Deps, actor: Actor, query: ListCasesQuery) {
  const scope = await narrowScope(deps, actor, query.region);
  const cursor = decodeCursor(query.cursor, ['timestamp', 'uuid']);
  const after: [string, string] | null = cursor && [String(cursor[0]), String(cursor[1])];
  const now = deps.now();
  // The schema's default (Ajv fills it in); restated only for the type.
  const limit = query.limit ?? 20;
  const rows = await q.listCases(deps.db, {
    visibility: query.queue ? q.queueVisibility(actor, scope) : caseVisibility(actor, scope),
    queue: query.queue,
    status: query.status,
    category: query.category,
    q: query.q,
    overdue: query.overdue,
    now,
    after,
    limit,
  });
  return { ...page(rows, limit, (r) => [r.registeredAt.toISOString(), r.id]), now };
}

/** listQueues: how many cases wait in each of the caller's work queues. */
export async function listQueues(deps: Deps, actor: Actor, query: QueuesQuery) {
  const scope = await narrowScope(deps, actor, query.region);
  return q.queueCounts(deps.db, actor, scope, deps.now());
}

export async function getCase(deps: Deps, actor: Actor, id: string): Promise<DetailData> {
  await loadVisible(deps, actor, id);
  return readDetail(deps.db, id);
}

export async function getCaseTimeline(deps: Deps, actor: Actor, id: string) {
  await loadVisible(deps, actor, id);
  return q.listEvents(deps.db, id);
}

/**
 * createCase: one statement, no transaction (the busiest write costs two round trips), unless the
 * form showed a category suggestion: then the suggestion is recorded with the case, or neither is.
 * A replayed key finds its row taken and answers with the case as it is now.
 */
export async function createCase(
  deps: Deps,
  actor: Actor,
  input: CreateCase,
  rawKey: string | undefined,
): Promise<{ registered: RegisteredCase } | { detail: DetailData }> {
  const { suggestion, ...body } = input;
  await narrowScope(deps, actor, body.regionCode);
  if (actor.role === 'station_officer' && !body.stationId) body.stationId = actor.stationId ?? undefined;
  const key = rawKey
    ? {
        actorId: actor.id,
        key: rawKey,
        route: 'createCase',
        requestHash: requestHashOf(rawKey, 'createCase', { id: null, body }),
      }
    : undefined;
  const register = async (db: Db) => {
    const row = await registerCase(deps, db, body, caseActor(actor), deps.now(), key);
    if (suggestion) await recordIntakeSuggestion(db, row, suggestion, deps.now());
    return row;
  };
  try {
    return {
      registered: suggestion ? await deps.db.transaction((tx) => register(tx)) : await register(deps.db),
    };
  } catch (err) {
    if (!key || !isKeyTaken(err)) throw err;
    const { id } = await storedAnswer<{ id: string }>(deps.db, key.actorId, key.key, key.requestHash);
    return { detail: await readDetail(deps.db, id) };
  }
}

/** A lifecycle action (triage … withdraw) on a visible case; the guard permission is ACTION_PERMISSION. */
export async function actOnCase(
  deps: Deps,
  actor: Actor,
  action: CaseAction,
  route: string,
  w: CaseWrite & { body: TransitionInput },
): Promise<DetailData> {
  const row = await loadVisible(deps, actor, w.id);
  // The role may do this kind of thing, but not on this case (a co-handler accepting).
  const lead = actor.departmentId !== null && actor.departmentId === row.leadDepartmentId;
  if (actor.role === 'department_handler' && !lead) {
    throw new AppError('forbidden', '只有主办单位可以签收、退回和答复');
  }
  return write(deps, actor, w, route, (tx) =>
    transitionCase(deps, tx, w.id, action, w.body, caseActor(actor), deps.now()),
  );
}

/** superviseCase: 督办 / 重点督办. */
export async function supervise(deps: Deps, actor: Actor, w: CaseWrite & { body: SuperviseBody }) {
  await loadVisible(deps, actor, w.id);
  return write(deps, actor, w, 'superviseCase', (tx) =>
    superviseCase(tx, w.id, w.body, caseActor(actor), deps.now()),
  );
}

/** linkCases: into a common issue of the caller's county. */
export async function link(deps: Deps, actor: Actor, w: CaseWrite & { body: LinkBody }) {
  await loadVisible(deps, actor, w.id);
  return write(deps, actor, w, 'linkCases', async (tx) => {
    const issue = await q.findCommonIssue(tx, w.body.commonIssueId);
    if (!issue?.regionCode.startsWith(actor.scope.slice(0, 6)))
      throw new AppError('validation', '共性问题不存在');
    await linkCase(tx, w.id, w.body.commonIssueId, caseActor(actor), deps.now());
  });
}

/** publishCase: the text for the board (公示). */
export async function publish(deps: Deps, actor: Actor, w: CaseWrite & { body: PublishBody }) {
  await loadVisible(deps, actor, w.id);
  return write(deps, actor, w, 'publishCase', (tx) =>
    publishCase(tx, w.id, w.body.text, caseActor(actor), deps.now()),
  );
}

/** revealReporter: the person's name, phone, ID number and address in clear, with a reason on record. */
export async function revealReporter(
  deps: Deps,
  actor: Actor,
  id: string,
  rawReason: string | undefined,
): Promise<Reporter> {
  await loadVisible(deps, actor, id);
  const reason = rawReason?.trim();
  if (!reason || reason.length < 2) throw new AppError('validation', '查看个人信息须说明理由');
  const row = await q.caseWithCiphers(deps.db, id);
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
}

/** An uploaded file as the route received it. */
export interface ReceivedFile {
  filename: string;
  bytes: Buffer;
}

/**
 * uploadAttachment: typed by content, never by name; photos are re-encoded (http/images.ts: EXIF
 * and GPS dropped, size bounded, bombs refused). `receive` reads the upload once the case is
 * known to be visible.
 */
export async function uploadAttachment(
  deps: Deps,
  actor: Actor,
  id: string,
  receive: () => Promise<ReceivedFile | undefined>,
) {
  const row = await loadVisible(deps, actor, id);
  const file = await receive();
  if (!file) throw new AppError('validation', '没有收到文件');
  const raw = file.bytes;
  if (raw.length === 0) throw new AppError('validation', '文件为空');
  let mime = sniffAttachment(file.filename, raw.subarray(0, 16));
  if (!mime)
    throw new AppError(
      'unsupported_media_type',
      '文件内容与扩展名不符，或不是允许的类型（jpg/png/gif/webp/pdf/doc/docx/xlsx）',
    );
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
  return deps.db.transaction(async (tx) => {
    const a = await attachmentsQ.insertAttachment(tx, {
      caseId: id,
      regionCode: row.regionCode,
      fileName,
      mime,
      size: bytes.length,
      sha256: stored.sha256,
      storageKey: stored.key,
      createdAt: now,
      createdBy: actor.id,
    });
    await noteEvent(
      tx,
      id,
      'attach',
      { attachmentId: a.id, fileName, note: fileName },
      caseActor(actor),
      now,
    );
    return a;
  });
}

export async function listAttachments(deps: Deps, actor: Actor, id: string) {
  await loadVisible(deps, actor, id);
  return attachmentsQ.listAttachments(deps.db, id);
}

/** getAttachment: the file, if the caller may see its case (else 404, on record). */
export async function getAttachment(deps: Deps, actor: Actor, id: string) {
  const a = await attachmentsQ.findAttachment(deps.db, id);
  if (!a) throw new AppError('not_found');
  const visible = await q.findCase(deps.db, a.caseId, caseVisibility(actor, actor.scope));
  if (!visible) {
    await denyOutOfScope(deps, actor, 'attachment', id);
    throw new AppError('not_found');
  }
  return { mime: a.mime, fileName: a.fileName, bytes: await deps.storage.get(a.storageKey) };
}
