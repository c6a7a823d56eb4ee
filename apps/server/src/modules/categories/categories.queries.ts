import { asc } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { categories } from '../../db/schema/index.ts';

export function allCategories(db: Db) {
  return db.select().from(categories).orderBy(asc(categories.key));
}
