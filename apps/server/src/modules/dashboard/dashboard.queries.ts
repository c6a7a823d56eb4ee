import { and, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { OPEN_STATUSES, overdueSql } from '../../core/policies/case-visibility.queries.ts';
import type { Db } from '../../db/client.ts';
import {
  cases,
  categories,
  deputies,
  receptions,
  regions,
  shiftDeputies,
  stations,
} from '../../db/schema/index.ts';
import { scopeWhere } from '../../db/scope.ts';

const count = sql<number>`count(*)::int`;

export async function findRegion(db: Db, code: string) {
  const [row] = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(eq(regions.code, code));
  return row;
}

/**
 * The home page's counts over one scope: `visible` is the caller's case visibility in it. Cases
 * are counted per Shanghai month from `yearStart`, receptions from `monthStart`.
 */
export async function dashboardCounts(
  db: Db,
  o: { visible: SQL; scope: string; now: Date; monthStart: Date; yearStart: Date },
) {
  const { visible, scope } = o;
  const [[st], [dep], [open], [over], [rec], byStatus, byCategory, registered, closed] = await Promise.all([
    db.select({ n: count }).from(stations).where(scopeWhere(stations.regionCode, scope)),
    db.select({ n: count }).from(deputies).where(scopeWhere(deputies.regionCode, scope)),
    db
      .select({ n: count })
      .from(cases)
      .where(and(visible, inArray(cases.status, OPEN_STATUSES))),
    db
      .select({ n: count })
      .from(cases)
      .where(and(visible, overdueSql(o.now))),
    db
      .select({ n: count })
      .from(receptions)
      .where(and(scopeWhere(receptions.regionCode, scope), gte(receptions.receivedAt, o.monthStart))),
    db.select({ status: cases.status, n: count }).from(cases).where(visible).groupBy(cases.status),
    db
      .select({
        category: sql<string>`coalesce(${cases.categoryKey}, '')`,
        label: sql<string>`coalesce(${categories.name}, '未分类')`,
        n: count,
      })
      .from(cases)
      .leftJoin(categories, eq(categories.key, cases.categoryKey))
      .where(visible)
      .groupBy(cases.categoryKey, categories.name)
      .orderBy(sql`count(*) desc`),
    monthly(db, and(visible, gte(cases.registeredAt, o.yearStart)), cases.registeredAt),
    monthly(db, and(visible, gte(cases.closedAt, o.yearStart), eq(cases.status, 'closed')), cases.closedAt),
  ]);
  return {
    stations: st?.n ?? 0,
    deputies: dep?.n ?? 0,
    openCases: open?.n ?? 0,
    overdueCases: over?.n ?? 0,
    receptionsThisMonth: rec?.n ?? 0,
    byStatus,
    byCategory,
    registered,
    closed,
  };
}

function monthly(
  db: Db,
  where: ReturnType<typeof and>,
  column: typeof cases.registeredAt | typeof cases.closedAt,
) {
  const month = sql<string>`to_char(${column} at time zone 'Asia/Shanghai', 'YYYY-MM')`;
  return db.select({ month, n: count }).from(cases).where(where).groupBy(month);
}

/** Per deputy of the scope rostered in [from, to): shifts rostered and shifts attended (present or late). */
export function attendanceByDeputy(db: Db, scope: string, from: string, to: string) {
  return db
    .select({
      deputyId: shiftDeputies.deputyId,
      level: deputies.level,
      rostered: count,
      attended: sql<number>`count(*) filter (where ${shiftDeputies.attendance} in ('present','late'))::int`,
    })
    .from(shiftDeputies)
    .innerJoin(deputies, eq(deputies.id, shiftDeputies.deputyId))
    .where(
      and(scopeWhere(deputies.regionCode, scope), gte(shiftDeputies.date, from), lt(shiftDeputies.date, to)),
    )
    .groupBy(shiftDeputies.deputyId, deputies.level);
}
