/**
 * Opinion templates for the demo: what villagers and residents tell their deputies, as a
 * liaison officer writes it down, with the four kinds of department reply. Fill the
 * placeholders of title and content with fillTemplate (see CaseTemplate for their meaning).
 */

import {
  MARKET_REGULATION_TEMPLATES,
  NATURAL_RESOURCES_TEMPLATES,
  PUBLIC_SECURITY_TEMPLATES,
} from './cases-order.ts';
import {
  COMMERCE_TOURISM_TEMPLATES,
  EDUCATION_CULTURE_TEMPLATES,
  HEALTH_TEMPLATES,
  LABOR_SOCIAL_SECURITY_TEMPLATES,
} from './cases-people.ts';
import { AGRICULTURE_TEMPLATES, CIVIL_AFFAIRS_TEMPLATES, WATER_TEMPLATES } from './cases-rural.ts';
import type { CaseTemplate } from './cases-types.ts';
import {
  ENVIRONMENT_TEMPLATES,
  FLAGSHIP_TEMPLATE,
  TRANSPORT_TEMPLATES,
  URBAN_CONSTRUCTION_TEMPLATES,
} from './cases-urban.ts';

export type { CaseTemplate } from './cases-types.ts';
export { FLAGSHIP_TEMPLATE };

/** All templates, grouped by category in the order of CATEGORIES (the flagship is among them). */
export const CASE_TEMPLATES: CaseTemplate[] = [
  ...URBAN_CONSTRUCTION_TEMPLATES,
  ...ENVIRONMENT_TEMPLATES,
  ...TRANSPORT_TEMPLATES,
  ...EDUCATION_CULTURE_TEMPLATES,
  ...LABOR_SOCIAL_SECURITY_TEMPLATES,
  ...COMMERCE_TOURISM_TEMPLATES,
  ...HEALTH_TEMPLATES,
  ...AGRICULTURE_TEMPLATES,
  ...CIVIL_AFFAIRS_TEMPLATES,
  ...WATER_TEMPLATES,
  ...PUBLIC_SECURITY_TEMPLATES,
  ...MARKET_REGULATION_TEMPLATES,
  ...NATURAL_RESOURCES_TEMPLATES,
];

/** Roads for {road}: county streets, national/provincial/county/township roads (all fictional numbers but G207). */
export const ROADS: string[] = [
  '人民路',
  '解放路',
  '建设路',
  '文昌路',
  '滨江路',
  '迎宾大道',
  '清源路',
  '溪东大道',
  '青石路',
  '白沙路',
  '桃溪街',
  '老街',
  '国道G207清溪段',
  '省道S318',
  '县道X031',
  '县道X046',
  '乡道Y112',
  '乡道Y205',
  '通村公路',
  '环城北路',
];

/** Places for {place}: where something happens. */
export const PLACES: string[] = [
  '村小学门口',
  '集贸市场',
  '镇卫生院',
  '村委会旁',
  '国道G207清溪段',
  '镇中心小学',
  '县人民医院',
  '汽车站',
  '文化广场',
  '村部',
  '镇政府对面',
  '老桥头',
  '幼儿园门口',
  '农贸市场',
  '县第一中学',
  '步行街',
  '工业园区',
  '安置小区',
  '河堤边',
  '便民服务中心',
];

/**
 * Replaces each {key} of `t` by vars[key]; placeholders without a value are left as they are.
 * Pure: `fillTemplate('{village}村民反映', { village: '石桥村' })` → '石桥村村民反映'.
 */
export function fillTemplate(t: string, vars: Record<string, string>): string {
  return t.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(vars, key) ? vars[key] : whole));
}
