import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { TDb } from '../db/client';

// Set-based writes for the ingest and the rescore: many rows per statement, all statements in
// one batch(). On an embedded file a statement costs about as much as a few hundred rows of a
// multi-row one, so the number of statements, not of rows, is what a request pays for.

export type TQuery = BatchItem<'sqlite'>;

/** Rows per multi-row statement, well inside SQLite's bound-parameter limit. */
export const ROWS_PER_STATEMENT = 200;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Multi-row INSERTs of `rows`, `ROWS_PER_STATEMENT` at a time. */
export function insertsOf<T extends SQLiteTable>(db: TDb, table: T, rows: readonly T['$inferInsert'][]): TQuery[] {
  return chunks(rows, ROWS_PER_STATEMENT).map((part) => db.insert(table).values(part));
}

/** Runs `queries` in one batch (one transaction), if there are any. */
export async function runBatch(db: TDb, queries: readonly TQuery[]): Promise<void> {
  if (queries.length > 0) await db.batch(queries as [TQuery, ...TQuery[]]);
}
