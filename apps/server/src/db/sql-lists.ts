import { type SQL, sql } from 'drizzle-orm';

/**
 * A constant list of the domain (statuses, actions) as SQL literals, for raw statements: literals
 * rather than parameters, so the planner sees the same text as a hand-written `in (…)`. Only for
 * the domain's own constants, never for input.
 */
export const sqlList = (values: readonly string[]): SQL =>
  sql.raw(values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', '));
