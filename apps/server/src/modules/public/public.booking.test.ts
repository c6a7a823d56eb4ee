import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { appointments, notifications } from '../../db/schema/index.ts';
import { enqueueAppointmentReminders } from '../appointments/appointments.service.ts';
import { form, page, publicApp, shifts, t, town, town2, world } from './public.testkit.ts';

/** 预约代表: booking a deputy's reception from the public page, the register, reminders and limits. */
publicApp();

describe('booking a deputy', () => {
  const bookingCount = async () =>
    (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(appointments))[0]!.n;

  test('the form lists the coming shifts with free places and works as a plain form post', async () => {
    const res = await page(`/p/book?station=${world.stations.A1}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<form method="post" action="\/p\/book"/);
    assert.match(res.body, /6月17日（周三）<\/time> 09:00–11:30/);
    assert.match(res.body, /剩余 10 个名额/);
    assert.equal((await page('/p/book?station=nope')).statusCode, 404);
  });

  test('a booking is confirmed (PRG), queued for SMS with the phone encrypted, and staff see it in the register', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/p/book',
      ...form({
        station: world.stations.A1,
        shift: shifts[0]!.id,
        name: '王小二',
        phone: '139 0073 1234',
        topic: '村口路灯不亮',
      }),
    });
    assert.equal(res.statusCode, 303, res.body);
    const done = await page(res.headers.location as string);
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /预约成功/);
    assert.match(done.body, /王\*\*（139\*\*\*\*1234）/);
    assert.doesNotMatch(done.body, /王小二|13900731234/);
    const [msg] = await t.database.db
      .select()
      .from(notifications)
      .where(eq(notifications.template, 'booking_confirmed'));
    assert.ok(msg);
    assert.match(msg.body, /6月|2026-06-17/);
    assert.doesNotMatch(msg.recipient, /1390073/);
    assert.equal(t.deps.crypto.decrypt(msg.recipient), '13900731234');
    const staff = await town({ method: 'GET', url: `/api/stations/${world.stations.A1}/appointments` });
    assert.equal(staff.statusCode, 200);
    const item = staff.json().items[0];
    assert.equal(item.visitorName, '王小二');
    assert.equal(item.phone, '139****1234');
    assert.equal(item.shiftId, shifts[0]!.id);
    assert.equal(item.topic, '村口路灯不亮');
    const register = await town({ method: 'GET', url: `/api/rota/shifts/${shifts[0]!.id}` });
    assert.deepEqual(
      register.json().bookings.map((b: { visitorName: string; phone: string }) => [b.visitorName, b.phone]),
      [['王小二', '139****1234']],
    );
    const shownLeft = await page(`/p/book?station=${world.stations.A1}`);
    assert.match(shownLeft.body, /剩余 9 个名额/);
    const foreign = await town2({ method: 'GET', url: `/api/stations/${world.stations.A1}/appointments` });
    assert.equal(foreign.statusCode, 404);
  });

  test('a full shift, a past shift, a second booking of the same phone and bad entries are refused in Chinese, nothing stored', async () => {
    const cap = await town({
      method: 'PUT',
      url: `/api/rota/shifts/${shifts[0]!.id}/capacity`,
      payload: { capacity: 1 },
    });
    assert.equal(cap.statusCode, 200);
    const n0 = await bookingCount();
    const attempt = (fields: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/p/book',
        ...form({ station: world.stations.A1, name: '李四', phone: '13700001111', topic: '', ...fields }),
      });
    const full = await attempt({ shift: shifts[0]!.id });
    assert.equal(full.statusCode, 422);
    assert.match(full.body, /预约已满/);
    // The form comes back with the person's entries, escaped.
    const xss = await attempt({ shift: shifts[0]!.id, name: '<img src=x onerror=alert(1)>' });
    assert.match(xss.body, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.doesNotMatch(xss.body, /<img src=x/);
    const dup = await attempt({ shift: shifts[1]!.id, phone: '13800009999' });
    assert.equal(dup.statusCode, 303);
    const again = await attempt({ shift: shifts[1]!.id, phone: '138-0000-9999' });
    assert.equal(again.statusCode, 422);
    assert.match(again.body, /已预约这个接待日/);
    assert.match((await attempt({ shift: shifts[2]!.id, phone: '12345' })).body, /11位手机号码/);
    assert.match((await attempt({ shift: shifts[2]!.id, name: '' })).body, /请填写姓名/);
    assert.match(
      (await attempt({ shift: shifts[2]!.id, topic: '长'.repeat(20_000) })).body,
      /不超过 200 个字/,
    );
    assert.match((await attempt({ shift: 'not-a-shift' })).body, /请选择一个接待日/);
    assert.equal(await bookingCount(), n0 + 1);
    // The first shift's morning has passed: booking it is refused.
    const saved = t.clock.current;
    t.clock.current = new Date('2026-06-17T01:30:00Z'); // 09:30 in Shanghai, the shift started 09:00
    await town({
      method: 'PUT',
      url: `/api/rota/shifts/${shifts[0]!.id}/capacity`,
      payload: { capacity: null },
    });
    const past = await attempt({ shift: shifts[0]!.id, phone: '13600002222' });
    assert.equal(past.statusCode, 422);
    assert.match(past.body, /接待时间已过/);
    // Nor does the form offer it any more, though the station page is cached for the day.
    const offered = (await page(`/p/book?station=${world.stations.A1}`)).body;
    assert.ok(!offered.includes(`value="${shifts[0]!.id}"`), 'a shift that has begun is not offered');
    assert.ok(offered.includes(`value="${shifts[1]!.id}"`), 'the later shifts still are');
    t.clock.current = saved;
    assert.equal(await bookingCount(), n0 + 1);
  });

  test('asking for another time is recorded as a request, and the day-before reminder goes out once', async () => {
    const req = await t.app.inject({
      method: 'POST',
      url: '/p/book',
      ...form({
        station: world.stations.A1,
        shift: 'other',
        preferredDate: '2026-06-20',
        preferredTime: '下午',
        name: '赵六',
        phone: '13500003333',
        topic: '',
      }),
    });
    assert.equal(req.statusCode, 303, req.body);
    assert.match((await page(req.headers.location as string)).body, /预约申请已提交/);
    const ref = new URL(req.headers.location as string, 'http://x').searchParams.get('ref')!;
    const [row] = await t.database.db.select().from(appointments).where(eq(appointments.reference, ref));
    assert.equal(row!.status, 'requested');
    assert.equal(row!.shiftId, null);
    const tooFar = await t.app.inject({
      method: 'POST',
      url: '/p/book',
      ...form({
        station: world.stations.A1,
        shift: 'other',
        preferredDate: '2027-06-20',
        name: '赵六',
        phone: '13500003333',
        topic: '',
      }),
    });
    assert.equal(tooFar.statusCode, 422);
    // The day before the first shift (16 June, 18:00 Shanghai).
    const queued = await enqueueAppointmentReminders(t.database.db, new Date('2026-06-16T10:00:00Z'));
    assert.equal(queued, 1);
    assert.equal(await enqueueAppointmentReminders(t.database.db, new Date('2026-06-16T11:00:00Z')), 0);
    const [msg] = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.template, 'booking_reminder')));
    assert.match(msg!.body, /明天2026-06-17 09:00-11:30/);
  });

  test('one phone booking again and again, or one address booking for many, is told to wait; nothing stored', async () => {
    const attempt = (phone: string, remoteAddress: string, day: number) =>
      t.app.inject({
        method: 'POST',
        url: '/p/book',
        remoteAddress,
        ...form({
          station: world.stations.A1,
          shift: 'other',
          preferredDate: `2026-06-${String(day).padStart(2, '0')}`,
          preferredTime: '上午',
          name: '孙七',
          phone,
          topic: '',
        }),
      });
    for (let i = 0; i < 3; i++)
      assert.equal((await attempt('13311112222', '10.0.0.7', 20 + i)).statusCode, 303);
    const n = await bookingCount();
    const byPhone = await attempt('13311112222', '10.0.0.8', 25);
    assert.equal(byPhone.statusCode, 429);
    assert.match(byPhone.body, /预约过于频繁/);
    for (let i = 0; i < 7; i++) {
      assert.equal((await attempt(`1330000${String(i).padStart(4, '0')}`, '10.0.0.7', 20)).statusCode, 303);
    }
    const byAddress = await attempt('13399998888', '10.0.0.7', 21);
    assert.equal(byAddress.statusCode, 429);
    assert.equal(await bookingCount(), n + 7);
  });
});
