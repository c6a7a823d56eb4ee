/**
 * Text normalisation shared by every analysis in this package.
 *
 * Invariant: every model, index and tokenizer here sees text only after `normalize`, so a full-width
 * "ＡＢＣ１２３", a traditional "問題" and a pasted `<p>问题</p>` all land on the same terms.
 */

/**
 * Traditional → simplified for the commonest characters whose mapping is one-to-one in practice.
 * Deliberately small (about 400 characters, the ones that dominate everyday text and government
 * messages); characters with an ambiguous mapping (著/着, 乾/干, 於/于 in names, 餘/余 …) are left out.
 * Position i of TRAD maps to position i of SIMP.
 */
const TRAD =
  '們個來這為國會時說對學還發經開過沒與後麼樣長問題見點現實關係區縣鄉鎮車電氣東門業務機構買賣費資價醫療藥衛環' +
  '廢戶號樓補貼報設計劃築廠場單歸讓話語請謝應該從們將對當實際變動認識論議員進運達遠選邊連錢銀鐵鋼際陽陰隊隨險' +
  '難離雙雖雜雞電須順領頭題顧風飛飯館馬駕驗體鬥魚鳥點黨齊龍壓縣處夠頭奪奮婦媽孫寧實寫審寶對將專尋導屬島嶺幣師' +
  '帶幫廣廳張強歸徑從復態總戀懷戰擁擇擔據擊攝敗數斷於時晝暫書條東極標樹橋檢權歡歲歷殘氣漢湯溝滅濕漲灣災烏無煙' +
  '燈營爺牆獨獲現環產畫畢異當療發盡監盤眾碼礎確禮禍離種稱穩窮競筆節範築簡粵糧糾紀約紅納純紙級紛組細終絕給統絲' +
  '經綠網綜線編練縮績續總罰義習聽聯職腦臉興舉艦艱華萬葉蘇處號蟲補製複觀視覺親訂計討訓記許訴診證評識詳語誤說誰' +
  '課調談請諸謀講謝證識護讀變讓豐貝負財貧貨販責貴貸費貼賀資賓賠賣賤質購賽趙趕躍軍軟較輕輛輪輸轉辦辭農運過邊遼' +
  '郵鄉醫釋針鈔鍋錯鍵鎖鏡長門閉問閒間閱闊陣陳陸隊際險隱雖雙雜雲電霧靈靜頁項順須預頓頒領頻顆顏願類顯飲飾餐饑' +
  '駐騎驗驚髒鬧鮮鹽麥黃齒齡龜擋擠擴攤攔殺氣淚淨淺滯滿漁濟濱瀏災煩熱愛爭牽狀獎瑪瓊畝療癒皺盜碩礦禦禪秈稅窩竊' +
  '籃籌簽粵糞緊緒緣緩緻縣繁繩繳纏罷羅聞聲聳脅脹膽臟舊艙芻莊萊蓋蔣薦蕭藝藍蘆虛蝦蠟衝襲誇誌誕誠誣誦誼諒諧謊謎' +
  '譯譽讚貞賄賦賬賴贈贏趨蹤軌軒軸輔輝輯輿轄轟辯遞遲遺遷鄰醞釀鈴鉛銅銷鋪鋒錄錦鍛鎮鏈鐘鑑閃閘閣閩闆闖隸雞韓韻' +
  '響頂頃頌頗頰頸頹顫颱飄飽飼餅餘館饋饒駁駛駱騙騰驅驟體髮鬆鬱魯鯉鯨鴨鴻鵝鷹麗麵黴鼓齋決況準儘';
const SIMP =
  '们个来这为国会时说对学还发经开过没与后么样长问题见点现实关系区县乡镇车电气东门业务机构买卖费资价医疗药卫环' +
  '废户号楼补贴报设计划筑厂场单归让话语请谢应该从们将对当实际变动认识论议员进运达远选边连钱银铁钢际阳阴队随险' +
  '难离双虽杂鸡电须顺领头题顾风飞饭馆马驾验体斗鱼鸟点党齐龙压县处够头夺奋妇妈孙宁实写审宝对将专寻导属岛岭币师' +
  '带帮广厅张强归径从复态总恋怀战拥择担据击摄败数断于时昼暂书条东极标树桥检权欢岁历残气汉汤沟灭湿涨湾灾乌无烟' +
  '灯营爷墙独获现环产画毕异当疗发尽监盘众码础确礼祸离种称稳穷竞笔节范筑简粤粮纠纪约红纳纯纸级纷组细终绝给统丝' +
  '经绿网综线编练缩绩续总罚义习听联职脑脸兴举舰艰华万叶苏处号虫补制复观视觉亲订计讨训记许诉诊证评识详语误说谁' +
  '课调谈请诸谋讲谢证识护读变让丰贝负财贫货贩责贵贷费贴贺资宾赔卖贱质购赛赵赶跃军软较轻辆轮输转办辞农运过边辽' +
  '邮乡医释针钞锅错键锁镜长门闭问闲间阅阔阵陈陆队际险隐虽双杂云电雾灵静页项顺须预顿颁领频颗颜愿类显饮饰餐饥' +
  '驻骑验惊脏闹鲜盐麦黄齿龄龟挡挤扩摊拦杀气泪净浅滞满渔济滨浏灾烦热爱争牵状奖玛琼亩疗愈皱盗硕矿御禅籼税窝窃' +
  '篮筹签粤粪紧绪缘缓致县繁绳缴缠罢罗闻声耸胁胀胆脏旧舱刍庄莱盖蒋荐萧艺蓝芦虚虾蜡冲袭夸志诞诚诬诵谊谅谐谎谜' +
  '译誉赞贞贿赋账赖赠赢趋踪轨轩轴辅辉辑舆辖轰辩递迟遗迁邻酝酿铃铅铜销铺锋录锦锻镇链钟鉴闪闸阁闽板闯隶鸡韩韵' +
  '响顶顷颂颇颊颈颓颤台飘饱饲饼余馆馈饶驳驶骆骗腾驱骤体发松郁鲁鲤鲸鸭鸿鹅鹰丽面霉鼓斋决况准尽';

/** UTF-16 code unit → simplified code unit (0 = unchanged). All table entries are in the BMP. */
const T2S = new Uint16Array(0x10000);
let t2sSize = 0;
{
  const t = Array.from(TRAD);
  const s = Array.from(SIMP);
  if (t.length !== s.length) throw new Error(`t2s table out of step: ${t.length} vs ${s.length}`);
  for (let i = 0; i < t.length; i++) {
    const from = t[i].charCodeAt(0);
    if (t[i] === s[i] || T2S[from]) continue;
    T2S[from] = s[i].charCodeAt(0);
    t2sSize++;
  }
}

/** Number of traditional characters the built-in table converts (for tests and docs). */
export const T2S_TABLE_SIZE = t2sSize;

/** Convert the commonest traditional characters to simplified ones (small built-in table). */
export function toSimplified(text: string): string {
  let i = 0;
  const n = text.length;
  while (i < n && T2S[text.charCodeAt(i)] === 0) i++;
  if (i === n) return text;
  let out = text.slice(0, i);
  let from = i;
  for (; i < n; i++) {
    const to = T2S[text.charCodeAt(i)];
    if (to === 0) continue;
    out += text.slice(from, i) + String.fromCharCode(to);
    from = i + 1;
  }
  return out + text.slice(from);
}

const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  hellip: '…',
  mdash: '—',
  middot: '·',
};

/**
 * Remove HTML markup: script/style/comment blocks are dropped with their content, block-level tags
 * become line breaks, other tags vanish, and the common entities are decoded. Only text that really
 * looks like a tag (`<p>`, `</div>`, `<br/>`, `<a href=…>`) is touched, so "a<b" or "<3" survive.
 */
export function stripHtml(text: string): string {
  if (!text.includes('<') && !text.includes('&')) return text;
  return text
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<(script|style|noscript|template)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ')
    .replace(/<\/?(?:p|div|br|li|ul|ol|tr|table|h[1-6]|section|article|blockquote|pre)\b[^>]*>/gi, '\n')
    .replace(/<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>/g, ' ')
    .replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (m, name: string) => {
      if (name[0] === '#') {
        const code =
          name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[name.toLowerCase()] ?? m;
    });
}

/**
 * Invisible characters that change nothing for a reader but break matching: zero-width space/joiners,
 * bidi marks, embeddings, overrides and isolates, word joiner and invisible operators, BOM, soft
 * hyphen, Mongolian vowel separator, variation selectors (emoji presentation). Plus C0/C1 controls
 * other than \t and \n (\r is turned into \n first).
 */
const INVISIBLE_RE = new RegExp(
  '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f\\u202a-\\u202e' +
    '\\u2060-\\u2064\\u2066-\\u206f\\ufe00-\\ufe0f\\ufeff\\ufff9-\\ufffb]',
  'g',
);

/**
 * Normalise text for analysis:
 * - strip HTML tags and decode entities (`stripHtml`),
 * - Unicode NFKC (full-width Latin/digits → half-width, ideographic space → space, ① → 1, ﬁ → fi),
 * - drop zero-width, bidi and other control characters except \n and \t,
 * - fold whitespace: runs of spaces/tabs → one space, lines trimmed, blank lines removed,
 * - traditional → simplified for the commonest characters (`toSimplified`),
 * - lower-case Latin (and other cased scripts).
 *
 * Never throws; non-string input (from untyped callers) yields ''.
 */
export function normalize(text: string): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  let s = stripHtml(text);
  s = s.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n');
  s = s.replace(INVISIBLE_RE, '');
  s = s.normalize('NFKC');
  s = s.replace(/[^\S\n]+/g, ' ');
  s = s.replace(/ ?\n[\s]*/g, '\n');
  s = toSimplified(s);
  return s.toLowerCase().trim();
}
