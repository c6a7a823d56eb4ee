// 超期提级: a lapsed deadline goes to the level above the case's handling level.
import { type CaseLevel, escalationChain, scopePrefix } from '@lianluo/domain';
import type { Db } from '../../db/client.ts';
import type { Enqueue } from '../notify/notify.service.ts';
import { toUsers } from '../notify/recipients.ts';
import { SYSTEM } from './case-actor.ts';
import { type CaseRow, officesIn } from './cases.queries.ts';
import { noteEvent } from './facts.ts';

/**
 * Escalates a lapsed deadline (超期提级) to the level above the case's handling level: the first
 * region of `escalationChain` where an office (county or town) sits, and that region's offices
 * are told. With no office anywhere on the chain it is recorded against the first region.
 */
async function escalate(db: Db, row: CaseRow): Promise<{ region: string; recipients: string[] }> {
  const chain = escalationChain(row.regionCode, row.level as CaseLevel);
  const offices = await officesIn(db, chain);
  for (const region of chain) {
    const here = offices.filter((u) => scopePrefix(u.regionCode) === scopePrefix(region));
    if (here.length > 0) return { region, recipients: here.map((u) => u.id) };
  }
  return { region: chain[0]!, recipients: [] };
}

/**
 * A deadline (accept or reply) lapsed: the case is marked overdue and escalated to the level
 * above its own (an event row), and the offices there get `case_overdue` — returned to enqueue.
 */
export async function lapse(
  tx: Db,
  row: CaseRow,
  action: 'accept_overdue' | 'overdue',
  stage: 'accept' | 'reply',
  dueAt: Date,
  at: Date,
  vars: Record<string, string>,
): Promise<Enqueue[]> {
  const up = await escalate(tx, row);
  await noteEvent(tx, row.id, action, { stage, dueAt, escalatedTo: up.region }, SYSTEM, at, {
    overdueAt: at,
    escalatedTo: up.region,
  });
  return toUsers(tx, up.recipients, { regionCode: row.regionCode, caseId: row.id }, 'case_overdue', vars);
}
