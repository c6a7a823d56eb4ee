import { createHash, randomBytes } from 'node:crypto';
import { OPINION_MAX_PHOTO_BYTES, OPINION_MAX_PHOTOS, PUBLIC_LIMITS, powDifficulty } from '@lianluo/domain';
import { inArray } from 'drizzle-orm';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../core/context.ts';
import { AppError } from '../../core/errors.ts';
import { regions } from '../../db/schema/index.ts';
import { PHOTO_SIZES, processImage } from '../../http/images.ts';
import { sniff } from '../../http/uploads.ts';
import { esc, sendPage } from './layout.ts';
import {
  findDeputy,
  findStation,
  findTracked,
  issueChallenge,
  listCategories,
  type OpinionForm,
  type Photo,
  PublicError,
  rateCount,
  rateTracked,
  readTrackToken,
  replayed,
  requestCode,
  shownTrackingCode,
  stationsByTown,
  submitOpinion,
  trackToken,
  trackView,
} from './opinion.service.ts';
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

const DONE_COOKIE = 'lianluo_done';
const TRACK_COOKIE = 'lianluo_track';

const wantsJson = (request: FastifyRequest) =>
  String(request.headers.accept ?? '').includes('application/json');

/**
 * A photo from the public form, checked and re-encoded as staff uploads are (processImage): decoded,
 * refused if it does not decode or declares a pixel bomb, and stored as a new JPEG without its EXIF
 * — a phone photo carries the GPS position of the person's home, which must never be kept or shown.
 * The hash of the bytes as sent is kept for the Idempotency-Key's body.
 */
async function cleanPhoto(bytes: Buffer): Promise<Photo> {
  const sent = createHash('sha256').update(bytes).digest('hex');
  try {
    const img = await processImage(bytes, PHOTO_SIZES.document);
    return { bytes: img.bytes, sent };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.status === 415) throw UNSUPPORTED_PHOTO();
    // Over the size limits: processImage says which size it read; else the file does not decode.
    const message = /尺寸过大/.test(err.message)
      ? `照片${err.message.replace(/^图片/, '')}。`
      : '所选照片已损坏或不是真正的照片，无法读取，请换一张照片。';
    throw new PublicError(message, 422, 'photo');
  }
}

const UNSUPPORTED_PHOTO = () =>
  new PublicError('只能上传 JPG 或 PNG 格式的照片，所选文件不是照片', 415, 'photo');

/**
 * Reads a multipart form: its text fields and up to three photos, each sniffed by content (JPEG
 * or PNG only), limited in size, then decoded and re-encoded (cleanPhoto). Browsers send an empty
 * part for an empty file input: skipped.
 */
async function readForm(
  request: FastifyRequest,
  withPhotos: boolean,
): Promise<{ fields: Record<string, string>; photos: Photo[]; error?: PublicError }> {
  const fields: Record<string, string> = {};
  const photos: Photo[] = [];
  const raw: Buffer[] = [];
  if (!request.isMultipart())
    return { fields, photos, error: new PublicError('请通过页面上的表单提交', 415) };
  try {
    for await (const part of request.parts({
      limits: {
        fileSize: OPINION_MAX_PHOTO_BYTES,
        files: OPINION_MAX_PHOTOS + 1,
        fields: 30,
        // Room for a pasted 20,000-character text, so it gets the "too long" message, not a cut.
        fieldSize: 256 * 1024,
        parts: 40,
      },
    })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (!withPhotos || (bytes.length === 0 && !part.filename)) continue;
        if (raw.length >= OPINION_MAX_PHOTOS)
          throw new PublicError(`最多上传 ${OPINION_MAX_PHOTOS} 张照片`, 400, 'photo');
        const kind = sniff(bytes);
        if (kind !== 'jpeg' && kind !== 'png') throw UNSUPPORTED_PHOTO();
        raw.push(bytes);
      } else if (!(part.fieldname in fields)) {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
    // After the whole request is read, so a fourth photo or an oversized one is refused first.
    for (const bytes of raw) photos.push(await cleanPhoto(bytes));
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (err instanceof PublicError) return { fields, photos: [], error: err };
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      return {
        fields,
        photos: [],
        error: new PublicError(
          '照片太大：每张不能超过 10 MB。请换一张，或开启 JavaScript 让页面自动压缩。',
          413,
          'photo',
        ),
      };
    }
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      return {
        fields,
        photos: [],
        error: new PublicError(`最多上传 ${OPINION_MAX_PHOTOS} 张照片`, 400, 'photo'),
      };
    }
    throw err;
  }
  return { fields, photos };
}

const formOf = (f: Record<string, string>): OpinionForm => ({
  station: f.station,
  deputy: f.deputy || undefined,
  content: f.content,
  category: f.category,
  address: f.address,
  latitude: f.latitude,
  longitude: f.longitude,
  name: f.name,
  phone: f.phone,
  code: f.code,
  anonymous: f.anonymous,
  consent: f.consent,
  powChallenge: f.powChallenge,
  powNonce: f.powNonce,
  via: f.via,
  suggestion: f.suggestion,
});

/** Raise an opinion (/p/opinion) and track it (/p/track): server-rendered, usable without JavaScript. */
export const opinionRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  const page = { public: true as const };
  const hide = { hide: true };

  /** The form with its station, categories and — past the soft limit — a proof-of-work challenge. */
  async function formContext(
    request: FastifyRequest,
    q: { station?: string; deputy?: string; via?: string },
    values: OpinionForm,
    idem?: string,
  ): Promise<FormContext | null> {
    let station = await findStation(deps.db, q.station);
    let deputy: { id: string; name: string } | null = null;
    if (q.deputy) {
      const d = await findDeputy(deps.db, q.deputy);
      if (!d || d.stations.length === 0) return null;
      deputy = { id: d.id, name: d.name };
      // A deputy grouped into several stations: the first unless the form named one of them.
      station = d.stations.find((s) => s.id === station?.id) ?? d.stations[0]!;
    }
    if (!station) return null;
    const now = deps.now();
    const recent = await rateCount(
      deps.db,
      `submit-ip-soft:${deps.crypto.blindIndex(request.ip)}`,
      PUBLIC_LIMITS.submitIpSoft,
      now,
    );
    const bits = powDifficulty(recent);
    return {
      station,
      deputy,
      via: q.via === 'web' ? 'web' : 'qr',
      categories: await listCategories(deps.db),
      idem: idem && /^[A-Za-z0-9_.:-]{16,128}$/.test(idem) ? idem : randomBytes(18).toString('base64url'),
      values,
      pow: bits > 0 ? { challenge: issueChallenge(deps, bits, now), bits } : undefined,
    };
  }

  const renderForm = (request: FastifyRequest, reply: FastifyReply, ctx: FormContext, status = 200) =>
    sendPage(
      reply,
      { request, title: '反映意见', body: opinionForm(ctx), css: OPINION_CSS, script: OPINION_SCRIPT },
      status,
    );

  app.get('/p/opinion', { config: page, schema: hide }, async (request, reply) => {
    const q = request.query as { station?: string; deputy?: string; town?: string; via?: string };
    if (q.station || q.deputy) {
      const ctx = await formContext(request, q, {});
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
    const all = await stationsByTown(deps.db);
    const townCodes = [...new Set(all.map((s) => s.town))];
    const names = townCodes.length
      ? await deps.db
          .select({ code: regions.code, name: regions.name })
          .from(regions)
          .where(inArray(regions.code, townCodes))
      : [];
    const byCode = new Map(names.map((r) => [r.code, r.name]));
    const towns = townCodes.map((code) => ({ code, name: byCode.get(code) ?? code }));
    const town = typeof q.town === 'string' ? q.town : undefined;
    return sendPage(reply, {
      request,
      title: '反映意见',
      body: pickerPage(
        towns,
        town,
        all.filter((s) => s.town === town),
      ),
    });
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
    const ctx = await formContext(request, fields, formOf(fields), fields.idem);
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
    const key = (request.headers['idempotency-key'] as string | undefined) ?? fields.idem ?? '';
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
      const ctx = await formContext(request, fields, { ...formOf(fields), code: '' }, fields.idem);
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
    const q = request.query as { number?: string; new?: string; rated?: string };
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
