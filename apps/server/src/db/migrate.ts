import { MIGRATIONS_FOLDER } from '../paths.ts';
import type { Database } from './client.ts';

/** Applies the plain-SQL migrations in apps/server/drizzle that have not run yet. */
export async function migrate(database: Database): Promise<void> {
  await database.applyMigrations(MIGRATIONS_FOLDER);
}
