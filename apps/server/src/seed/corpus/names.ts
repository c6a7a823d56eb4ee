/**
 * Random but plausible Chinese personal names for demo deputies, liaison officers, handlers and
 * visitors. Names are drawn at random: they refer to nobody.
 */

/**
 * About 80 common surnames, most frequent first, with a rough relative frequency (per mille of
 * the population, rounded; Hunan's common 刘、李、陈、彭、谭、曾、欧阳 are slightly favoured).
 */
const SURNAME_TABLE: readonly (readonly [string, number])[] = [
  ['李', 72],
  ['王', 70],
  ['张', 68],
  ['刘', 60],
  ['陈', 52],
  ['杨', 31],
  ['黄', 24],
  ['赵', 22],
  ['吴', 20],
  ['周', 20],
  ['徐', 16],
  ['孙', 15],
  ['马', 14],
  ['朱', 13],
  ['胡', 13],
  ['郭', 12],
  ['何', 12],
  ['罗', 12],
  ['高', 11],
  ['林', 11],
  ['郑', 9],
  ['梁', 9],
  ['谢', 9],
  ['唐', 9],
  ['宋', 8],
  ['许', 8],
  ['韩', 7],
  ['邓', 8],
  ['冯', 7],
  ['曹', 7],
  ['彭', 8],
  ['曾', 8],
  ['肖', 7],
  ['田', 6],
  ['董', 6],
  ['潘', 5],
  ['袁', 5],
  ['蔡', 5],
  ['蒋', 5],
  ['余', 5],
  ['于', 5],
  ['杜', 5],
  ['叶', 5],
  ['程', 4],
  ['魏', 4],
  ['苏', 4],
  ['吕', 4],
  ['丁', 4],
  ['任', 4],
  ['卢', 4],
  ['姚', 4],
  ['沈', 4],
  ['钟', 4],
  ['姜', 4],
  ['崔', 3],
  ['谭', 6],
  ['陆', 3],
  ['范', 3],
  ['汪', 3],
  ['廖', 4],
  ['石', 3],
  ['金', 3],
  ['贾', 3],
  ['夏', 3],
  ['付', 3],
  ['方', 3],
  ['邹', 3],
  ['熊', 3],
  ['白', 2],
  ['孟', 2],
  ['秦', 2],
  ['邱', 2],
  ['侯', 2],
  ['江', 2],
  ['尹', 2],
  ['薛', 2],
  ['龚', 3],
  ['易', 3],
  ['贺', 3],
  ['文', 2],
  ['向', 2],
  ['欧阳', 2],
];

/** Common surnames, roughly most frequent first. */
const SURNAMES: string[] = SURNAME_TABLE.map(([s]) => s);

/** Relative frequency of each entry of SURNAMES (same order). */
const SURNAME_WEIGHTS: number[] = SURNAME_TABLE.map(([, w]) => w);

/** Characters common in men's given names. */
const MALE_GIVEN_CHARS: string[] = [
  ...'建国军伟强勇杰涛斌志明华平辉刚波峰俊宇浩鹏飞亮成林海东文红兵新春光永超卫德福生贵荣庆祥振宏胜云立松柏锋晨磊鑫阳凯',
  ...'学武忠良兴旺中安家金宝进清泽',
];

/** Characters common in women's given names. */
const FEMALE_GIVEN_CHARS: string[] = [
  ...'秀英玉兰芳丽娟敏静霞梅燕萍琴红艳桂珍凤华婷雪慧佳琳颖倩莉娜娥群芬丹利春月菊香美琼晓玲蓉淑碧',
  ...'欣怡萱雅洁媛莲姣婉',
];

/**
 * Names of well-known public figures that a random draw could produce; pickName draws again
 * rather than give a demo person such a name.
 */
const AVOIDED_NAMES: ReadonlySet<string> = new Set([
  '李强',
  '王毅',
  '李鹏',
  '李克强',
  '王岐山',
  '汪洋',
  '李希',
  '韩正',
  '刘鹤',
  '王勇',
  '李明',
  '张杰',
  '王菲',
  '刘欢',
  '李娜',
  '刘翔',
  '姚明',
  '韩红',
  '周迅',
  '孙俪',
  '杨幂',
]);

export type Gender = 'male' | 'female';

function pickIndexWeighted(rand: () => number, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = rand() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  return weights.length - 1;
}

function pickOne<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.min(xs.length - 1, Math.floor(rand() * xs.length))];
}

/**
 * A 2–3 character name (surname weighted by frequency, then one or two given-name characters;
 * a two-character surname gets one). Deterministic for a deterministic `rand` in [0, 1).
 * With no gender, one is drawn with equal odds.
 */
function pickName(rand: () => number, gender?: Gender): string {
  const g: Gender = gender ?? (rand() < 0.5 ? 'male' : 'female');
  const chars = g === 'male' ? MALE_GIVEN_CHARS : FEMALE_GIVEN_CHARS;
  for (let attempt = 0; ; attempt++) {
    const surname = SURNAMES[pickIndexWeighted(rand, SURNAME_WEIGHTS)];
    const givenLength = surname.length > 1 || rand() < 0.3 ? 1 : 2;
    let given = pickOne(rand, chars);
    if (givenLength === 2) {
      let second = pickOne(rand, chars);
      if (second === given && rand() < 0.7) second = pickOne(rand, chars); // 叠字 names are rarer
      given += second;
    }
    const name = surname + given;
    if (!AVOIDED_NAMES.has(name) || attempt >= 5) return name;
  }
}

/** A name with its gender (for deputies: the schema records gender). */
export function pickPerson(rand: () => number, femaleShare = 0.3): { name: string; gender: Gender } {
  const gender: Gender = rand() < femaleShare ? 'female' : 'male';
  return { name: pickName(rand, gender), gender };
}

export interface Profession {
  /** 职业/职务, as written on a deputy's profile. */
  name: string;
  /** 领导干部代表: party and government leading cadres (counted apart in the deputy structure). */
  leadingCadre: boolean;
  /** Relative frequency among county and town deputies. */
  weight: number;
  /** Deputy levels at which this profession is typical. */
  levels: ('county' | 'town')[];
}

/**
 * Occupations of county and town deputies. The mix follows the usual structure: a minority of
 * leading cadres (领导干部, about a fifth at county level), many grassroots workers and farmers.
 */
const PROFESSIONS: Profession[] = [
  { name: '村党支部书记、村委会主任', leadingCadre: false, weight: 14, levels: ['county', 'town'] },
  { name: '村委会副主任', leadingCadre: false, weight: 5, levels: ['town'] },
  { name: '社区党委书记、居委会主任', leadingCadre: false, weight: 6, levels: ['county', 'town'] },
  { name: '社区网格员', leadingCadre: false, weight: 3, levels: ['town'] },
  { name: '种粮大户', leadingCadre: false, weight: 6, levels: ['county', 'town'] },
  { name: '家庭农场主', leadingCadre: false, weight: 4, levels: ['county', 'town'] },
  { name: '农民专业合作社理事长', leadingCadre: false, weight: 4, levels: ['county', 'town'] },
  { name: '生猪养殖户', leadingCadre: false, weight: 3, levels: ['town'] },
  { name: '茶叶种植户', leadingCadre: false, weight: 2, levels: ['town'] },
  { name: '乡村医生', leadingCadre: false, weight: 4, levels: ['county', 'town'] },
  { name: '乡镇卫生院院长', leadingCadre: false, weight: 2, levels: ['county', 'town'] },
  { name: '县人民医院医生', leadingCadre: false, weight: 2, levels: ['county'] },
  { name: '护士', leadingCadre: false, weight: 2, levels: ['county', 'town'] },
  { name: '小学教师', leadingCadre: false, weight: 5, levels: ['county', 'town'] },
  { name: '中学教师', leadingCadre: false, weight: 3, levels: ['county', 'town'] },
  { name: '中心学校校长', leadingCadre: false, weight: 2, levels: ['county', 'town'] },
  { name: '幼儿园园长', leadingCadre: false, weight: 1, levels: ['town'] },
  { name: '民营企业负责人', leadingCadre: false, weight: 7, levels: ['county', 'town'] },
  { name: '企业一线职工', leadingCadre: false, weight: 4, levels: ['county', 'town'] },
  { name: '个体工商户', leadingCadre: false, weight: 5, levels: ['county', 'town'] },
  { name: '返乡创业人员', leadingCadre: false, weight: 2, levels: ['county', 'town'] },
  { name: '农村电商从业者', leadingCadre: false, weight: 2, levels: ['county', 'town'] },
  { name: '快递网点负责人', leadingCadre: false, weight: 1, levels: ['town'] },
  { name: '环卫工人', leadingCadre: false, weight: 1, levels: ['county', 'town'] },
  { name: '律师', leadingCadre: false, weight: 2, levels: ['county'] },
  { name: '退役军人', leadingCadre: false, weight: 2, levels: ['county', 'town'] },
  { name: '非遗传承人', leadingCadre: false, weight: 1, levels: ['county'] },
  { name: '镇党委书记', leadingCadre: true, weight: 2, levels: ['county', 'town'] },
  { name: '镇长', leadingCadre: true, weight: 2, levels: ['county', 'town'] },
  { name: '镇人大主席', leadingCadre: true, weight: 2, levels: ['county', 'town'] },
  { name: '街道党工委书记', leadingCadre: true, weight: 1, levels: ['county'] },
  { name: '街道人大工委主任', leadingCadre: true, weight: 1, levels: ['county', 'town'] },
  { name: '县直单位负责人', leadingCadre: true, weight: 4, levels: ['county'] },
  { name: '派出所所长', leadingCadre: true, weight: 1, levels: ['county', 'town'] },
  { name: '镇农业综合服务中心主任', leadingCadre: false, weight: 1, levels: ['town'] },
];

/** A profession drawn by weight, optionally only those typical of a deputy level. */
export function pickProfession(rand: () => number, level?: 'county' | 'town'): Profession {
  const pool = level ? PROFESSIONS.filter((p) => p.levels.includes(level)) : PROFESSIONS;
  return pool[
    pickIndexWeighted(
      rand,
      pool.map((p) => p.weight),
    )
  ];
}
