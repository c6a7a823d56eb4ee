import { AppError } from '../../core/errors.ts';
import type { Database } from '../../db/client.ts';

/** Ready when the database answers; otherwise 503 with a Retry-After for the load balancer. */
export async function readiness(database: Database) {
  try {
    await database.ping();
  } catch {
    throw new AppError('unavailable', '数据库不可达', {}, { 'retry-after': '5' });
  }
  return { status: 'ready' as const, database: database.kind };
}
