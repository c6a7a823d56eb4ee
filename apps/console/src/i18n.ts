/**
 * The console's own message dictionary (Chinese first, English second) and the language context.
 * antd's component texts come from its locale packs (set in main.tsx); everything we write
 * ourselves is here. The choice is kept in localStorage under `lianluo.lang`.
 */
import {
  createContext,
  createElement,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useState,
} from 'react';
import { insightEn, insightZh } from './i18n-insight.ts';

export type Lang = 'zh-CN' | 'en-US';

const zh = {
  ...insightZh,
  'app.title': '联络工作台',
  'app.subtitle': '人大代表联络站',
  'nav.home': '首页',
  'nav.stations': '联络站',
  'nav.deputies': '代表',
  'nav.cases': '意见办理',
  'nav.departments': '承办单位',
  'nav.audit': '审计日志',
  'nav.rota': '接待排班',
  'nav.attendance': '进站率',
  'attendance.by': '统计维度',
  'attendance.period': '统计期',
  'attendance.export': '导出 xlsx',
  'attendance.empty': '统计期内没有接待排班',
  'rota.station': '联络站',
  'rota.newRule': '每月15日接待规则',
  'rota.publish': '发布排班',
  'rota.empty': '尚无排班，请先定义规则并发布',

  'login.title': '工作人员登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.expired': '登录已过期，请重新登录',
  'login.failed': '登录失败',

  'header.logout': '退出登录',
  'header.switchLang': 'English',
  'header.switchLangTitle': '切换为英文',
  'region.all': '全县',
  'region.label': '查看范围',

  'common.loadMore': '加载更多',
  'common.loading': '加载中…',
  'common.retry': '重试',
  'common.allLoaded': '已全部加载',
  'common.loaded': '已加载 {n} 条',
  'common.all': '全部',
  'common.back': '返回',
  'common.loadFailed': '加载失败',
  'common.forbidden': '您无权访问此页面',
  'common.notFound': '页面不存在',
  'common.backHome': '返回首页',
  'common.noFeatures': '您的账户暂无可用功能，请联系管理员。',
  'common.none': '—',
  'common.reset': '重置',
  'common.allOf': '{label}：全部',
  'common.pair': '{label}：{value}',

  'home.stations': '联络站',
  'home.deputies': '代表',
  'home.openCases': '办理中意见',
  'home.overdueCases': '超期意见',
  'home.receptions': '本月接待',
  'home.scope': '统计范围：{name}',
  'home.casesByStatus': '意见状态分布',
  'home.casesByCategory': '意见类别分布',
  'home.monthly': '每月登记与办结',
  'home.registered': '登记',
  'home.closed': '办结',
  'home.count': '件数',
  'home.attendance': '各级代表进站率',
  'home.attendanceDef': '进站率 = 在统计期内进站履职次数达到要求的代表数 ÷ 编入联络站的代表数',
  'home.period': '统计期：{from} 至 {to}',
  'home.assigned': '编入代表',
  'home.attendedEnough': '达标代表',
  'home.rate': '进站率',
  'home.noData': '暂无数据',
  'home.people': '人',
  'home.times': '人次',
  'home.items': '件',
  'home.places': '个',

  'stations.name': '名称',
  'stations.kind': '类型',
  'stations.region': '所属区域',
  'stations.address': '地址',
  'stations.deputyCount': '进站代表',
  'stations.empty': '暂无联络站',
  'stations.search': '搜索名称或地址',
  'stations.detail': '联络站详情',
  'stations.deputies': '进站代表',
  'stations.noDeputies': '暂无进站代表',
  'stations.grade': '等级',
  'stations.openingHours': '开放时间',

  'deputies.name': '姓名',
  'deputies.gender': '性别',
  'deputies.level': '代表层级',
  'deputies.region': '所属区域',
  'deputies.stations': '编组进站',
  'deputies.leadingCadre': '领导干部代表',
  'deputies.occupation': '职业',
  'deputies.empty': '暂无代表',
  'deputies.search': '搜索姓名',

  'cases.number': '编号',
  'cases.title': '标题',
  'cases.category': '类别',
  'cases.status': '状态',
  'cases.channel': '渠道',
  'cases.station': '联络站',
  'cases.department': '承办单位',
  'cases.registeredAt': '登记时间',
  'cases.replyDueAt': '答复期限',
  'cases.overdue': '超期',
  'cases.overdueOnly': '仅看超期',
  'cases.empty': '暂无意见',
  'cases.search': '搜索编号、标题或内容',
  'cases.content': '意见内容',
  'cases.person': '反映人',
  'cases.phone': '联系电话',
  'cases.timeline': '办理过程',
  'cases.noEvents': '暂无办理记录',
  'cases.detail': '意见详情',
  'cases.actor': '经办人',
  'cases.note': '说明',
  'cases.list': '意见列表',

  'departments.name': '单位名称',
  'departments.level': '层级',
  'departments.region': '区划代码',
  'departments.openCases': '办理中',
  'departments.overdueCases': '超期',
  'departments.empty': '暂无承办单位',
  'departments.search': '搜索单位名称',

  'audit.ts': '时间',
  'audit.actor': '操作人',
  'audit.event': '事件',
  'audit.object': '对象',
  'audit.outcome': '结果',
  'audit.ip': 'IP 地址',
  'audit.empty': '暂无审计记录',
  'audit.eventFilter': '事件',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  ...insightEn,
  'app.title': 'Lianluo Console',
  'app.subtitle': "Deputies' liaison stations",
  'nav.home': 'Home',
  'nav.stations': 'Stations',
  'nav.deputies': 'Deputies',
  'nav.cases': 'Cases',
  'nav.departments': 'Departments',
  'nav.audit': 'Audit log',
  'nav.rota': 'Reception rota',
  'nav.attendance': 'Attendance',
  'attendance.by': 'Group by',
  'attendance.period': 'Period',
  'attendance.export': 'Export xlsx',
  'attendance.empty': 'No reception shifts in this period',
  'rota.station': 'Station',
  'rota.newRule': 'Rule: the 15th of each month',
  'rota.publish': 'Publish rota',
  'rota.empty': 'No shifts yet: define a rule and publish it',

  'login.title': 'Staff sign-in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.usernameRequired': 'Please enter your username',
  'login.passwordRequired': 'Please enter your password',
  'login.expired': 'Your session has expired. Please sign in again.',
  'login.failed': 'Sign-in failed',

  'header.logout': 'Sign out',
  'header.switchLang': '中文',
  'header.switchLangTitle': 'Switch to Chinese',
  'region.all': 'Whole county',
  'region.label': 'Region',

  'common.loadMore': 'Load more',
  'common.loading': 'Loading…',
  'common.retry': 'Retry',
  'common.allLoaded': 'All loaded',
  'common.loaded': '{n} loaded',
  'common.all': 'All',
  'common.back': 'Back',
  'common.loadFailed': 'Failed to load',
  'common.forbidden': 'You are not allowed to view this page',
  'common.notFound': 'Page not found',
  'common.backHome': 'Back to home',
  'common.noFeatures': 'Your account has no features enabled. Please contact the administrator.',
  'common.none': '—',
  'common.reset': 'Reset',
  'common.allOf': '{label}: all',
  'common.pair': '{label}: {value}',

  'home.stations': 'Stations',
  'home.deputies': 'Deputies',
  'home.openCases': 'Open cases',
  'home.overdueCases': 'Overdue cases',
  'home.receptions': 'Receptions this month',
  'home.scope': 'Scope: {name}',
  'home.casesByStatus': 'Cases by status',
  'home.casesByCategory': 'Cases by category',
  'home.monthly': 'Registered and closed per month',
  'home.registered': 'Registered',
  'home.closed': 'Closed',
  'home.count': 'Cases',
  'home.attendance': 'Attendance rate by level',
  'home.attendanceDef':
    'Attendance rate = deputies who attended the station as often as required in the period ÷ deputies assigned to stations',
  'home.period': 'Period: {from} to {to}',
  'home.assigned': 'Assigned',
  'home.attendedEnough': 'Attended enough',
  'home.rate': 'Rate',
  'home.noData': 'No data',
  'home.people': '',
  'home.times': '',
  'home.items': '',
  'home.places': '',

  'stations.name': 'Name',
  'stations.kind': 'Kind',
  'stations.region': 'Region',
  'stations.address': 'Address',
  'stations.deputyCount': 'Deputies',
  'stations.empty': 'No stations',
  'stations.search': 'Search name or address',
  'stations.detail': 'Station',
  'stations.deputies': 'Deputies at this station',
  'stations.noDeputies': 'No deputies assigned',
  'stations.grade': 'Grade',
  'stations.openingHours': 'Opening hours',

  'deputies.name': 'Name',
  'deputies.gender': 'Gender',
  'deputies.level': 'Level',
  'deputies.region': 'Region',
  'deputies.stations': 'Stations',
  'deputies.leadingCadre': 'Leading cadre',
  'deputies.occupation': 'Occupation',
  'deputies.empty': 'No deputies',
  'deputies.search': 'Search name',

  'cases.number': 'Number',
  'cases.title': 'Title',
  'cases.category': 'Category',
  'cases.status': 'Status',
  'cases.channel': 'Channel',
  'cases.station': 'Station',
  'cases.department': 'Department',
  'cases.registeredAt': 'Registered',
  'cases.replyDueAt': 'Reply due',
  'cases.overdue': 'Overdue',
  'cases.overdueOnly': 'Overdue only',
  'cases.empty': 'No cases',
  'cases.search': 'Search number, title or content',
  'cases.content': 'Opinion',
  'cases.person': 'Raised by',
  'cases.phone': 'Phone',
  'cases.timeline': 'Timeline',
  'cases.noEvents': 'No events yet',
  'cases.detail': 'Case',
  'cases.actor': 'By',
  'cases.note': 'Note',
  'cases.list': 'Cases',

  'departments.name': 'Name',
  'departments.level': 'Level',
  'departments.region': 'Region code',
  'departments.openCases': 'Open',
  'departments.overdueCases': 'Overdue',
  'departments.empty': 'No departments',
  'departments.search': 'Search name',

  'audit.ts': 'Time',
  'audit.actor': 'Actor',
  'audit.event': 'Event',
  'audit.object': 'Object',
  'audit.outcome': 'Outcome',
  'audit.ip': 'IP',
  'audit.empty': 'No audit records',
  'audit.eventFilter': 'Event',
};

/**
 * English names for coded values the server labels in Chinese (statusLabel, kindLabel, …).
 * In Chinese the server's label wins; in English ours does, falling back to the server's.
 */
const codeLabelsEn: Record<string, Record<string, string>> = {
  status: {
    registered: 'Registered',
    triaged: 'Triaged',
    assigned: 'Assigned',
    accepted: 'Accepted',
    replied: 'Replied',
    fed_back: 'Fed back',
    rated: 'Rated',
    reopened: 'Reopened',
    closed: 'Closed',
    withdrawn: 'Withdrawn',
  },
  stationKind: {
    general: 'County general station',
    town: 'Town station',
    village: 'Village point',
    industry: 'Industry / park / campus station',
  },
  deputyLevel: {
    national: 'National',
    provincial: 'Provincial',
    city: 'City',
    county: 'County',
    town: 'Town',
  },
  departmentLevel: { county: 'County', town: 'Town', village: 'Village' },
  gender: { male: 'Male', female: 'Female', m: 'Male', f: 'Female', 男: 'Male', 女: 'Female' },
  role: {
    admin: 'Platform administrator',
    county_office: 'County liaison office',
    town_office: 'Town congress office',
    station_officer: 'Station head / liaison officer',
    deputy: 'Deputy',
    department_handler: 'Department handler',
  },
  outcome: { success: 'Success', failure: 'Failure', denied: 'Denied' },
  auditEvent: {
    login: 'Sign-in',
    login_failed: 'Failed sign-in',
    logout: 'Sign-out',
    account_locked: 'Account locked',
    session_expired: 'Session expired',
    permission_denied: 'Permission denied',
    scope_denied: 'Out-of-scope access denied',
    cross_origin_denied: 'Cross-origin request denied',
  },
};

const codeLabelsZh: Record<string, Record<string, string>> = {
  // The same wording as @lianluo/domain's label tables.
  status: {
    registered: '登记',
    triaged: '已梳理',
    assigned: '已交办',
    accepted: '已签收',
    replied: '已答复',
    fed_back: '已反馈',
    rated: '已评价',
    reopened: '重办',
    closed: '已销号',
    withdrawn: '已撤回',
  },
  stationKind: {
    general: '县人大代表联络总站',
    town: '乡镇(街道)人大代表联络站',
    village: '村(社区)人大代表联络点',
    industry: '行业/园区/楼宇/高校联络站',
  },
  deputyLevel: {
    national: '全国人大代表',
    provincial: '省人大代表',
    city: '市人大代表',
    county: '县人大代表',
    town: '乡镇人大代表',
  },
  departmentLevel: { county: '县级', town: '乡镇级', village: '村级' },
  gender: { male: '男', female: '女', m: '男', f: '女', 男: '男', 女: '女' },
  role: {
    admin: '平台管理员',
    county_office: '县人大常委会代表工委/联工委',
    town_office: '乡镇人大主席团/街道人大工委',
    station_officer: '联络站站长/联络员',
    deputy: '人大代表',
    department_handler: '承办单位经办人',
  },
  outcome: { success: '成功', failure: '失败', denied: '拒绝' },
  auditEvent: {
    login: '登录',
    login_failed: '登录失败',
    logout: '退出登录',
    account_locked: '账户锁定',
    session_expired: '会话过期',
    permission_denied: '无权操作被拒',
    scope_denied: '越权访问被拒',
    cross_origin_denied: '跨站请求被拒',
  },
};

export type CodeGroup =
  | 'status'
  | 'stationKind'
  | 'deputyLevel'
  | 'departmentLevel'
  | 'gender'
  | 'role'
  | 'outcome'
  | 'auditEvent';

/** Known codes of a group, for filter selects. */
export function codesOf(group: 'status' | 'stationKind' | 'deputyLevel' | 'auditEvent'): string[] {
  return Object.keys(codeLabelsZh[group]);
}

const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, 'en-US': en };

const STORAGE_KEY = 'lianluo.lang';

function readStoredLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'en-US' || v === 'zh-CN') return v;
  } catch {
    // storage unavailable (private mode): fall back to Chinese
  }
  return 'zh-CN';
}

/** Translate without React (for code outside components). */
export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  let s: string = dictionaries[lang][key] ?? zh[key] ?? key;
  if (params) {
    for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
  }
  return s;
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** Label of a coded value, preferring the server's (Chinese) label in Chinese. */
  label: (group: CodeGroup, code: string | null | undefined, serverLabel?: string | null) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(readStoredLang);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // ignore: the choice then lasts for this page only
    }
    document.documentElement.lang = next;
  }, []);

  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      label: (group, code, serverLabel) => {
        if (!code) return serverLabel ?? '';
        if (lang === 'zh-CN') return serverLabel || codeLabelsZh[group][code] || code;
        return codeLabelsEn[group][code] || serverLabel || code;
      },
    }),
    [lang, setLang],
  );

  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
