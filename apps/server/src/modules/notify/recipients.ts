import { parentCode, staffChannels } from '@lianluo/domain';
import type { Db } from '../../db/client.ts';
import * as q from './notify.queries.ts';
import type { Enqueue } from './notify.service.ts';

type Staff = q.StaffRow;

/**
 * One notice to each staff member: in their in-app inbox always, and by e-mail and WeChat
 * template message where they have an address and chose that channel.
 */
function fanOut(
  staff: Staff[],
  base: { regionCode: string; caseId: string | null },
  template: Enqueue['template'],
  vars: Record<string, string>,
): Enqueue[] {
  return staff.flatMap((u) => [
    { ...base, channel: 'in_app' as const, recipient: u.id, template, vars },
    ...staffChannels(u).map((c) => ({ ...base, channel: c.channel, recipient: c.recipient, template, vars })),
  ]);
}

/** Notices to the handlers of a department (its accounts that are not disabled). */
export async function toDepartment(db: Db, departmentId: string, regionCode: string, caseId: string) {
  const hs = await q.departmentStaff(db, departmentId);
  return (template: Enqueue['template'], vars: Record<string, string>): Enqueue[] =>
    fanOut(hs, { regionCode, caseId }, template, vars);
}

/** The code and every code above it: the regions whose offices cover it. */
function selfAndAbove(regionCode: string): string[] {
  const out: string[] = [];
  for (let c: string | null = regionCode; c; c = parentCode(c)) out.push(c);
  return out;
}

/** Notices to the offices (county/town) whose scope covers the region code given. */
export async function toOffices(
  db: Db,
  regionCode: string,
  caseId: string,
  template: Enqueue['template'],
  vars: Record<string, string>,
): Promise<Enqueue[]> {
  const rows = await q.officeStaffIn(db, selfAndAbove(regionCode));
  return fanOut(rows, { regionCode, caseId }, template, vars);
}

/**
 * Notices to the staff accounts given by id (e.g. the offices a lapsed deadline escalates to),
 * fanned out like the others: in-app, and e-mail/WeChat where they have them.
 */
export async function toUsers(
  db: Db,
  ids: string[],
  base: { regionCode: string; caseId: string | null },
  template: Enqueue['template'],
  vars: Record<string, string>,
): Promise<Enqueue[]> {
  if (ids.length === 0) return [];
  const rows = await q.staffByIds(db, ids);
  return fanOut(rows, base, template, vars);
}
