/**
 * Region codes: the 12-digit statistical division codes (统计用区划代码) that are the tenant key
 * of every row (DESIGN.md, "Regions are the tenant key").
 *
 * Layout: province 2 digits, city 2, county 2, town 3, village 3, zero padded to 12:
 *
 * ```
 * 43 07 23 102 201   湖南省 常德市 澧县 … 村
 * 43 07 23 102 000   the town
 * 43 07 23 000 000   the county
 * ```
 *
 * A user's scope is the significant prefix of a code (2/4/6/9/12 digits) and scoping a query is
 * the btree range `region_code BETWEEN lo AND hi` (see {@link scopeRange}), which is also what
 * keeps the column usable as the Citus distribution key.
 */

/** Administrative level of a region code. */
export type RegionLevel = 'province' | 'city' | 'county' | 'town' | 'village';

/** Levels from the top down. */
export const REGION_LEVELS: readonly RegionLevel[] = ['province', 'city', 'county', 'town', 'village'];

/** Significant prefix length of each level. */
export const REGION_PREFIX_LENGTHS: Readonly<Record<RegionLevel, number>> = {
  province: 2,
  city: 4,
  county: 6,
  town: 9,
  village: 12,
};

const SCOPE_LENGTHS = new Set([2, 4, 6, 9, 12]);
const TWELVE_DIGITS = /^[0-9]{12}$/;
const DIGITS = /^[0-9]+$/;

/** The five segments of a code: [province, city, county, town, village]. */
function segments(code: string): [string, string, string, string, string] {
  return [code.slice(0, 2), code.slice(2, 4), code.slice(4, 6), code.slice(6, 9), code.slice(9, 12)];
}

const isZero = (segment: string) => /^0+$/.test(segment);

/**
 * True when `s` is a well-formed region code: exactly 12 ASCII digits, a non-zero province,
 * and no significant segment below a zero one (a village needs its town, a county its city).
 *
 * One exception is real and allowed: the county segment may be `00` under a town. The cities
 * without counties (东莞 4419, 中山 4420, 儋州 4604, 嘉峪关 6202) number their towns directly
 * under the city, e.g. 东莞 莞城街道 `441900003000`.
 */
export function isRegionCode(s: string): boolean {
  if (typeof s !== 'string' || !TWELVE_DIGITS.test(s)) return false;
  const [province, city, county, town, village] = segments(s);
  if (isZero(province)) return false;
  if (isZero(city) && !isZero(county + town + village)) return false;
  if (isZero(town) && !isZero(village)) return false;
  // No rule ties the county segment to the town: county 00 under a town is the case above.
  return true;
}

function assertRegionCode(code: string): void {
  if (!isRegionCode(code)) throw new RangeError(`not a region code: ${JSON.stringify(code)}`);
}

/** The level of a region code: the lowest non-zero segment. Throws on an invalid code. */
export function regionLevel(code: string): RegionLevel {
  assertRegionCode(code);
  const [, city, county, town, village] = segments(code);
  if (!isZero(village)) return 'village';
  if (!isZero(town)) return 'town';
  if (!isZero(county)) return 'county';
  if (!isZero(city)) return 'city';
  return 'province';
}

/**
 * The significant prefix of a code by its level (2/4/6/9/12 digits): the scope that covers the
 * region and everything below it. `430723000000` → `430723`.
 */
export function scopePrefix(code: string): string {
  return code.slice(0, REGION_PREFIX_LENGTHS[regionLevel(code)]);
}

function assertScopePrefix(prefix: string): void {
  if (typeof prefix !== 'string' || !SCOPE_LENGTHS.has(prefix.length) || !DIGITS.test(prefix)) {
    throw new RangeError(`scope prefix must be 2, 4, 6, 9 or 12 digits, got ${JSON.stringify(prefix)}`);
  }
}

/**
 * The inclusive range of 12-digit codes under a scope prefix, for
 * `region_code BETWEEN lo AND hi` (a btree range scan; no LIKE, no function on the column).
 * Throws on a prefix that is not 2/4/6/9/12 ASCII digits.
 */
export function scopeRange(prefix: string): { lo: string; hi: string } {
  assertScopePrefix(prefix);
  return { lo: prefix.padEnd(12, '0'), hi: prefix.padEnd(12, '9') };
}

/**
 * True when `code` lies in the scope `prefix`. An invalid code is never in scope; an invalid
 * prefix throws, because a malformed scope is a bug that must not silently widen or narrow
 * access.
 */
export function inScope(code: string, prefix: string): boolean {
  assertScopePrefix(prefix);
  return isRegionCode(code) && code.startsWith(prefix);
}

/**
 * The code of the region directly above, or null for a province. Zeroing the lowest significant
 * segment, so a town of 东莞 (`441900003000`) has the city `441900000000` as its parent.
 */
export function parentCode(code: string): string | null {
  const level = regionLevel(code);
  const i = REGION_LEVELS.indexOf(level);
  if (i === 0) return null;
  // For a town of a city without counties the county segment is already 00, so the padded
  // 6-digit prefix is the city's own code: no special case needed.
  return code.slice(0, REGION_PREFIX_LENGTHS[REGION_LEVELS[i - 1]]).padEnd(12, '0');
}

/** The first 6 digits: the county (or, for cities without counties, the city) a code is in. */
export function countyCode(code: string): string {
  assertRegionCode(code);
  return code.slice(0, 6);
}

/** A scope prefix padded to its 12-digit region code: `4307` → `430700000000`. */
export function regionCodeOfPrefix(prefix: string): string {
  assertScopePrefix(prefix);
  return prefix.padEnd(12, '0');
}
