import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { esc, sendPage } from './layout.ts';
import { requestCode } from './opinion.codes.ts';
import { PublicError } from './opinion.errors.ts';
import { formOf, readForm } from './opinion.form.ts';
import { formContext, pickerData } from './opinion.page.ts';
import { replayed, submitOpinion } from './opinion.submit.ts';
import {
  findTracked,
  rateTracked,
  readTrackToken,
  shownTrackingCode,
  trackToken,
  trackView,
} from './opinion.track.ts';
import {
  donePage,
  type FormContext,
  OPINION_CSS,
  OPINION_SCRIPT,
  opinionForm,
  pickerPage,
  trackForm,
  trackPage,
} from './opinion.views.ts';
import { fieldsOf } from './params.ts';

const DONE_COOKIE = 'lianluo_done';
const TRACK_COOKIE = 'lianluo_track';

const wantsJson = (request: FastifyRequest) =>
  String(request.headers.accept ?? '').includes('application/json');

/** A query field as the service reads it: absent stays undefined, anything else is its text. */
const text = (v: unknown) => (v === undefined ? undefined : String(v));

/** Raise an opinion (/p/opinion) and track it (/p/track): server-rendered, usable without JavaScript. */
export const opinionRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const page = { public: true as const };
  const hide = { hide: true };

  const renderForm = (request: FastifyRequest, reply: FastifyReply, ctx: FormContext, status = 200) =>
    sendPage(
      reply,
      { request, title: '反映意见', body: opinionForm(ctx), css: OPINION_CSS, script: OPINION_SCRIPT },
      status,
    );

  app.get('/p/opinion', { config: page, schema: hide }, async (request, reply) => {
    const q = fieldsOf(request.query);
    if (q.station || q.deputy) {
      const ctx = await formContext(
        deps,
        request.ip,
        { station: text(q.station), deputy: text(q.deputy), via: text(q.via) },
        {},
      );
      if (!ctx) {
        return sendPage(
          reply,
          {
            request,
            title: '反映意见',
            body: '<p class="err" role="alert">没有找到这个联络站或代表，请重新扫码或<a href="/p/opinion">选择联络站</a>。</p>',
          },
          404,
        );
      }
      return renderForm(request, reply, ctx);
    }
    const town = typeof q.town === 'string' ? q.town : undefined;
    const { towns, stations } = await pickerData(deps, town);
    return sendPage(reply, { request, title: '反映意见', body: pickerPage(towns, town, stations) });
  });

  /** A refusal: the form again with the person's input and a message (HTML), or problem+json (fetch). */
  async function refuse(
    request: FastifyRequest,
    reply: FastifyReply,
    fields: Record<string, string>,
    err: PublicError,
  ) {
    if (wantsJson(request)) {
      return reply
        .code(err.status)
        .type('application/problem+json; charset=utf-8')
        .send({
          type: 'about:blank',
          title: err.message,
          status: err.status,
          field: err.field ?? null,
          pow: err.pow ?? null,
          // The texts as they would be stored (hidden characters): the page's script puts them in
          // the form and the draft for the person to check. Nothing was stored under the
          // Idempotency-Key, so sending them under the same key is accepted.
          cleaned: err.cleaned ?? null,
        });
    }
    const ctx = await formContext(deps, request.ip, fields, formOf(fields), fields.idem);
    if (!ctx)
      return sendPage(
        reply,
        { request, title: '反映意见', body: `<p class="err" role="alert">${esc(err.message)}</p>` },
        err.status,
      );
    // The code is never echoed back; the files cannot be (browsers do not allow it). A code typed
    // with a form refused for another reason is still unused: say so, or the empty field looks
    // like the code was lost.
    const anonymous = fields.anonymous === '1' || fields.anonymous === 'on';
    const codeKept = Boolean(fields.code?.trim()) && err.field !== 'code' && !anonymous;
    ctx.error = {
      message: codeKept ? `${err.message.replace(/。$/, '')}。短信验证码仍然有效，请重新填写。` : err.message,
      field: err.field,
    };
    // The challenge the refusal carries, so the page's script can solve it.
    if (err.pow) ctx.pow = err.pow;
    ctx.values = { ...ctx.values, ...err.cleaned, code: '' };
    return renderForm(request, reply, ctx, err.status);
  }

  app.post('/p/opinion', { config: page, schema: hide }, async (request, reply) => {
    const { fields, photos, error } = await readForm(request, true);
    if (error) return refuse(request, reply, fields, error);
    const header = request.headers['idempotency-key'];
    const key = (typeof header === 'string' ? header : undefined) ?? fields.idem ?? '';
    try {
      const done = await submitOpinion(
        deps,
        { form: formOf(fields), photos, key, ip: request.ip },
        deps.now(),
      );
      reply.setCookie(DONE_COOKIE, key, {
        path: '/p/opinion/done',
        maxAge: 3600,
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.settings.secureCookies,
      });
      if (wantsJson(request)) return reply.send({ ok: true, number: done.number, next: '/p/opinion/done' });
      return reply.redirect('/p/opinion/done', 303);
    } catch (err) {
      if (err instanceof PublicError) return refuse(request, reply, fields, err);
      throw err;
    }
  });

  app.post('/p/opinion/code', { config: page, schema: hide }, async (request, reply) => {
    const { fields, error } = await readForm(request, false);
    const json = wantsJson(request);
    try {
      if (error) throw error;
      const sent = await requestCode(
        deps,
        { phone: fields.phone ?? '', stationId: fields.station ?? '', ip: request.ip },
        deps.now(),
      );
      const text = `验证码已发送到 ${sent.masked}，10 分钟内有效`;
      if (json) return reply.send({ ok: true, title: text });
      const ctx = await formContext(deps, request.ip, fields, { ...formOf(fields), code: '' }, fields.idem);
      if (!ctx) return reply.redirect('/p/opinion', 303);
      // Without JavaScript this posted the whole form; its photos cannot be put back.
      ctx.notice = `${text}。如已选过照片，请重新选择。`;
      return renderForm(request, reply, ctx);
    } catch (err) {
      if (!(err instanceof PublicError)) throw err;
      if (json)
        return reply.code(err.status).send({ ok: false, title: err.message, field: err.field ?? null });
      return refuse(request, reply, fields, err);
    }
  });

  app.get('/p/opinion/done', { config: page, schema: hide }, async (request, reply) => {
    const key = request.cookies[DONE_COOKIE];
    const done = key ? await replayed(deps.db, key) : null;
    if (!done) {
      return sendPage(reply, {
        request,
        title: '提交结果',
        body: '<p>没有找到刚才的提交结果（页面已过期）。如已提交成功，查询编号已通过短信发送到您的手机。</p><p><a href="/p/track">查询办理进度</a></p>',
      });
    }
    return sendPage(reply, {
      request,
      title: '提交成功',
      body: donePage(done.number, done.anonymous ? shownTrackingCode(deps, done.caseId) : null),
      css: OPINION_CSS,
    });
  });

  const trackCookie = (reply: FastifyReply, value: string, maxAge: number) =>
    reply.setCookie(TRACK_COOKIE, value, {
      path: '/p/track',
      maxAge,
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.settings.secureCookies,
    });

  app.get('/p/track', { config: page, schema: hide }, async (request, reply) => {
    const q = fieldsOf(request.query);
    const caseId = q.new ? null : readTrackToken(deps, request.cookies[TRACK_COOKIE], deps.now());
    if (!caseId) {
      return sendPage(reply, {
        request,
        title: '查询办理进度',
        body: trackForm(typeof q.number === 'string' ? q.number.slice(0, 40) : ''),
        css: OPINION_CSS,
      });
    }
    const view = await trackView(deps, caseId);
    return sendPage(reply, {
      request,
      title: '办理进度',
      body: trackPage(view, q.rated ? { text: '感谢您的评价！', ok: true } : undefined),
      css: OPINION_CSS,
    });
  });

  app.post('/p/track', { config: page, schema: hide }, async (request, reply) => {
    const { fields, error } = await readForm(request, false);
    try {
      if (error) throw error;
      const caseId = await findTracked(
        deps,
        { number: fields.number ?? '', secret: fields.secret ?? '', ip: request.ip },
        deps.now(),
      );
      trackCookie(reply, trackToken(deps, caseId, deps.now()), 1800);
      return reply.redirect('/p/track', 303);
    } catch (err) {
      if (!(err instanceof PublicError)) throw err;
      return sendPage(
        reply,
        {
          request,
          title: '查询办理进度',
          body: trackForm((fields.number ?? '').slice(0, 40), err.message),
          css: OPINION_CSS,
        },
        err.status,
      );
    }
  });

  app.post('/p/track/rate', { config: page, schema: hide }, async (request, reply) => {
    const caseId = readTrackToken(deps, request.cookies[TRACK_COOKIE], deps.now());
    const { fields, error } = await readForm(request, false);
    if (!caseId) {
      return sendPage(
        reply,
        {
          request,
          title: '查询办理进度',
          body: trackForm('', '查询已过期，请重新输入查询编号和手机号后4位'),
          css: OPINION_CSS,
        },
        401,
      );
    }
    try {
      if (error) throw error;
      await rateTracked(
        deps,
        caseId,
        { satisfaction: fields.satisfaction, comment: fields.comment },
        deps.now(),
      );
      return reply.redirect('/p/track?rated=1', 303);
    } catch (err) {
      if (!(err instanceof PublicError)) throw err;
      const view = await trackView(deps, caseId);
      return sendPage(
        reply,
        {
          request,
          title: '办理进度',
          // The comment back (cleaned, when that was the refusal), so it need not be typed again.
          body: trackPage(view, { text: err.message, ok: false }, err.cleaned?.comment ?? fields.comment),
          css: OPINION_CSS,
        },
        err.status,
      );
    }
  });
};
