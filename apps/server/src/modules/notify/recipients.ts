import { parentCode, staffChannels } from '@lianluo/domain';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import type { Enqueue } from './notify.service.ts';

type Staff = { id: string; email: string | null; wechatOpenid: string | null; notifyChannels: string[] };

const staffColumns = {
  id: users.id,
  email: users.email,
  wechatOpenid: users.wechatOpenid,
  notifyChannels: users.notifyChannels,
};

/**
 * One notice to each staff member: in their in-app inbox always, and by e-mail and WeChat
 * template message where they have an address and chose that channel.
 */
export function fanOut(
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
  const hs = await db
    .select(staffColumns)
    .from(users)
    .where(and(eq(users.departmentId, departmentId), eq(users.disabled, false)));
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
  const rows = await db
    .select(staffColumns)
    .from(users)
    .where(
      and(
        inArray(users.role, ['county_office', 'town_office']),
        inArray(users.regionCode, selfAndAbove(regionCode)),
        eq(users.disabled, false),
      ),
    );
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
  const rows = await db
    .select(staffColumns)
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.disabled, false)));
  return fanOut(rows, base, template, vars);
}
