import { scopeRange } from '@lianluo/domain';
import { and, between, type Column, type SQL } from 'drizzle-orm';
/**
 * The tenant floor: rows whose region_code lies in the caller's prefix range. Every query of an
 * owned table goes through this, so a forgotten role check still cannot read another region.
 */
export function scopeWhere(column: Column, prefix: string): SQL {
  const { lo, hi } = scopeRange(prefix);
  return between(column, lo, hi);
}

export function scoped(column: Column, prefix: string, ...rest: (SQL | undefined)[]): SQL {
  return and(scopeWhere(column, prefix), ...rest) as SQL;
}
