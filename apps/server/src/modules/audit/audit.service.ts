import type { Deps } from '../../core/context.ts';
import { decodeCursor, page } from '../../http/pagination.ts';
import * as q from './audit.queries.ts';
import { type AuditQuery, PAGE_LIMIT } from './audit.schemas.ts';

/** A page of the security audit log (安全审计日志), newest first; it is only ever read here. */
export async function listAuditLog(deps: Deps, query: AuditQuery) {
  const after = decodeCursor(query.cursor, ['integer']);
  const limit = query.limit ?? PAGE_LIMIT;
  const rows = await q.listAuditLog(deps.db, {
    event: query.event,
    before: after ? Number(after[0]) : null,
    limit: limit + 1,
  });
  return page(rows, limit, (r) => [r.id]);
}
