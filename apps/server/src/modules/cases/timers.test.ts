import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { isNull, sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, type Db, openDatabase } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { cases, caseTimers } from '../../db/schema/index.ts';
import { freshDatabase, TestClock, testDeps } from '../../test/harness.ts';
import { type ClaimedTimer, runTimersOnce } from './timers.ts';

/**
 * Timers are rows claimed with FOR UPDATE SKIP LOCKED, a lease and a fencing token: with two
 * worker loops (on PostgreSQL: two connection pools, as two server processes would have) every
 * timer fires exactly once, and a timer set before a "restart" still fires after it.
 */
let a: Database;
let b: Database;
let cleanup = async () => {};
const clock = new TestClock(new Date('2026-06-15T02:00:00Z'));

before(async () => {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `lianluo_timers_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    a = await openDatabase({ url: u.toString(), poolSize: 4 });
    b = await openDatabase({ url: u.toString(), poolSize: 4 });
    await migrate(a);
    cleanup = async () => {
      await a.close();
      await b.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    // PGlite is one process: two loops interleave on the same connection.
    a = await freshDatabase();
    b = a;
    cleanup = () => a.close();
  }
});
after(() => cleanup());

async function seedTimers(db: Db, n: number, fireAt: Date) {
  const [row] = await db
    .insert(cases)
    .values({
      number: `LL-439901-2026-${String(Math.floor(Math.random() * 999_999) + 1).padStart(6, '0')}`,
      regionCode: '439901001001',
      channel: 'phone',
      title: '计时测试',
      content: '计时测试',
      status: 'assigned',
      registeredAt: fireAt,
    })
    .returning({ id: cases.id });
  await db.insert(caseTimers).values(
    Array.from({ length: n }, () => ({
      caseId: row!.id,
      regionCode: '439901001001',
      kind: 'reply_due',
      fireAt,
      caseSeq: 1,
    })),
  );
}

test('two worker loops fire each due timer exactly once', async () => {
  await seedTimers(a.db, 120, new Date('2026-06-15T01:00:00Z'));
  const fired = new Map<number, number>();
  const effect = async (tx: Db, t: ClaimedTimer) => {
    fired.set(t.id, (fired.get(t.id) ?? 0) + 1);
    await tx.execute(sql`select 1`);
    return 'ok';
  };
  const loop = async (database: Database, name: string) => {
    const deps = { ...testDeps(database, clock) };
    let total = 0;
    for (;;) {
      const n = await runTimersOnce(deps, name, effect, { batch: 7 });
      total += n;
      if (n === 0) {
        const [left] = await database.db
          .select({ n: sql<number>`count(*)::int` })
          .from(caseTimers)
          .where(isNull(caseTimers.firedAt));
        if (left!.n === 0) return total;
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  };
  const [x, y] = await Promise.all([loop(a, 'worker-a'), loop(b, 'worker-b')]);
  assert.equal(x + y, 120);
  assert.equal(fired.size, 120);
  assert.ok(
    [...fired.values()].every((v) => v === 1),
    'a timer fired twice',
  );
  if (a !== b) assert.ok(x > 0 && y > 0, `both workers took part (${x}/${y})`);
});

test('a worker whose lease ran out cannot complete: the fencing token moved on', async () => {
  await a.db.delete(caseTimers);
  await seedTimers(a.db, 1, new Date('2026-06-15T01:00:00Z'));
  const deps = testDeps(a, clock);
  const { claimDueTimers, completeTimer } = await import('./timers.ts');
  const [stale] = await claimDueTimers(a.db, 'slow', clock.now(), { leaseMs: 1000 });
  assert.ok(stale);
  // The lease runs out; another worker claims the same row.
  const later = new TestClock(new Date(clock.now().getTime() + 5000));
  const [fresh] = await claimDueTimers(b.db, 'fast', later.now(), { leaseMs: 60_000 });
  assert.equal(fresh?.id, stale.id);
  assert.ok(fresh!.fencing > stale.fencing);
  let runs = 0;
  const effect = async () => {
    runs++;
    return 'ok';
  };
  assert.equal(await completeTimer(deps, 'slow', stale, effect), false);
  assert.equal(await completeTimer(testDeps(b, later), 'fast', fresh!, effect), true);
  assert.equal(runs, 1);
});

test('timers are rows: a timer set before a restart fires after it', async () => {
  await a.db.delete(caseTimers);
  await seedTimers(a.db, 3, new Date('2026-06-16T01:00:00Z'));
  const effect = async () => 'ok';
  // Not yet due.
  assert.equal(await runTimersOnce(testDeps(a, clock), 'w', effect), 0);
  // "Restart": a new worker (on PostgreSQL, the other pool) with the clock past the due time.
  const later = new TestClock(new Date('2026-06-16T02:00:00Z'));
  assert.equal(await runTimersOnce(testDeps(b, later), 'w2', effect), 3);
  assert.equal(await runTimersOnce(testDeps(b, later), 'w2', effect), 0);
});
