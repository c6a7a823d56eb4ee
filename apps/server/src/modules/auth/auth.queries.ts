import { eq, sql } from 'drizzle-orm';
import type { UserRow } from '../../core/sessions.queries.ts';
import type { Db } from '../../db/client.ts';
import { regions, users } from '../../db/schema/index.ts';

export type { UserRow };

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  return row;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

export async function recordFailedLogin(db: Db, userId: string, lockUntil: Date | null): Promise<number> {
  const [row] = await db
    .update(users)
    .set({ failedLogins: sql`${users.failedLogins} + 1`, lockedUntil: lockUntil })
    .where(eq(users.id, userId))
    .returning({ failedLogins: users.failedLogins });
  return row?.failedLogins ?? 0;
}

export async function lockUser(db: Db, userId: string, until: Date): Promise<void> {
  await db.update(users).set({ lockedUntil: until }).where(eq(users.id, userId));
}

export async function resetFailedLogins(db: Db, userId: string): Promise<void> {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
}

export async function regionName(db: Db, code: string): Promise<string> {
  const [row] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, code)).limit(1);
  return row?.name ?? code;
}

export async function setPassword(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}
