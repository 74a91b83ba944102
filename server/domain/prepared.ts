import type { TDb } from '../db/client';

// The hot reads of the ingest and the rescore, prepared once per database with drizzle's
// `.prepare()`: a query builder renders its SQL anew at every run (tens of µs for a select of
// a few columns, more than the database takes to answer it), a prepared query only binds its
// placeholders. Their IN lists are one placeholder each (`inListOf` in sql-lists.ts), so one
// statement serves any list.

const preparedByDb = new WeakMap<TDb, Map<string, unknown>>();

/** The query `prepare` makes for `db`, made at its first use and kept with the database. */
export function preparedOnce<T>(db: TDb, name: string, prepare: (db: TDb) => T): T {
  let prepared = preparedByDb.get(db);
  if (!prepared) {
    prepared = new Map();
    preparedByDb.set(db, prepared);
  }
  if (!prepared.has(name)) prepared.set(name, prepare(db));
  return prepared.get(name) as T;
}
