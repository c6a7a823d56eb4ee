import { join } from 'node:path';
import { HolidayCalendar } from '@lianluo/domain';
import type { Config } from './config.ts';
import type { Deps } from './core/context.ts';
import { createFieldCrypto, loadFieldKey } from './crypto/fields.ts';
import { type Database, type Db, openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { calendarRows, insertShippedCalendar } from './runtime.queries.ts';
import { diskStorage } from './storage/storage.ts';

/**
 * The holiday calendar is data an administrator extends each year; the shipped years are written
 * on first start, and the calendar is read from the table so an added year needs no release.
 */
export async function ensureCalendar(db: Db): Promise<void> {
  await insertShippedCalendar(db);
}

async function loadCalendar(db: Db): Promise<HolidayCalendar> {
  return new HolidayCalendar(await calendarRows(db));
}

/**
 * The calendar as services read it, kept in memory and reloaded from the table after an
 * administrator's write. Loaded now, not on first use, and swapped only once a reload has
 * finished: the use is inside a case transaction, and on PGlite (one connection) a query outside
 * that transaction would wait for it forever, so `calendar()` never hands out a pending load.
 */
export async function calendarCache(db: Db): Promise<Pick<Deps, 'calendar' | 'calendarChanged'>> {
  let current: HolidayCalendar = await loadCalendar(db);
  return {
    calendar: async () => current,
    calendarChanged: async () => {
      current = await loadCalendar(db);
    },
  };
}

/** Opens and migrates the database and assembles what services need. */
export async function openRuntime(config: Config, now: () => Date = () => new Date()) {
  const database: Database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(database);
    await ensureCalendar(database.db);
  } catch (err) {
    await database.close();
    throw err;
  }
  const deps: Omit<Deps, 'log'> = {
    db: database.db,
    now,
    crypto: createFieldCrypto(loadFieldKey(config.fieldKey, join(config.dataDir, 'field.key'))),
    ...(await calendarCache(database.db)),
    settings: config.settings,
    storage: diskStorage(join(config.dataDir, 'attachments')),
  };
  return { database, deps };
}
