import type { Db } from './client.ts';

/**
 * State a process keeps per database: prepared statements, short caches. Keyed by the database
 * object (tests run several in one process) and gone with it.
 */
export function perDatabase<T>(make: (db: Db) => T): (db: Db) => T {
  const all = new WeakMap<Db, T>();
  return (db) => {
    let value = all.get(db);
    if (value === undefined) {
      value = make(db);
      all.set(db, value);
    }
    return value;
  };
}
