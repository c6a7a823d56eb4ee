import type { Db } from '../db/client.ts';
import { auditLog } from '../db/schema/index.ts';
import type { Actor } from './context.ts';

type AuditEvent =
  | 'login'
  | 'login_failed'
  | 'account_locked'
  | 'logout'
  | 'password_changed'
  | 'password_change_failed'
  | 'session_expired'
  | 'scope_denied'
  | 'permission_denied'
  | 'cross_origin_denied'
  | 'pi_reveal'
  | 'export'
  | 'open311_key_issued'
  | 'open311_key_revoked'
  | 'calendar_days_added'
  | 'calendar_day_deleted'
  | 'deadline_limit_set'
  | 'deadline_limit_deleted'
  | 'workflow_settings_set'
  | 'contact_changed';

export interface AuditEntry {
  at: Date;
  event: AuditEvent;
  outcome: 'success' | 'failure' | 'denied';
  actor?: { id: string; displayName: string; role: string; scope: string } | null;
  objectType?: string;
  objectId?: string;
  ip?: string;
  requestId?: string;
  detail?: Record<string, unknown>;
}

/**
 * Appends one audit row. Call it inside the transaction of the action it records where there is
 * one, so the action and its trace commit together or not at all.
 */
export async function recordAudit(db: Db, e: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    ts: e.at,
    event: e.event,
    outcome: e.outcome,
    actorId: e.actor?.id ?? null,
    actorName: e.actor?.displayName ?? null,
    actorRole: e.actor?.role ?? null,
    scope: e.actor?.scope ?? null,
    objectType: e.objectType ?? null,
    objectId: e.objectId ?? null,
    ip: e.ip ?? null,
    requestId: e.requestId ?? null,
    detail: e.detail ?? null,
  });
}

/** The caller as an audit row records them. */
export const auditActor = (a: Actor) => ({
  id: a.id,
  displayName: a.displayName,
  role: a.role,
  scope: a.scope,
});
