import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEPUTY_LEVEL_LABELS, shanghaiDate } from '@lianluo/domain';
import type { FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { Deps } from '../../core/context.ts';
import { dayLabel, labelOf } from './format.ts';
import { esc, sendNotFound, sendPage } from './layout.ts';
import { deputyPageData } from './pages.service.ts';
import { Uuid } from './params.ts';
import { PageParams } from './public.schemas.ts';
import { loadStationPage } from './station.data.ts';

const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
/** An inline SVG QR code (no image request, prints sharp at any size). */
const qr = (url: string) => QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });

// Print sheets: black on white, fixed paper sizes, nothing but the sheet on paper.
const PRINT_BASE =
  '@media print{body{background:#fff}.noprint{display:none}}body{background:#fff;margin:0}.sheet{margin:auto;background:#fff;color:#000;text-align:center}.sheet svg{display:block;margin:0 auto}.noprint{padding:12px;text-align:center}';

const STEPS =
  '<ol class="steps"><li>用手机微信或浏览器扫描二维码</li><li>点“我要提意见”，写下您的意见建议（可附照片）</li><li>记下查询编号，随时查看办理进度和答复</li></ol>';

const printButton = '<p class="noprint"><button class="btn" type="button" id="print">打印</button></p>';
/** Progressive: without JavaScript the browser's own print command does the same. */
const PRINT_SCRIPT = "document.getElementById('print').onclick=function(){print()}";

/** Printable QR material: the station's A4 poster and table tent, the deputy's A6 card. */
export const printRoutes: FastifyPluginAsyncTypebox<{ deps: Deps }> = async (app, { deps }) => {
  const sheet = { config: { public: true as const }, schema: { hide: true, params: PageParams } };

  app.get('/p/stations/:id/poster', sheet, async (request, reply) => {
    const { id } = request.params;
    const page = Uuid.test(id) ? await loadStationPage(deps, id) : null;
    if (!page) return sendNotFound(reply, request, '联络站');
    const { st, shifts } = page;
    const svg = await qr(`${origin(request)}/p/stations/${id}`);
    const rows = shifts
      .slice(0, 8)
      .map(
        (s) =>
          `<tr><td>${dayLabel(s.date)}</td><td>${s.startTime}–${s.endTime}</td><td>${esc(s.deputies.map((d) => d.name).join('、') || '待定')}</td></tr>`,
      )
      .join('');
    return sendPage(reply, {
      request,
      bare: true,
      script: PRINT_SCRIPT,
      title: `${st.name} 海报`,
      css: `${PRINT_BASE}@page{size:A4 portrait;margin:12mm}.sheet{width:186mm;padding:4mm}.sheet h1{font-size:28pt;margin:2mm 0}.sheet .sub{font-size:16pt;margin:0 0 4mm}.sheet svg{width:80mm;height:80mm}.sheet table{margin:4mm auto;width:100%;font-size:12pt}.sheet td,.sheet th{border:1px solid #000;padding:2mm}.steps{text-align:left;font-size:14pt;margin:4mm 10mm}.sheet .foot{font-size:12pt}`,
      body: `${printButton}<div class="sheet" data-testid="poster"><h1>${esc(st.name)}</h1><p class="sub">扫码提意见 · 预约代表 · 查办理结果</p>${svg}<h2>如何提意见</h2>${STEPS}<h2>代表接待安排</h2>${
        rows
          ? `<table><tr><th scope="col">日期</th><th scope="col">时间</th><th scope="col">接待代表</th></tr>${rows}</table>`
          : '<p>接待安排以站内公告为准</p>'
      }<p class="foot">地址：${esc(st.address || '—')}　开放时间：${esc(st.openingHours || '—')}<br>打印于 ${shanghaiDate(deps.now())}</p></div>`,
    });
  });

  app.get('/p/stations/:id/tent', sheet, async (request, reply) => {
    const { id } = request.params;
    const page = Uuid.test(id) ? await loadStationPage(deps, id) : null;
    if (!page) return sendNotFound(reply, request, '联络站');
    const svg = await qr(`${origin(request)}/p/stations/${id}`);
    // An A4 sheet folded in half across: the upper half is upside down so both faces read upright.
    const face = `<div class="face"><h1>${esc(page.st.name)}</h1>${svg}<p>扫码提意见 · 预约代表</p></div>`;
    return sendPage(reply, {
      request,
      bare: true,
      script: PRINT_SCRIPT,
      title: `${page.st.name} 桌牌`,
      css: `${PRINT_BASE}@page{size:A4 portrait;margin:0}.sheet{width:210mm;height:296mm;display:flex;flex-direction:column}.face{height:148mm;display:flex;flex-direction:column;justify-content:center;align-items:center;border-bottom:1px dashed #999}.face:first-child{transform:rotate(180deg)}.face h1{font-size:24pt;margin:0 0 4mm}.face svg{width:70mm;height:70mm}.face p{font-size:18pt;margin:4mm 0 0}`,
      body: `${printButton}<div class="sheet" data-testid="tent">${face}${face}</div>`,
    });
  });

  app.get('/p/deputies/:id/card', sheet, async (request, reply) => {
    const { id } = request.params;
    const data = Uuid.test(id) ? await deputyPageData(deps, id) : null;
    if (!data) return sendNotFound(reply, request, '代表');
    const { d, stations: sts } = data;
    const svg = await qr(`${origin(request)}/p/deputies/${id}`);
    return sendPage(reply, {
      request,
      bare: true,
      script: PRINT_SCRIPT,
      title: `${d.name} 代表联系卡`,
      css: `${PRINT_BASE}@page{size:A6 portrait;margin:6mm}.sheet{width:93mm;padding:2mm}.sheet h1{font-size:20pt;margin:0}.sheet p{margin:1mm 0;font-size:10pt}.sheet svg{width:50mm;height:50mm}.sheet .call{font-size:12pt;font-weight:600}`,
      body: `${printButton}<div class="sheet" data-testid="deputy-card"><h1>${esc(d.name)}</h1><p>${esc(labelOf(DEPUTY_LEVEL_LABELS, d.level) ?? '')}${d.constituency ? ` · ${esc(d.constituency)}` : ''}</p>${
        sts.length ? `<p>${esc(sts.map((s) => s.name).join('、'))}</p>` : ''
      }${svg}<p class="call">扫码联系您的人大代表</p><p>提意见 · 预约见面 · 查办理结果</p></div>`,
    });
  });
};
