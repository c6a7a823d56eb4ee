import type { listAuditLog } from './audit.service.ts';

export function presentAuditPage(p: Awaited<ReturnType<typeof listAuditLog>>) {
  return { items: p.items.map((r) => ({ ...r, ts: r.ts.toISOString() })), nextCursor: p.nextCursor };
}
