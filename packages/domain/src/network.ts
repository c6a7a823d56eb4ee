/** Kinds of liaison station (家站点), from the county general station down to village points. */
export const STATION_KINDS = ['general', 'town', 'village', 'industry'] as const;
export type StationKind = (typeof STATION_KINDS)[number];
export const STATION_KIND_LABELS: Record<StationKind, string> = {
  general: '县人大代表联络总站',
  town: '乡镇(街道)人大代表联络站',
  village: '村(社区)人大代表联络点',
  industry: '行业/园区/楼宇/高校联络站',
};

/** The five levels of people's congress a deputy can sit in. */
export const DEPUTY_LEVELS = ['national', 'provincial', 'city', 'county', 'town'] as const;
export type DeputyLevel = (typeof DEPUTY_LEVELS)[number];
export const DEPUTY_LEVEL_LABELS: Record<DeputyLevel, string> = {
  national: '全国人大代表',
  provincial: '省人大代表',
  city: '市人大代表',
  county: '县人大代表',
  town: '乡镇人大代表',
};

export const STATION_GRADES = ['first', 'second', 'unrated'] as const;
export type StationGrade = (typeof STATION_GRADES)[number];
export const STATION_GRADE_LABELS: Record<StationGrade, string> = {
  first: '一类',
  second: '二类',
  unrated: '未评定',
};
