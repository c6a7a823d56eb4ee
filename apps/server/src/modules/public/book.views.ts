import { addDays, BOOKING_HORIZON_DAYS, BOOKING_LIMITS } from '@lianluo/domain';
import type { findByReference } from '../appointments/appointments.service.ts';
import type { BookingPage } from './book.service.ts';
import { dayLabel } from './format.ts';
import { esc } from './layout.ts';
import type { BookForm } from './public.schemas.ts';

/** The booking form: the station's open shifts with their places, or another time; works without JavaScript. */
export function bookForm(page: BookingPage, form: BookForm, error: string | null): string {
  const { st, shifts, today } = page;
  const choices = shifts
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
  return `${error ? `<p class="err" role="alert" data-testid="book-error">${esc(error)}</p>` : ''}<form method="post" action="/p/book" data-testid="book-form"><input type="hidden" name="station" value="${st.id}">
<fieldset><legend>选择接待日</legend>${choices || '<p class="muted">近期暂无已发布的接待日</p>'}${other}</fieldset>
<label for="name">您的姓名</label><input id="name" name="name" required maxlength="${BOOKING_LIMITS.name}" autocomplete="name" value="${esc(form.name)}">
<label for="phone">手机号码（用于发送预约确认和提醒）</label><input id="phone" name="phone" type="tel" required inputmode="numeric" maxlength="20" autocomplete="tel" value="${esc(form.phone)}">
<label for="topic">想反映的事项（选填）</label><textarea id="topic" name="topic" rows="3" maxlength="${BOOKING_LIMITS.topic}">${esc(form.topic)}</textarea>
<p class="muted">您的姓名和电话仅供联络站安排接待使用，不会公开。</p>
<p><button class="btn" type="submit">提交预约</button> <a href="/p/stations/${st.id}">返回联络站</a></p></form>`;
}

type Booking = NonNullable<Awaited<ReturnType<typeof findByReference>>>;

/** The confirmation page of a booking (PRG target): masked name and phone. */
export function bookDone(b: Booking): string {
  const when = b.date
    ? `${dayLabel(b.date)} ${b.startTime}–${b.endTime}`
    : `希望 ${b.preferredDate ? dayLabel(b.preferredDate) : ''} ${esc(b.preferredTime)}（联络员将与您联系确定时间）`;
  return `<div class="card" data-testid="book-done"><p class="ok">预约号：<strong>${esc(b.reference)}</strong></p><p>联络站：${esc(b.stationName)}</p><p>地址：${esc(b.address || '—')}</p><p>时间：${when}</p><p>预约人：${esc(b.visitorName)}（${esc(b.phoneMasked)}）</p></div><p>确认短信已发送到您的手机${b.status === 'booked' ? '，见面前一天还会提醒您' : ''}。到站时请出示预约号。</p><p><a href="/p/stations/${b.stationId}">返回联络站</a></p>`;
}
