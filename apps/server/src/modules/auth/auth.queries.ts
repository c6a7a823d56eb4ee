import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { perDatabase } from '../../db/per-database.ts';
import { regions, sessions, users } from '../../db/schema/index.ts';

export type UserRow = typeof users.$inferSelect;

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

export async function insertSession(
  db: Db,
  s: { tokenHash: string; userId: string; at: Date; ip: string; userAgent: string },
): Promise<void> {
  await db.insert(sessions).values({
    tokenHash: s.tokenHash,
    userId: s.userId,
    createdAt: s.at,
    lastSeenAt: s.at,
    ip: s.ip,
    userAgent: s.userAgent.slice(0, 300),
  });
}

const sessionLookup = (db: Db) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .limit(1)
    .prepare('find_session');

// Every signed-in request starts here: a prepared statement skips building and planning it each time.
const preparedLookup = perDatabase(sessionLookup);

type SessionRow = { session: typeof sessions.$inferSelect; user: UserRow };

/**
 * Sessions read in the last few seconds. An officer's console sends requests in bursts (a page
 * asks for five lists at once; a bulk action is one request per case), and the lookup was one of
 * intake's three round trips. Logout, expiry and a password change evict here at once; in
 * another server process a revoked session lives at most this long.
 */
const RECENT_SESSION_MS = 5_000;
const recentOf = perDatabase(() => new Map<string, { row: SessionRow; until: number }>());

export async function findSession(db: Db, tokenHash: string): Promise<SessionRow | undefined> {
  const recent = recentOf(db);
  const hit = recent.get(tokenHash);
  const now = performance.now();
  if (hit && hit.until > now) return hit.row;
  const [row] = await preparedLookup(db).execute({ tokenHash });
  if (recent.size >= 10_000) recent.clear();
  if (row) recent.set(tokenHash, { row, until: now + RECENT_SESSION_MS });
  else recent.delete(tokenHash);
  return row;
}

export async function touchSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.tokenHash, tokenHash));
  const hit = recentOf(db).get(tokenHash);
  if (hit) hit.row = { ...hit.row, session: { ...hit.row.session, lastSeenAt: at } };
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  recentOf(db).delete(tokenHash);
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Residual data: sessions idle past the limit are removed, not just ignored. */
export async function deleteIdleSessions(db: Db, idleBefore: Date): Promise<void> {
  await db.delete(sessions).where(lt(sessions.lastSeenAt, idleBefore));
}

export async function regionName(db: Db, code: string): Promise<string> {
  const [row] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, code)).limit(1);
  return row?.name ?? code;
}

export async function setPassword(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

/** Ends every session of a user but the one given (after a password change). */
export async function deleteOtherSessions(db: Db, userId: string, keepTokenHash: string): Promise<void> {
  const recent = recentOf(db);
  for (const [hash, { row }] of recent)
    if (row.user.id === userId && hash !== keepTokenHash) recent.delete(hash);
  await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.tokenHash, keepTokenHash)));
}
