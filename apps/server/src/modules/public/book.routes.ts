import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { BookingRefused, findByReference } from '../appointments/appointments.service.ts';
import { bookingPage, bookVisit } from './book.service.ts';
import { bookDone, bookForm } from './book.views.ts';
import { PAGE_CSS } from './format.ts';
import { sendNotFound, sendPage } from './layout.ts';
import { strings, Uuid } from './params.ts';
import type { BookForm } from './public.schemas.ts';

const FIELDS: (keyof BookForm)[] = [
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
export const bookRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  async function renderForm(
    request: FastifyRequest,
    reply: FastifyReply,
    form: BookForm,
    error: string | null,
    status = 200,
  ) {
    const page = Uuid.test(form.station) ? await bookingPage(deps, form.station) : null;
    if (!page) return sendNotFound(reply, request, '联络站');
    return sendPage(
      reply,
      { request, title: `预约代表 · ${page.st.name}`, css: PAGE_CSS, body: bookForm(page, form, error) },
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
    try {
      const out = await bookVisit(deps, form, request.ip);
      return reply.redirect(`/p/book/done?ref=${out.reference}`, 303);
    } catch (err) {
      if (err instanceof BookingRefused) return renderForm(request, reply, form, err.message, err.status);
      throw err;
    }
  });

  app.get('/p/book/done', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const { ref } = strings(request.query, ['ref']);
    const b = await findByReference(deps.db, ref);
    if (!b) return sendNotFound(reply, request, '预约');
    return sendPage(reply, {
      request,
      title: b.status === 'booked' ? '预约成功' : '预约申请已提交',
      css: PAGE_CSS,
      body: bookDone(b),
    });
  });
};
