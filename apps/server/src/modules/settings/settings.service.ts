import {
  type CaseLevel,
  type CaseUrgency,
  type DeadlineLimit,
  deadlineLimitProblems,
  effectiveDeadlineLimit,
  effectiveRatingSettings,
  isSettingsRegion,
  type RatingSettings,
  regionLevel,
  scopePrefix,
  settingsChain,
} from '@lianluo/domain';
import { auditActor, recordAudit } from '../../core/audit.queries.ts';
import type { Actor, Deps, Settings } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { denyOutOfScope, narrowScope } from '../../core/scope.ts';
import type { Db } from '../../db/client.ts';
import { limitItem, limitItems, workflowSettings } from './settings.presenter.ts';
import * as q from './settings.queries.ts';
import type {
  LimitItem,
  LimitKey,
  LimitList,
  SetLimitBody,
  SetWorkflowBody,
  WorkflowSettings,
} from './settings.schemas.ts';

// ---------------------------------------------------------------------------------------------
// Reads used by the case workflow (one indexed lookup each, by primary key prefix).

/** The deadline limit in force for a case of `regionCode`: its county's, city's … else the default. */
export async function deadlineLimitFor(
  db: Db,
  regionCode: string,
  level: CaseLevel,
  urgency: CaseUrgency,
): Promise<DeadlineLimit> {
  const rows = await q.limitsFor(db, settingsChain(regionCode), level, urgency);
  const { source: _source, ...limit } = effectiveDeadlineLimit(regionCode, level, urgency, rows);
  return limit;
}

/** The rating wait and what no rating counts as, for a case of `regionCode`. */
export async function ratingSettingsFor(
  db: Db,
  defaults: Pick<Settings, 'ratingWaitDays' | 'ratingTimeoutCountsAs'>,
  regionCode: string,
): Promise<RatingSettings> {
  const rows = await q.regionSettingsIn(db, settingsChain(regionCode));
  const { sources: _sources, ...s } = effectiveRatingSettings(regionCode, rows, defaults);
  return s;
}

// ---------------------------------------------------------------------------------------------
// The administrator's view and writes.

/**
 * The region a setting is read for: the one asked (in the caller's scope, else 404 and audited)
 * or the caller's own.
 */
async function readRegion(deps: Deps, actor: Actor, region: string | undefined): Promise<string> {
  await narrowScope(deps, actor, region);
  return region ?? actor.regionCode;
}

/**
 * The region a setting is written for: the one asked, or the caller's county. Settings belong to
 * a county (or above); a region outside the caller's scope answers 404 like a missing one and the
 * attempt is audited.
 */
async function writeRegion(deps: Deps, actor: Actor, region: string | undefined): Promise<string> {
  const code = region ?? (actor.scope.length >= 6 ? actor.scope.slice(0, 6) : actor.scope).padEnd(12, '0');
  if (!isSettingsRegion(code)) {
    throw new AppError('validation', '办理期限等设置只能按县（市、区）及以上区划设定，乡镇随所在县');
  }
  if (!scopePrefix(code).startsWith(actor.scope)) {
    await denyOutOfScope(deps, actor, 'settings', code);
    throw new AppError('not_found');
  }
  return code;
}

/** The county (or city, province) whose settings a region follows and an administrator may edit. */
function settingsRegionOf(regionCode: string): string {
  const level = regionLevel(regionCode);
  return level === 'province' || level === 'city' ? regionCode : regionCode.slice(0, 6).padEnd(12, '0');
}

/** Every level × urgency with the limit in force in `region` and where it comes from. */
export async function listDeadlineLimits(deps: Deps, actor: Actor, region?: string): Promise<LimitList> {
  const code = await readRegion(deps, actor, region);
  const items = limitItems(code, await q.limitsIn(deps.db, settingsChain(code)));
  return {
    regionCode: code,
    regionName: await q.regionName(deps.db, code),
    settingsRegion: settingsRegionOf(code),
    items,
  };
}

/**
 * Sets a region's limit for one level and urgency. New referrals count on it; deadlines already
 * running keep the limit they were counted with (they are on the case and its referral event).
 */
export async function setDeadlineLimit(
  deps: Deps,
  actor: Actor,
  key: LimitKey,
  input: SetLimitBody,
): Promise<LimitItem> {
  const code = await writeRegion(deps, actor, input.region);
  const limit = {
    acceptWorkingDays: input.acceptWorkingDays,
    replyWorkingDays: input.replyWorkingDays,
    warnWorkingDays: input.warnWorkingDays,
  };
  const problems = deadlineLimitProblems(limit);
  if (problems.length > 0) throw new AppError('validation', problems.join('；'), { problems });
  const at = deps.now();
  await deps.db.transaction(async (tx) => {
    const before = await q.findLimit(tx, { regionCode: code, ...key });
    await q.upsertLimit(tx, { regionCode: code, ...key }, limit, { at, userId: actor.id });
    await recordAudit(tx, {
      at,
      event: 'deadline_limit_set',
      outcome: 'success',
      actor: auditActor(actor),
      objectType: 'deadline_limit',
      objectId: `${code}/${key.level}/${key.urgency}`,
      ip: actor.ip,
      requestId: actor.requestId,
      detail: {
        before: before
          ? {
              acceptWorkingDays: before.acceptWorkingDays,
              replyWorkingDays: before.replyWorkingDays,
              warnWorkingDays: before.warnWorkingDays,
            }
          : null,
        after: limit,
      },
    });
  });
  return limitItem(key, { ...limit, source: code });
}

/** Removes a region's limit: the region follows the level above (or the default) again. */
export async function deleteDeadlineLimit(
  deps: Deps,
  actor: Actor,
  key: LimitKey,
  region?: string,
): Promise<LimitItem> {
  const code = await writeRegion(deps, actor, region);
  const at = deps.now();
  const removed = await deps.db.transaction(async (tx) => {
    const row = await q.deleteLimit(tx, { regionCode: code, ...key });
    if (!row) return null;
    await recordAudit(tx, {
      at,
      event: 'deadline_limit_deleted',
      outcome: 'success',
      actor: auditActor(actor),
      objectType: 'deadline_limit',
      objectId: `${code}/${key.level}/${key.urgency}`,
      ip: actor.ip,
      requestId: actor.requestId,
      detail: {
        before: {
          acceptWorkingDays: row.acceptWorkingDays,
          replyWorkingDays: row.replyWorkingDays,
          warnWorkingDays: row.warnWorkingDays,
        },
      },
    });
    return row;
  });
  if (!removed) throw new AppError('not_found', '该区划没有单独设定这一办理期限');
  const rows = await q.limitsIn(deps.db, settingsChain(code));
  return limitItem(key, effectiveDeadlineLimit(code, key.level, key.urgency, rows));
}

/** The rating settings in force in `region`, with their sources and the deployment's defaults. */
export async function getWorkflowSettings(
  deps: Deps,
  actor: Actor,
  region?: string,
): Promise<WorkflowSettings> {
  const code = await readRegion(deps, actor, region);
  const rows = await q.regionSettingsIn(deps.db, settingsChain(code));
  const defaults = {
    ratingWaitDays: deps.settings.ratingWaitDays,
    ratingTimeoutCountsAs: deps.settings.ratingTimeoutCountsAs,
  };
  const settingsRegion = settingsRegionOf(code);
  return workflowSettings({
    regionCode: code,
    regionName: await q.regionName(deps.db, code),
    settingsRegion,
    inForce: effectiveRatingSettings(code, rows, defaults),
    own: rows.find((r) => r.regionCode === settingsRegion),
    defaults,
    maxAttachmentBytes: deps.settings.maxAttachmentBytes,
  });
}

/**
 * Sets a region's rating settings; a value left out follows the level above (or the default). Takes effect for cases fed back from
 * now on; a rating wait already running keeps its date.
 */
export async function setWorkflowSettings(
  deps: Deps,
  actor: Actor,
  input: SetWorkflowBody,
): Promise<WorkflowSettings> {
  const code = await writeRegion(deps, actor, input.region);
  const wait = input.ratingWaitDays ?? null;
  const counts = input.ratingTimeoutCountsAs ?? null;
  const at = deps.now();
  await deps.db.transaction(async (tx) => {
    const before = await q.findRegionSettings(tx, code);
    const values = {
      ratingWaitDays: wait,
      ratingTimeoutCountsAs: counts,
      updatedAt: at,
      updatedBy: actor.id,
    };
    if (wait === null && counts === null) {
      await q.deleteRegionSettings(tx, code);
    } else {
      await q.upsertRegionSettings(tx, code, values);
    }
    await recordAudit(tx, {
      at,
      event: 'workflow_settings_set',
      outcome: 'success',
      actor: auditActor(actor),
      objectType: 'region_settings',
      objectId: code,
      ip: actor.ip,
      requestId: actor.requestId,
      detail: {
        before: before
          ? { ratingWaitDays: before.ratingWaitDays, ratingTimeoutCountsAs: before.ratingTimeoutCountsAs }
          : null,
        after: { ratingWaitDays: wait, ratingTimeoutCountsAs: counts },
      },
    });
  });
  return getWorkflowSettings(deps, actor, code);
}
