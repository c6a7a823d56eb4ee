/**
 * The demo county: 清溪县, a FICTIONAL county of a fictional city (云州市) in 湖南省. The division code
 * 439901 does not exist in the national statistical division codes (43 = 湖南省, 99 is unused), so
 * demo data can never be mistaken for a real place. Every name below is invented; any likeness
 * to a real town or village (many Chinese place names are common) is a coincidence.
 */

export const DEMO_COUNTY = {
  code: '439901000000',
  name: '清溪县',
  city: '云州市',
  province: '湖南省',
} as const;

type VillageKind = 'village' | 'community';
type TownKind = 'town' | 'street';

interface DemoVillage {
  /** 12-digit code: the town's first 9 digits + a 3-digit serial (001, 002, …). */
  code: string;
  name: string;
  kind: VillageKind;
}

export interface DemoTown {
  /** 12-digit code: 439901 + 3-digit serial + '000'. */
  code: string;
  name: string;
  kind: TownKind;
  villages: DemoVillage[];
}

/** [name, kind] of a town followed by its villages; codes are assigned in order below. */
type TownSpec = readonly [string, TownKind, readonly (readonly [string, VillageKind])[]];

const TOWN_SPECS: readonly TownSpec[] = [
  [
    '城关街道',
    'street',
    [
      ['文昌社区', 'community'],
      ['南门社区', 'community'],
      ['东街社区', 'community'],
      ['枫林社区', 'community'],
      ['河西社区', 'community'],
    ],
  ],
  [
    '清源街道',
    'street',
    [
      ['清源社区', 'community'],
      ['迎宾社区', 'community'],
      ['锦绣社区', 'community'],
      ['桂花社区', 'community'],
    ],
  ],
  [
    '溪东街道',
    'street',
    [
      ['溪东社区', 'community'],
      ['滨江社区', 'community'],
      ['晓园社区', 'community'],
      ['莲塘村', 'village'],
    ],
  ],
  [
    '云台街道',
    'street',
    [
      ['云台社区', 'community'],
      ['凤凰社区', 'community'],
      ['柏树村', 'village'],
    ],
  ],
  [
    '青石镇',
    'town',
    [
      ['青石社区', 'community'],
      ['石桥村', 'village'],
      ['大塘村', 'village'],
      ['枫树村', 'village'],
      ['龙泉村', 'village'],
    ],
  ],
  [
    '白沙镇',
    'town',
    [
      ['白沙社区', 'community'],
      ['沙洲村', 'village'],
      ['柳林村', 'village'],
      ['新湾村', 'village'],
    ],
  ],
  [
    '黄泥塘镇',
    'town',
    [
      ['黄泥塘社区', 'community'],
      ['荷塘村', 'village'],
      ['杨家冲村', 'village'],
      ['高岭村', 'village'],
    ],
  ],
  [
    '梅溪镇',
    'town',
    [
      ['梅溪社区', 'community'],
      ['竹山村', 'village'],
      ['双江村', 'village'],
    ],
  ],
  [
    '松柏镇',
    'town',
    [
      ['松柏社区', 'community'],
      ['白果村', 'village'],
      ['长冲村', 'village'],
    ],
  ],
  [
    '麻田镇',
    'town',
    [
      ['麻田村', 'village'],
      ['上湾村', 'village'],
      ['花桥村', 'village'],
    ],
  ],
  [
    '金鸡镇',
    'town',
    [
      ['金鸡社区', 'community'],
      ['坪上村', 'village'],
      ['塘湾村', 'village'],
    ],
  ],
  [
    '龙潭镇',
    'town',
    [
      ['龙潭社区', 'community'],
      ['泉水村', 'village'],
      ['岩口村', 'village'],
    ],
  ],
  [
    '横岭镇',
    'town',
    [
      ['横岭村', 'village'],
      ['茶园村', 'village'],
      ['桐子村', 'village'],
    ],
  ],
  [
    '桃溪镇',
    'town',
    [
      ['桃溪社区', 'community'],
      ['樟树村', 'village'],
      ['新屋村', 'village'],
    ],
  ],
  [
    '长乐镇',
    'town',
    [
      ['长乐社区', 'community'],
      ['梨子村', 'village'],
      ['马鞍村', 'village'],
    ],
  ],
  [
    '牛角坪乡',
    'town',
    [
      ['牛角坪村', 'village'],
      ['竹林村', 'village'],
      ['水口村', 'village'],
    ],
  ],
  [
    '望云乡',
    'town',
    [
      ['望云村', 'village'],
      ['杉木村', 'village'],
      ['田心村', 'village'],
    ],
  ],
  [
    '高峰乡',
    'town',
    [
      ['高峰村', 'village'],
      ['云雾村', 'village'],
    ],
  ],
  [
    '羊角乡',
    'town',
    [
      ['羊角村', 'village'],
      ['岩门村', 'village'],
    ],
  ],
];

const pad3 = (n: number): string => String(n).padStart(3, '0');

/** 19 towns and streets (4 街道, 12 镇, 3 乡) with 63 villages and communities in total. */
export const DEMO_TOWNS: DemoTown[] = TOWN_SPECS.map(([name, kind, villages], i) => {
  const prefix = `${DEMO_COUNTY.code.slice(0, 6)}${pad3(i + 1)}`;
  return {
    code: `${prefix}000`,
    name,
    kind,
    villages: villages.map(([vName, vKind], j) => ({
      code: `${prefix}${pad3(j + 1)}`,
      name: vName,
      kind: vKind,
    })),
  };
});

export interface IndustryPoint {
  townCode: string;
  name: string;
  kind: 'industry';
}

/** 行业/园区/楼宇/高校联络站. */
export const INDUSTRY_POINTS: IndustryPoint[] = [
  { townCode: '439901004000', name: '清溪经济开发区人大代表联络站', kind: 'industry' },
  { townCode: '439901005000', name: '青石食品产业园人大代表联络站', kind: 'industry' },
  { townCode: '439901001000', name: '清溪县第一中学人大代表联络站', kind: 'industry' },
  { townCode: '439901002000', name: '清源商务楼宇人大代表联络站', kind: 'industry' },
];

export type CategoryKey =
  | 'urban_construction'
  | 'environment'
  | 'transport'
  | 'education_culture'
  | 'labor_social_security'
  | 'commerce_tourism'
  | 'health'
  | 'agriculture'
  | 'civil_affairs'
  | 'water'
  | 'public_security'
  | 'market_regulation'
  | 'natural_resources';

export type DepartmentKey =
  | 'housing'
  | 'transport'
  | 'ecology'
  | 'water'
  | 'agriculture'
  | 'education'
  | 'health'
  | 'hrss'
  | 'civil_affairs'
  | 'natural_resources'
  | 'urban_management'
  | 'market'
  | 'police'
  | 'court'
  | 'procuratorate'
  | 'finance'
  | 'development_reform'
  | 'culture_tourism'
  | 'medical_insurance'
  | 'veterans'
  | 'emergency'
  | 'forestry'
  | 'commerce'
  | 'petition'
  | 'justice'
  | 'data'
  | 'disabled_persons'
  | 'power_supply'
  | 'water_supply'
  | 'public_transit'
  | 'gas';

export interface Department {
  key: DepartmentKey;
  name: string;
  shortName: string;
  kind: 'government' | 'court' | 'procuratorate' | 'enterprise';
  level: 'county' | 'town';
  /** Category keys the department answers for. */
  categories: CategoryKey[];
}

/**
 * 承办单位 of the county (after the 2019 and 2023–2024 institutional reforms: 生态环境 is a branch
 * of the city bureau, 乡村振兴 is merged into 农业农村局, a 数据局 exists). Towns' own governments
 * are not listed: a case handled in the town or village needs no department.
 */
export const DEPARTMENTS: Department[] = [
  {
    key: 'housing',
    name: '清溪县住房和城乡建设局',
    shortName: '县住建局',
    kind: 'government',
    level: 'county',
    categories: ['urban_construction', 'environment'],
  },
  {
    key: 'transport',
    name: '清溪县交通运输局',
    shortName: '县交通运输局',
    kind: 'government',
    level: 'county',
    categories: ['transport'],
  },
  {
    key: 'ecology',
    name: '云州市生态环境局清溪分局',
    shortName: '生态环境分局',
    kind: 'government',
    level: 'county',
    categories: ['environment'],
  },
  {
    key: 'water',
    name: '清溪县水利局',
    shortName: '县水利局',
    kind: 'government',
    level: 'county',
    categories: ['water', 'agriculture', 'environment'],
  },
  {
    key: 'agriculture',
    name: '清溪县农业农村局',
    shortName: '县农业农村局',
    kind: 'government',
    level: 'county',
    categories: ['agriculture', 'environment', 'water'],
  },
  {
    key: 'education',
    name: '清溪县教育局',
    shortName: '县教育局',
    kind: 'government',
    level: 'county',
    categories: ['education_culture', 'transport'],
  },
  {
    key: 'health',
    name: '清溪县卫生健康局',
    shortName: '县卫健局',
    kind: 'government',
    level: 'county',
    categories: ['health'],
  },
  {
    key: 'hrss',
    name: '清溪县人力资源和社会保障局',
    shortName: '县人社局',
    kind: 'government',
    level: 'county',
    categories: ['labor_social_security'],
  },
  {
    key: 'civil_affairs',
    name: '清溪县民政局',
    shortName: '县民政局',
    kind: 'government',
    level: 'county',
    categories: ['civil_affairs'],
  },
  {
    key: 'natural_resources',
    name: '清溪县自然资源局',
    shortName: '县自然资源局',
    kind: 'government',
    level: 'county',
    categories: ['natural_resources', 'urban_construction'],
  },
  {
    key: 'urban_management',
    name: '清溪县城市管理和综合执法局',
    shortName: '县城管执法局',
    kind: 'government',
    level: 'county',
    categories: ['urban_construction', 'environment', 'market_regulation'],
  },
  {
    key: 'market',
    name: '清溪县市场监督管理局',
    shortName: '县市场监管局',
    kind: 'government',
    level: 'county',
    categories: ['market_regulation', 'commerce_tourism', 'health'],
  },
  {
    key: 'police',
    name: '清溪县公安局',
    shortName: '县公安局',
    kind: 'government',
    level: 'county',
    categories: ['public_security', 'transport'],
  },
  {
    key: 'court',
    name: '清溪县人民法院',
    shortName: '县法院',
    kind: 'court',
    level: 'county',
    categories: ['public_security', 'labor_social_security'],
  },
  {
    key: 'procuratorate',
    name: '清溪县人民检察院',
    shortName: '县检察院',
    kind: 'procuratorate',
    level: 'county',
    categories: ['public_security', 'environment'],
  },
  {
    key: 'finance',
    name: '清溪县财政局',
    shortName: '县财政局',
    kind: 'government',
    level: 'county',
    categories: ['agriculture', 'civil_affairs'],
  },
  {
    key: 'development_reform',
    name: '清溪县发展和改革局',
    shortName: '县发改局',
    kind: 'government',
    level: 'county',
    categories: ['commerce_tourism', 'urban_construction'],
  },
  {
    key: 'culture_tourism',
    name: '清溪县文化旅游广电体育局',
    shortName: '县文旅广体局',
    kind: 'government',
    level: 'county',
    categories: ['education_culture', 'commerce_tourism'],
  },
  {
    key: 'medical_insurance',
    name: '清溪县医疗保障局',
    shortName: '县医保局',
    kind: 'government',
    level: 'county',
    categories: ['health', 'labor_social_security'],
  },
  {
    key: 'veterans',
    name: '清溪县退役军人事务局',
    shortName: '县退役军人事务局',
    kind: 'government',
    level: 'county',
    categories: ['civil_affairs', 'labor_social_security'],
  },
  {
    key: 'emergency',
    name: '清溪县应急管理局',
    shortName: '县应急管理局',
    kind: 'government',
    level: 'county',
    categories: ['water', 'public_security', 'natural_resources'],
  },
  {
    key: 'forestry',
    name: '清溪县林业局',
    shortName: '县林业局',
    kind: 'government',
    level: 'county',
    categories: ['natural_resources', 'agriculture', 'environment'],
  },
  {
    key: 'commerce',
    name: '清溪县商务局',
    shortName: '县商务局',
    kind: 'government',
    level: 'county',
    categories: ['commerce_tourism'],
  },
  {
    key: 'petition',
    name: '清溪县信访局',
    shortName: '县信访局',
    kind: 'government',
    level: 'county',
    categories: ['civil_affairs', 'public_security'],
  },
  {
    key: 'justice',
    name: '清溪县司法局',
    shortName: '县司法局',
    kind: 'government',
    level: 'county',
    categories: ['public_security', 'labor_social_security'],
  },
  {
    key: 'data',
    name: '清溪县数据局',
    shortName: '县数据局',
    kind: 'government',
    level: 'county',
    categories: ['labor_social_security', 'civil_affairs'],
  },
  {
    key: 'disabled_persons',
    name: '清溪县残疾人联合会',
    shortName: '县残联',
    kind: 'government',
    level: 'county',
    categories: ['civil_affairs', 'health'],
  },
  {
    key: 'power_supply',
    name: '国网清溪县供电公司',
    shortName: '县供电公司',
    kind: 'enterprise',
    level: 'county',
    categories: ['urban_construction', 'agriculture'],
  },
  {
    key: 'water_supply',
    name: '清溪县自来水有限公司',
    shortName: '县自来水公司',
    kind: 'enterprise',
    level: 'county',
    categories: ['urban_construction', 'water'],
  },
  {
    key: 'public_transit',
    name: '清溪县公共交通有限公司',
    shortName: '县公交公司',
    kind: 'enterprise',
    level: 'county',
    categories: ['transport'],
  },
  {
    key: 'gas',
    name: '清溪县燃气有限公司',
    shortName: '县燃气公司',
    kind: 'enterprise',
    level: 'county',
    categories: ['urban_construction'],
  },
];

export interface Category {
  key: CategoryKey;
  name: string;
  /** Departments that answer the category; the first is the default lead (主办). */
  departmentKeys: DepartmentKey[];
}

/**
 * Case categories. The first seven names are exactly the first-level labels of the public
 * government-message data set (2020 泰迪杯 C); the rest are the finer headings a county uses.
 */
export const CATEGORIES: Category[] = [
  {
    key: 'urban_construction',
    name: '城乡建设',
    departmentKeys: [
      'housing',
      'urban_management',
      'natural_resources',
      'development_reform',
      'water_supply',
      'power_supply',
      'gas',
    ],
  },
  {
    key: 'environment',
    name: '环境保护',
    departmentKeys: [
      'ecology',
      'urban_management',
      'housing',
      'water',
      'agriculture',
      'forestry',
      'procuratorate',
    ],
  },
  {
    key: 'transport',
    name: '交通运输',
    departmentKeys: ['transport', 'police', 'public_transit', 'education'],
  },
  {
    key: 'education_culture',
    name: '教育文体',
    departmentKeys: ['education', 'culture_tourism'],
  },
  {
    key: 'labor_social_security',
    name: '劳动和社会保障',
    departmentKeys: ['hrss', 'medical_insurance', 'veterans', 'justice', 'court', 'data'],
  },
  {
    key: 'commerce_tourism',
    name: '商贸旅游',
    departmentKeys: ['commerce', 'culture_tourism', 'market', 'development_reform'],
  },
  {
    key: 'health',
    name: '卫生计生',
    departmentKeys: ['health', 'medical_insurance', 'market', 'disabled_persons'],
  },
  {
    key: 'agriculture',
    name: '农业农村',
    departmentKeys: ['agriculture', 'water', 'forestry', 'finance', 'power_supply'],
  },
  {
    key: 'civil_affairs',
    name: '民政救助',
    departmentKeys: ['civil_affairs', 'disabled_persons', 'veterans', 'finance', 'petition', 'data'],
  },
  {
    key: 'water',
    name: '水利',
    departmentKeys: ['water', 'emergency', 'agriculture', 'water_supply'],
  },
  {
    key: 'public_security',
    name: '社会治安',
    departmentKeys: ['police', 'justice', 'court', 'procuratorate', 'emergency', 'petition'],
  },
  {
    key: 'market_regulation',
    name: '市场监管',
    departmentKeys: ['market', 'urban_management'],
  },
  {
    key: 'natural_resources',
    name: '自然资源',
    departmentKeys: ['natural_resources', 'forestry', 'emergency'],
  },
];
