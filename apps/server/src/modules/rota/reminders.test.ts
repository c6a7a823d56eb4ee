import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, isNotNull } from 'drizzle-orm';
import { notifications, shiftDeputies } from '../../db/schema/index.ts';
import { buildWorld, CODES, type World } from '../../test/fixtures.ts';
import { freshDatabase, TestClock, testDeps } from '../../test/harness.ts';
import { runRemindersOnce } from './reminders.ts';
import { publishShifts } from './rota.service.ts';

/** The worker sends the day-before reminder by itself, once per deputy and shift, however many run. */
const database = await freshDatabase();
const clock = new TestClock(new Date('2026-07-13T20:00:00Z')); // 04:00 on 14 July in Shanghai
const deps = testDeps(database, clock);
let world: World;
after(() => database.close());
before(async () => {
  world = await buildWorld(deps);
  const { A1, A2 } = world.deputies;
  // Tomorrow (15 July) at two stations; the day after at one; a cancelled shift tomorrow.
  await publishShifts(deps.db, { id: world.stations.A1, regionCode: CODES.A1 }, [
    { date: '2026-07-15', deputyIds: [A1, A2] },
    { date: '2026-07-16', deputyIds: [A1] },
  ]);
  await publishShifts(deps.db, { id: world.stations.B1, regionCode: CODES.B1 }, [
    { date: '2026-07-15', deputyIds: [world.deputies.B1] },
  ]);
});

const reminders = () =>
  deps.db.select().from(notifications).where(eq(notifications.template, 'rota_reminder'));

test('before the reminder hour nothing is queued', async () => {
  assert.equal(await runRemindersOnce(deps.db, clock.now()), 0);
  assert.equal((await reminders()).length, 0);
});

test('two workers at once queue each of tomorrow’s deputies exactly once, in every region', async () => {
  clock.current = new Date('2026-07-14T02:00:00Z'); // 10:00 in Shanghai
  const counts = await Promise.all([
    runRemindersOnce(deps.db, clock.now()),
    runRemindersOnce(deps.db, clock.now()),
    runRemindersOnce(deps.db, clock.now()),
  ]);
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    3,
  );
  const rows = await reminders();
  assert.deepEqual(
    rows.map((r) => r.recipient).sort(),
    [`deputy:${world.deputies.A1}`, `deputy:${world.deputies.A2}`, `deputy:${world.deputies.B1}`].sort(),
  );
  assert.ok(rows.every((r) => r.body.includes('2026-07-15')));
  const stamped = await deps.db
    .select()
    .from(shiftDeputies)
    .where(and(eq(shiftDeputies.date, '2026-07-15'), isNotNull(shiftDeputies.remindedAt)));
  assert.equal(stamped.length, 3);
});

test('later passes the same day queue nothing more; the next day reminds the next shift', async () => {
  clock.current = new Date('2026-07-14T11:00:00Z');
  assert.equal(await runRemindersOnce(deps.db, clock.now()), 0);
  assert.equal((await reminders()).length, 3);
  clock.current = new Date('2026-07-15T03:00:00Z');
  assert.equal(await runRemindersOnce(deps.db, clock.now()), 1);
  assert.equal(await runRemindersOnce(deps.db, clock.now()), 0);
  assert.equal((await reminders()).length, 4);
});
