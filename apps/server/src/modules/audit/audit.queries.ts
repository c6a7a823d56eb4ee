import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';

/** Audit rows newest first, of one event if named, below the id `before`; `limit` rows. */
export function listAuditLog(db: Db, f: { event?: string; before: number | null; limit: number }) {
  return db
    .select({
      id: auditLog.id,
      ts: auditLog.ts,
      actorName: auditLog.actorName,
      actorRole: auditLog.actorRole,
      event: auditLog.event,
      objectType: auditLog.objectType,
      objectId: auditLog.objectId,
      outcome: auditLog.outcome,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .where(
      and(
        f.event ? eq(auditLog.event, f.event) : undefined,
        f.before !== null ? lt(auditLog.id, f.before) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(f.limit);
}
