import {
  CASE_STATUS_LABELS,
  OPINION_MAX_CHARS,
  OPINION_MAX_PHOTOS,
  SATISFACTION_LABELS,
  SATISFACTIONS,
} from '@lianluo/domain';
import { labelOf } from './format.ts';
import { esc } from './layout.ts';
import type { TrackView } from './opinion.track.ts';
import type { OpinionForm } from './public.schemas.ts';

/** Form controls: checkboxes at their natural size, hints, the counter, previews. */
export const OPINION_CSS = `.check{display:flex;gap:8px;align-items:flex-start;font-weight:400}.check input{width:24px;height:24px;flex:none;margin:2px 0}
.hint{font-size:.9em;margin:.2em 0}.row{display:flex;gap:8px;align-items:flex-end}.row>div{flex:1}
.previews{display:flex;gap:8px;flex-wrap:wrap}.previews img{width:96px;height:96px;object-fit:cover;border-radius:4px}
[aria-invalid=true]{border:2px solid #a50e0e}.big{font-size:1.4em;font-weight:700;letter-spacing:.05em}
ol.tl{padding-left:1.2em}ol.tl li{margin:.5em 0}.detail{white-space:pre-wrap;background:#f0f4f9;padding:8px;border-radius:4px}
.pre{white-space:pre-wrap}.plain{border:0;padding:0;margin:0}
.sim{list-style:none;padding:0;margin:0}.sim li{border-top:1px solid #d9d9d9;padding:.4em 0}.sim h3{font-size:1em;margin:.2em 0}.sim p{margin:.2em 0}
#cat-hint .btn{margin:.3em .5em 0 0;padding:6px 12px}`;

export interface FormContext {
  station: { id: string; name: string };
  deputy: { id: string; name: string } | null;
  via: 'qr' | 'web';
  categories: { key: string; name: string }[];
  idem: string;
  values: OpinionForm;
  error?: { message: string; field?: string };
  notice?: string;
  pow?: { challenge: string; bits: number };
}

const attr = (v: string | undefined) => esc(v ?? '');
const invalid = (ctx: FormContext, f: string) =>
  ctx.error?.field === f ? ' aria-invalid="true" aria-describedby="form-error"' : '';

/** The raise-an-opinion form: a plain multipart form that works with JavaScript off. */
export function opinionForm(ctx: FormContext): string {
  const v = ctx.values;
  const anon = v.anonymous === '1' || v.anonymous === 'on';
  const consent = v.consent === '1' || v.consent === 'on';
  const cats = ctx.categories
    .map(
      (c) =>
        `<option value="${esc(c.key)}"${v.category === c.key ? ' selected' : ''}>${esc(c.name)}</option>`,
    )
    .join('');
  const msg = ctx.error
    ? `<p class="err" id="form-error" role="alert">${esc(ctx.error.message)}</p>`
    : ctx.notice
      ? `<p class="ok" id="form-error" role="status">${esc(ctx.notice)}</p>`
      : '<p id="form-error" role="alert"></p>';
  const pow = ctx.pow
    ? `<input type="hidden" name="powChallenge" value="${esc(ctx.pow.challenge)}" data-bits="${ctx.pow.bits}"><input type="hidden" name="powNonce" value=""><noscript><p class="err">提交较频繁，需要浏览器完成一次自动验证：请开启 JavaScript 后提交，或一小时后再试。</p></noscript>`
    : '';
  return `<p>反映到：<strong data-testid="opinion-station">${esc(ctx.station.name)}</strong>${
    ctx.deputy ? `（代表 ${esc(ctx.deputy.name)}）` : ''
  }</p>${msg}
<form id="op" method="post" action="/p/opinion" enctype="multipart/form-data" data-max-photos="${OPINION_MAX_PHOTOS}">
<input type="hidden" name="station" value="${esc(ctx.station.id)}"><input type="hidden" name="deputy" value="${attr(ctx.deputy?.id)}"><input type="hidden" name="via" value="${ctx.via}"><input type="hidden" name="idem" value="${esc(ctx.idem)}">${pow}
<div class="card"><label for="content">您要反映的问题（必填）</label>
<textarea id="content" name="content" rows="7" maxlength="${OPINION_MAX_CHARS}" required${invalid(ctx, 'content')}>${attr(v.content)}</textarea>
<p class="hint muted" id="content-count" aria-live="polite">最多 ${OPINION_MAX_CHARS} 字</p>
<section id="similar" data-testid="similar" hidden aria-labelledby="similar-h"><h2 id="similar-h">已有类似意见</h2><p class="hint muted">以下是已公示的办理结果和正在统一办理的共性问题，供您参考；您仍然可以提交自己的意见。</p><ul class="sim" id="similar-list"></ul></section>
<label for="category">问题类别（可不选）</label><select id="category" name="category" aria-describedby="cat-hint"${invalid(ctx, 'category')}><option value="">不清楚，由工作人员分类</option>${cats}</select>
<div class="hint" id="cat-hint" aria-live="polite" data-testid="category-suggestion"></div><input type="hidden" name="suggestion" value="${attr(v.suggestion)}"></div>
<div class="card"><h2>位置（可不填）</h2><label for="address">问题发生的地点</label><input id="address" name="address" maxlength="200" autocomplete="street-address" value="${attr(v.address)}"${invalid(ctx, 'address')}>
<input type="hidden" name="latitude" value="${attr(v.latitude)}"><input type="hidden" name="longitude" value="${attr(v.longitude)}">
<p><button type="button" class="btn alt" id="geo" hidden>使用我现在的位置</button></p><p class="hint muted" id="geo-status" aria-live="polite"></p></div>
<div class="card"><h2>联系方式</h2>
<label class="check"><input type="checkbox" id="anonymous" name="anonymous" value="1"${anon ? ' checked' : ''}><span>匿名反映（不留姓名和电话，提交后给您一个查询码）</span></label>
<div id="contact"><label for="name">姓名</label><input id="name" name="name" maxlength="30" autocomplete="name" value="${attr(v.name)}"${invalid(ctx, 'name')}>
<label for="phone">手机号码</label><input id="phone" name="phone" inputmode="numeric" maxlength="20" autocomplete="tel" value="${attr(v.phone)}"${invalid(ctx, 'phone')}>
<p><button type="submit" class="btn alt" id="send-code" formaction="/p/opinion/code" formnovalidate>获取短信验证码</button></p><p class="hint muted" id="code-status" aria-live="polite"></p>
<label for="code">短信验证码</label><input id="code" name="code" inputmode="numeric" maxlength="6" autocomplete="one-time-code"${invalid(ctx, 'code')}>
<p class="hint muted">电话只用于核实和反馈，不会公开。</p></div></div>
<div class="card"><label class="check"><input type="checkbox" name="consent" value="1"${consent ? ' checked' : ''}><span>同意在公示栏公开我反映的问题和办理结果（姓名、电话不公开）</span></label></div>
<div class="card"><label for="photos">照片（可不传，最多 ${OPINION_MAX_PHOTOS} 张，JPG 或 PNG）</label><input type="file" id="photos" name="photo" accept="image/jpeg,image/png" multiple${invalid(ctx, 'photo')}>
<p class="hint muted" id="photo-status" aria-live="polite">每张不超过 10 MB。</p><div class="previews" id="previews"></div></div>
<p><button type="submit" class="btn" id="submit">提交意见</button></p>
<p class="hint muted" id="draft-status" aria-live="polite"></p>
</form>`;
}

// A small synchronous SHA-256 for the proof of work: crypto.subtle exists only on HTTPS pages,
// and a county intranet may serve plain HTTP.
const SHA256_JS = `function sha256(s){var K=[],H=[],p=2,n=0;function fr(x){return(x-Math.floor(x))*4294967296|0}
while(n<64){var q=true;for(var d=2;d*d<=p;d++)if(p%d===0){q=false;break}if(q){if(n<8)H[n]=fr(Math.pow(p,1/2));K[n++]=fr(Math.pow(p,1/3))}p++}
var b=unescape(encodeURIComponent(s)),l=b.length,w=[],i;for(i=0;i<l;i++)w[i>>2]|=b.charCodeAt(i)<<(24-(i%4)*8);w[l>>2]|=0x80<<(24-(l%4)*8);
var m=((l+8)>>6<<4)+15;for(i=(l>>2)+1;i<=m;i++)w[i]=w[i]|0;w[m]=l*8;
for(var j=0;j<w.length;j+=16){var a=H.slice(0),W=[];for(i=0;i<64;i++){if(i<16)W[i]=w[j+i]|0;else{var x=W[i-15],y=W[i-2];
W[i]=(((x>>>7|x<<25)^(x>>>18|x<<14)^(x>>>3))+W[i-7]+((y>>>17|y<<15)^(y>>>19|y<<13)^(y>>>10))+W[i-16])|0}
var e=a[4],t1=a[7]+((e>>>6|e<<26)^(e>>>11|e<<21)^(e>>>25|e<<7))+((e&a[5])^(~e&a[6]))+K[i]+W[i],c=a[0],
t2=((c>>>2|c<<30)^(c>>>13|c<<19)^(c>>>22|c<<10))+((c&a[1])^(c&a[2])^(a[1]&a[2]));a.pop();a.unshift((t1+t2)|0);a[4]=(a[4]+t1)|0}
for(i=0;i<8;i++)H[i]=(H[i]+a[i])|0}var o=[];for(i=0;i<32;i++)o.push((H[i>>2]>>>(24-(i%4)*8))&255);return o}`;

/**
 * Progressive enhancement of the form: counter, draft, photo shrinking, code by fetch, resend.
 * A 409/422 answer means the draft's Idempotency-Key is spent (already used, here for another
 * text): the draft keeps the text but drops the key, so the reload the message asks for starts
 * with the page's fresh key instead of restoring the spent one and being refused forever.
 */
export const OPINION_SCRIPT = `(function(){
var f=document.getElementById('op');if(!f)return;
var $=function(id){return document.getElementById(id)};var msg=$('form-error');
var DK='lianluo-opinion-draft:'+f.station.value+':'+f.deputy.value;var photos=[];var MAX=+f.dataset.maxPhotos;
function say(el,t,bad){el.textContent=t;el.className=bad?'err':(el===msg?'ok':'hint muted');}
function count(){var n=Array.from(f.content.value).length;$('content-count').textContent='已写 '+n+' / ${OPINION_MAX_CHARS} 字';}
function contact(){$('contact').hidden=f.anonymous.checked;}
var FIELDS=['content','category','address','latitude','longitude','name','phone','anonymous','consent'];
function save(){var d={idem:f.idem.value,photos:photos};FIELDS.forEach(function(k){var e=f[k];d[k]=e.type==='checkbox'?e.checked:e.value});
try{localStorage.setItem(DK,JSON.stringify(d))}catch(e){try{d.photos=[];localStorage.setItem(DK,JSON.stringify(d))}catch(e2){}}}
function restore(){var d;try{d=JSON.parse(localStorage.getItem(DK)||'null')}catch(e){}if(!d)return;
if(f.content.value)return;f.idem.value=d.idem||f.idem.value;
FIELDS.forEach(function(k){var e=f[k];if(d[k]===undefined)return;if(e.type==='checkbox')e.checked=!!d[k];else e.value=d[k]});
photos=(d.photos||[]).slice(0,MAX);showPhotos();say($('draft-status'),'已恢复您上次未提交的草稿');}
function showPhotos(){var p=$('previews');p.textContent='';photos.forEach(function(u,i){var im=new Image();im.src=u;im.alt='照片'+(i+1);p.appendChild(im)});
if(photos.length)say($('photo-status'),'已选 '+photos.length+' 张照片（已压缩）');}
function shrink(file){return new Promise(function(ok,no){var r=new FileReader();r.onerror=no;r.onload=function(){var im=new Image();im.onerror=function(){no(new Error('不是图片'))};
im.onload=function(){var s=Math.min(1,1600/Math.max(im.width,im.height));var c=document.createElement('canvas');c.width=Math.round(im.width*s);c.height=Math.round(im.height*s);
c.getContext('2d').drawImage(im,0,0,c.width,c.height);ok(c.toDataURL('image/jpeg',0.8))};im.src=r.result};r.readAsDataURL(file)})}
function blob(u){var b=atob(u.split(',')[1]);var a=new Uint8Array(b.length);for(var i=0;i<b.length;i++)a[i]=b.charCodeAt(i);return new Blob([a],{type:'image/jpeg'})}
$('photos').addEventListener('change',function(e){var fs=Array.from(e.target.files).slice(0,MAX);if(e.target.files.length>MAX)say($('photo-status'),'最多 '+MAX+' 张，只取前 '+MAX+' 张',true);
Promise.all(fs.map(shrink)).then(function(us){photos=us;showPhotos();save()},function(){say($('photo-status'),'有的文件不是照片，请重新选择',true)})});
f.addEventListener('input',function(){count();save()});f.anonymous.addEventListener('change',contact);
if(navigator.geolocation){var g=$('geo');g.hidden=false;g.addEventListener('click',function(){say($('geo-status'),'正在获取位置…');
navigator.geolocation.getCurrentPosition(function(p){f.latitude.value=p.coords.latitude.toFixed(6);f.longitude.value=p.coords.longitude.toFixed(6);say($('geo-status'),'已记录您的位置');save()},
function(){say($('geo-status'),'没有取得位置，可以直接填写地址',true)},{timeout:15000})})}
$('send-code').addEventListener('click',function(e){e.preventDefault();var d=new FormData();d.append('phone',f.phone.value);d.append('station',f.station.value);
fetch('/p/opinion/code',{method:'POST',body:d,headers:{accept:'application/json'}}).then(function(r){return r.json()}).then(function(j){say($('code-status'),j.title||j.message,!j.ok);if(j.ok)f.code.focus()},
function(){say($('code-status'),'网络不稳定，请稍后再获取',true)})});
${SHA256_JS}
function solve(ch,bits){var n=0;for(;;n++){var h=sha256(ch+':'+n);var z=0,i=0;while(i<h.length&&h[i]===0){z+=8;i++}if(i<h.length){var b=h[i];while(!(b&0x80)&&z<256){z++;b<<=1}}if(z>=bits)return String(n)}}
var sending=false;
function send(){if(sending)return;sending=true;var d=new FormData(f);d.delete('photo');photos.forEach(function(u,i){d.append('photo',blob(u),'photo'+(i+1)+'.jpg')});
say(msg,'正在提交…');
fetch('/p/opinion',{method:'POST',body:d,headers:{accept:'application/json','idempotency-key':f.idem.value}}).then(function(r){return r.json().then(function(j){return{r:r,j:j}})}).then(function(x){sending=false;
if(x.r.ok){try{localStorage.removeItem(DK)}catch(e){}location.href=x.j.next;return}
if(x.j.cleaned){Object.keys(x.j.cleaned).forEach(function(k){if(f[k])f[k].value=x.j.cleaned[k]});count();save()}
if(x.j.pow){say(msg,'正在进行自动验证，请稍候…');setTimeout(function(){setPow(x.j.pow);send()},30);return}
if(x.r.status===409||x.r.status===422){f.idem.value='';save()}
say(msg,x.j.title||'提交失败，请检查后重试',true);if(x.j.field&&f[x.j.field]&&f[x.j.field].focus)f[x.j.field].focus()},
function(){sending=false;save();say(msg,'网络中断：草稿已保存在本机，网络恢复后会自动重新提交（不会重复提交）。',true)})}
function setPow(p){var c=f.powChallenge;if(!c){c=document.createElement('input');c.type='hidden';c.name='powChallenge';f.appendChild(c);var nn=document.createElement('input');nn.type='hidden';nn.name='powNonce';f.appendChild(nn)}
c.value=p.challenge;f.powNonce.value=solve(p.challenge,p.bits)}
f.addEventListener('submit',function(e){e.preventDefault();save();if(f.powChallenge&&f.powChallenge.value&&!f.powNonce.value){say(msg,'正在进行自动验证，请稍候…');setTimeout(function(){f.powNonce.value=solve(f.powChallenge.value,+f.powChallenge.dataset.bits);send()},30)}else send()});
window.addEventListener('online',function(){var d;try{d=localStorage.getItem(DK)}catch(e){}if(d&&msg.className==='err'&&/网络中断/.test(msg.textContent))send()});
var sel=f.category,picked=false,last='',timer=0,seq=0;
sel.addEventListener('change',function(){picked=true;if(shown)hint(shown)});
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e}
var shown=null;
function hint(s){var h=$('cat-hint');h.textContent='';shown=s;if(!s||!s.ok){f.suggestion.value='';if(!picked)sel.value='';return}
f.suggestion.value=s.token;var top=s.items[0];if(!picked)sel.value=top.category;
h.appendChild(el('p',null,sel.value===top.category?'已根据您写的内容选择类别「'+top.name+'」，如不合适可以修改。':'系统建议的类别是「'+top.name+'」'+(sel.value?'，您选择了其他类别。':'。')));
s.items.forEach(function(i){if(i.category===sel.value||(i!==top&&i.score<0.15))return;var b=el('button','btn alt','改选「'+i.name+'」');b.type='button';
b.addEventListener('click',function(){sel.value=i.category;picked=true;hint(s);save()});h.appendChild(b)})}
function pct(x){return Math.round(x*100)+'%'}
function why(i){return '相似度 '+pct(i.score)+(i.sharedTerms.length?'，都提到「'+i.sharedTerms.join('、')+'」':'')}
function similar(s){var ul=$('similar-list');ul.textContent='';var n=0;
(s&&s.items||[]).forEach(function(i){var li=el('li');li.setAttribute('data-testid','similar-item');var a=el('a',null,'公示 '+i.number);a.href=i.href;
li.appendChild(el('h3')).appendChild(a);li.appendChild(el('p',null,i.publicText));
li.appendChild(el('p','muted',[i.category,i.station,i.status,i.reply&&('答复：'+i.reply)].filter(Boolean).join(' · ')));li.appendChild(el('p','muted',why(i)));ul.appendChild(li);n++});
(s&&s.issues||[]).forEach(function(i){var li=el('li');li.setAttribute('data-testid','similar-issue');
li.appendChild(el('p',null,'共性问题：'+i.title+'（'+i.caseCount+' 件意见合并办理）'));li.appendChild(el('p','muted',why(i)));ul.appendChild(li);n++});
$('similar').hidden=n===0}
function insight(){var t=f.content.value.trim();if(Array.from(t).length<8||t===last)return;last=t;var n=++seq;
fetch('/p/opinion/insight',{method:'POST',body:JSON.stringify({text:t,station:f.station.value}),headers:{'content-type':'application/json',accept:'application/json'}})
.then(function(r){return r.ok?r.json():null}).then(function(j){if(!j||n!==seq)return;hint(j.suggestion);similar(j.similar)},function(){})}
f.content.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(insight,700)});
restore();count();contact();picked=!!sel.value;insight();})();`;

/** The town → station picker when the page was opened without a station or deputy. */
export function pickerPage(
  towns: { code: string; name: string }[],
  town: string | undefined,
  stations: { id: string; name: string }[],
): string {
  if (town && stations.length) {
    return `<p>请选择要反映到的联络站：</p><ul>${stations
      .map((s) => `<li><a href="/p/opinion?station=${esc(s.id)}&amp;via=web">${esc(s.name)}</a></li>`)
      .join('')}</ul><p><a href="/p/opinion">重新选择乡镇</a></p>`;
  }
  return `<form method="get" action="/p/opinion" class="card"><label for="town">您所在的乡镇（街道）</label><select id="town" name="town">${towns
    .map((t) => `<option value="${esc(t.code)}"${t.code === town ? ' selected' : ''}>${esc(t.name)}</option>`)
    .join('')}</select><p><button class="btn" type="submit">下一步</button></p></form>`;
}

export function donePage(number: string, code: string | null): string {
  return `<div class="card"><p class="ok" role="status">您的意见已提交，我们会尽快办理并反馈。</p>
<p>查询编号：</p><p class="big" data-testid="tracking-number">${esc(number)}</p>${
    code
      ? `<p>查询码（匿名反映时用它代替手机号后4位，请抄下或截图保存，只显示这一次）：</p><p class="big" data-testid="tracking-code">${esc(code)}</p>`
      : '<p>查询时请输入以上编号和您手机号的后4位。</p>'
  }<p><a class="btn" href="/p/track?number=${encodeURIComponent(number)}" data-testid="track-link">查询办理进度</a></p></div>`;
}

export function trackForm(number: string, error?: string): string {
  return `${error ? `<p class="err" id="form-error" role="alert">${esc(error)}</p>` : ''}<form class="card" method="post" action="/p/track" enctype="multipart/form-data">
<label for="number">查询编号</label><input id="number" name="number" required maxlength="40" autocapitalize="characters" value="${esc(number)}"${error ? ' aria-describedby="form-error"' : ''}>
<label for="secret">手机号后4位（匿名反映请填查询码）</label><input id="secret" name="secret" required maxlength="12" autocomplete="off">
<p><button class="btn" type="submit">查询</button></p></form>`;
}

const FMT = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

export function trackPage(
  view: TrackView,
  message?: { text: string; ok: boolean },
  /** The comment of a refused rating, put back in its field. */
  comment = '',
): string {
  const items = view.timeline
    .map(
      (i) =>
        `<li><time>${esc(FMT.format(i.at))}</time> ${esc(i.text)}${i.detail ? `<div class="detail">${esc(i.detail)}</div>` : ''}</li>`,
    )
    .join('');
  const rate = view.canRate
    ? `<form class="card" method="post" action="/p/track/rate" enctype="multipart/form-data" data-testid="rate-form"><fieldset class="plain"><legend><strong>请您对办理结果作出评价</strong></legend>
${SATISFACTIONS.map(
  (k) =>
    `<label class="check"><input type="radio" name="satisfaction" value="${k}" required><span>${SATISFACTION_LABELS[k]}</span></label>`,
).join('')}</fieldset>
<label for="comment">意见和建议（可不填）</label><textarea id="comment" name="comment" rows="3" maxlength="500">${esc(comment)}</textarea>
<p><button class="btn" type="submit">提交评价</button></p></form>`
    : '';
  return `${message ? `<p class="${message.ok ? 'ok' : 'err'}" role="${message.ok ? 'status' : 'alert'}">${esc(message.text)}</p>` : ''}
<div class="card"><p>查询编号：<strong data-testid="track-number">${esc(view.number)}</strong></p><p>当前状态：<strong data-testid="track-status">${esc(
    labelOf(CASE_STATUS_LABELS, view.status) ?? view.status,
  )}</strong></p>${view.stationName ? `<p>联络站：${esc(view.stationName)}</p>` : ''}${
    view.phoneMasked ? `<p>联系电话：${esc(view.phoneMasked)}</p>` : ''
  }<h2>您反映的问题</h2><p class="pre">${esc(view.content)}</p></div>
<div class="card"><h2>办理过程</h2><ol class="tl" data-testid="track-timeline">${items}</ol></div>${rate}
<p><a href="/p/track?new=1">查询其他意见</a></p>`;
}
