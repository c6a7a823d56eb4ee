import { and, eq, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { perDatabase } from '../db/per-database.ts';
import { sessions, users } from '../db/schema/index.ts';

export type UserRow = typeof users.$inferSelect;

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

/** Ends every session of a user but the one given (after a password change). */
export async function deleteOtherSessions(db: Db, userId: string, keepTokenHash: string): Promise<void> {
  const recent = recentOf(db);
  for (const [hash, { row }] of recent)
    if (row.user.id === userId && hash !== keepTokenHash) recent.delete(hash);
  await db.delete(sessions).where(and(eq(sessions.userId, userId), ne(sessions.tokenHash, keepTokenHash)));
}
