import {
  addDays,
  BOOKING_HORIZON_DAYS,
  BOOKING_LIMITS,
  normalizeMobile,
  PUBLIC_LIMITS,
  shanghaiDate,
  shiftStarted,
} from '@lianluo/domain';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { BookingRefused, book, findByReference, hhmmShanghai } from '../appointments/appointments.service.ts';
import { dayLabel, PAGE_CSS } from './format.ts';
import { esc, sendNotFound, sendPage } from './layout.ts';
import { rateCount, rateHit } from './opinion.service.ts';
import { loadStationPage, strings, Uuid } from './station.data.ts';

type Form = Record<
  'station' | 'shift' | 'preferredDate' | 'preferredTime' | 'name' | 'phone' | 'topic',
  string
>;
const FIELDS: (keyof Form)[] = [
  'station',
  'shift',
  'preferredDate',
  'preferredTime',
  'name',
  'phone',
  'topic',
];

/**
 * 预约代表: a plain form (works with JavaScript off) posted to /p/book; success redirects to the
 * confirmation (POST-redirect-GET), a refusal shows the form again with the reason and the
 * person's entries, nothing stored.
 */
export const bookRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: Form,
    error: string | null,
    status = 200,
  ) {
    const page = Uuid.test(form.station) ? await loadStationPage(deps, form.station) : null;
    if (!page) return sendNotFound(reply, request, '联络站');
    const { st, shifts, today } = page;
    // The page's shifts are shared for the day: one that has begun since is no longer offered.
    const now = deps.now();
    const choices = shifts
      .filter((s) => !shiftStarted(s, shanghaiDate(now), hhmmShanghai(now)))
      .map((s) => {
        const left = s.capacity - s.booked;
        const full = left <= 0;
        const names = s.deputies.map((d) => d.name).join('、') || '待定';
        return `<label><input type="radio" name="shift" value="${s.id}"${form.shift === s.id ? ' checked' : ''}${full ? ' disabled' : ''}><span>${dayLabel(s.date)} ${s.startTime}–${s.endTime}<br><span class="muted">接待代表：${esc(names)} · ${full ? '已约满' : `剩余 ${left} 个名额`}</span></span></label>`;
      })
      .join('');
    const other = `<label><input type="radio" name="shift" value="other"${form.shift === 'other' ? ' checked' : ''}><span>以上时间都不方便，另约时间</span></label>
<label for="preferredDate">希望见面的日期（另约时间时填写）</label><input id="preferredDate" name="preferredDate" type="date" min="${addDays(today, 1)}" max="${addDays(today, BOOKING_HORIZON_DAYS)}" value="${esc(form.preferredDate)}">
<label for="preferredTime">希望的时段（如：上午、下午三点后）</label><input id="preferredTime" name="preferredTime" maxlength="${BOOKING_LIMITS.preferredTime}" value="${esc(form.preferredTime)}">`;
    return sendPage(
      reply,
      {
        request,
        title: `预约代表 · ${st.name}`,
        css: PAGE_CSS,
        body: `${error ? `<p class="err" role="alert" data-testid="book-error">${esc(error)}</p>` : ''}<form method="post" action="/p/book" data-testid="book-form"><input type="hidden" name="station" value="${st.id}">
<fieldset><legend>选择接待日</legend>${choices || '<p class="muted">近期暂无已发布的接待日</p>'}${other}</fieldset>
<label for="name">您的姓名</label><input id="name" name="name" required maxlength="${BOOKING_LIMITS.name}" autocomplete="name" value="${esc(form.name)}">
<label for="phone">手机号码（用于发送预约确认和提醒）</label><input id="phone" name="phone" type="tel" required inputmode="numeric" maxlength="20" autocomplete="tel" value="${esc(form.phone)}">
<label for="topic">想反映的事项（选填）</label><textarea id="topic" name="topic" rows="3" maxlength="${BOOKING_LIMITS.topic}">${esc(form.topic)}</textarea>
<p class="muted">您的姓名和电话仅供联络站安排接待使用，不会公开。</p>
<p><button class="btn" type="submit">提交预约</button> <a href="/p/stations/${st.id}">返回联络站</a></p></form>`,
      },
      status,
    );
  }

  app.get('/p/book', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const q = strings(request.query, ['station', 'shift']);
    return renderForm(request, reply, { ...strings({}, FIELDS), ...q }, null);
  });

  app.post('/p/book', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const form = strings(request.body, FIELDS);
    if (!Uuid.test(form.station)) return sendNotFound(reply, request, '联络站');
    const other = form.shift === 'other' || form.shift === '';
    if (!other && !Uuid.test(form.shift)) return renderForm(request, reply, form, '请选择一个接待日', 422);
    // Per IP and per phone (keyed hashes, no raw value stored), counted across processes.
    const now = deps.now();
    const ipKey = `book-ip:${deps.crypto.blindIndex(request.ip)}`;
    const phone = normalizeMobile(form.phone);
    const phoneKey = phone ? `book-phone:${deps.crypto.blindIndex(phone)}` : null;
    if (
      (await rateCount(deps.db, ipKey, PUBLIC_LIMITS.bookIp, now)) >= PUBLIC_LIMITS.bookIp.max ||
      (phoneKey &&
        (await rateCount(deps.db, phoneKey, PUBLIC_LIMITS.bookPhone, now)) >= PUBLIC_LIMITS.bookPhone.max)
    ) {
      return renderForm(request, reply, form, '预约过于频繁，请稍后再试', 429);
    }
    try {
      const out = await book(deps, {
        stationId: form.station,
        shiftId: other ? null : form.shift,
        preferredDate: form.preferredDate,
        preferredTime: form.preferredTime,
        name: form.name,
        phone: form.phone,
        topic: form.topic,
      });
      await rateHit(deps.db, ipKey, PUBLIC_LIMITS.bookIp, now);
      if (phoneKey) await rateHit(deps.db, phoneKey, PUBLIC_LIMITS.bookPhone, now);
      return reply.redirect(`/p/book/done?ref=${out.reference}`, 303);
    } catch (err) {
      if (err instanceof BookingRefused) return renderForm(request, reply, form, err.message, 422);
      throw err;
    }
  });

  app.get('/p/book/done', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const { ref } = strings(request.query, ['ref']);
    const b = await findByReference(deps.db, ref);
    if (!b) return sendNotFound(reply, request, '预约');
    const when = b.date
      ? `${dayLabel(b.date)} ${b.startTime}–${b.endTime}`
      : `希望 ${b.preferredDate ? dayLabel(b.preferredDate) : ''} ${esc(b.preferredTime)}（联络员将与您联系确定时间）`;
    return sendPage(reply, {
      request,
      title: b.status === 'booked' ? '预约成功' : '预约申请已提交',
      css: PAGE_CSS,
      body: `<div class="card" data-testid="book-done"><p class="ok">预约号：<strong>${esc(b.reference)}</strong></p><p>联络站：${esc(b.stationName)}</p><p>地址：${esc(b.address || '—')}</p><p>时间：${when}</p><p>预约人：${esc(b.visitorName)}（${esc(b.phoneMasked)}）</p></div><p>确认短信已发送到您的手机${b.status === 'booked' ? '，见面前一天还会提醒您' : ''}。到站时请出示预约号。</p><p><a href="/p/stations/${b.stationId}">返回联络站</a></p>`,
    });
  });
};
