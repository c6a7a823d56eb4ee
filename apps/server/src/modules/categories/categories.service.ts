import type { Deps } from '../../core/context.ts';
import { allCategories } from './categories.queries.ts';

/** Case categories are shared reference data (not owned by a region), readable by all staff. */
export async function listCategories(deps: Deps) {
  return { items: await allCategories(deps.db) };
}
