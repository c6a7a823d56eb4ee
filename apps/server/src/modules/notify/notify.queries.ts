import { and, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cases, notifications, users } from '../../db/schema/index.ts';

// ---------------------------------------------------------------------------------------------
// The in-app inbox (站内信): the `in_app` outbox rows addressed to one user.

const inboxOf = (userId: string) =>
  and(eq(notifications.channel, 'in_app'), eq(notifications.recipient, userId));

export async function countUnread(db: Db, userId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(inboxOf(userId), isNull(notifications.readAt)));
  return r?.n ?? 0;
}

/** One page of a user's inbox, newest first: `limit + 1` rows so the next page costs no count. */
export async function selectInbox(
  db: Db,
  userId: string,
  f: { unread?: boolean; beforeId?: number; limit: number },
) {
  return db
    .select({
      id: notifications.id,
      caseId: notifications.caseId,
      caseNumber: cases.number,
      template: notifications.template,
      subject: notifications.subject,
      body: notifications.body,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .leftJoin(cases, eq(cases.id, notifications.caseId))
    .where(
      and(
        inboxOf(userId),
        f.unread ? isNull(notifications.readAt) : undefined,
        f.beforeId !== undefined ? lt(notifications.id, f.beforeId) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(f.limit + 1);
}
export type InboxRow = Awaited<ReturnType<typeof selectInbox>>[number];

/** Whose message it is and whether it was read: what marking it read checks first. */
export async function findNotificationOwner(db: Db, id: number) {
  const [row] = await db
    .select({
      recipient: notifications.recipient,
      channel: notifications.channel,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(eq(notifications.id, id));
  return row;
}

export async function setRead(db: Db, id: number, at: Date): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.id, id), isNull(notifications.readAt)));
}

/** Marks every unread message of the user read; how many there were. */
export async function setAllRead(db: Db, userId: string, at: Date): Promise<number> {
  const done = await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(inboxOf(userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return done.length;
}

// ---------------------------------------------------------------------------------------------
// Contact details and the staff a notice goes to.

export async function findContact(db: Db, userId: string) {
  const [row] = await db
    .select({
      regionCode: users.regionCode,
      email: users.email,
      wechatOpenid: users.wechatOpenid,
      notifyChannels: users.notifyChannels,
    })
    .from(users)
    .where(eq(users.id, userId));
  return row;
}

export async function updateContact(
  db: Db,
  userId: string,
  next: { email: string | null; wechatOpenid: string | null; notifyChannels: string[] },
): Promise<void> {
  await db.update(users).set(next).where(eq(users.id, userId));
}

const staffColumns = {
  id: users.id,
  email: users.email,
  wechatOpenid: users.wechatOpenid,
  notifyChannels: users.notifyChannels,
};
export type StaffRow = {
  id: string;
  email: string | null;
  wechatOpenid: string | null;
  notifyChannels: string[];
};

/** The department's accounts that are not disabled (its handlers). */
export async function departmentStaff(db: Db, departmentId: string): Promise<StaffRow[]> {
  return db
    .select(staffColumns)
    .from(users)
    .where(and(eq(users.departmentId, departmentId), eq(users.disabled, false)));
}

/** Office accounts (county and town) sitting in any of these regions, not disabled. */
export async function officeStaffIn(db: Db, regionCodes: string[]): Promise<StaffRow[]> {
  return db
    .select(staffColumns)
    .from(users)
    .where(
      and(
        inArray(users.role, ['county_office', 'town_office']),
        inArray(users.regionCode, regionCodes),
        eq(users.disabled, false),
      ),
    );
}

/** These accounts, those not disabled. */
export async function staffByIds(db: Db, ids: string[]): Promise<StaffRow[]> {
  return db
    .select(staffColumns)
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.disabled, false)));
}
