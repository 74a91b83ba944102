import type { Client, InArgs, InStatement } from '@libsql/client';
import type { BatchItem } from 'drizzle-orm/batch';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { TDb } from '../db/client';
import { insertRows } from './insert-rows';

// Set-based writes for the ingest and the rescore: many rows per statement, all statements in
// one batch(). On an embedded file a statement costs about as much as a few hundred rows of a
// multi-row one, so the number of statements, not of rows, is what a request pays for.

export type TQuery = BatchItem<'sqlite'>;

/** A statement for `runBatch`: a drizzle query, or SQL text with its arguments (`insertsOf`). */
export type TStatement = TQuery | InStatement;

/** Rows per multi-row statement, well inside SQLite's bound-parameter limit. */
export const ROWS_PER_STATEMENT = 200;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Multi-row INSERTs of `rows`, `ROWS_PER_STATEMENT` at a time, written as drizzle would (see insert-rows.ts). */
export function insertsOf<T extends SQLiteTable>(table: T, rows: readonly T['$inferInsert'][], options: { onConflictDoNothing?: boolean } = {}): InStatement[] {
  return chunks(rows, ROWS_PER_STATEMENT).map((part) => insertRows(table, part, options));
}

/** What a drizzle query sends: its query builders have `toSQL()`, `db.run(sql)` has `getQuery()`. */
interface TBuiltQuery {
  toSQL?: () => { sql: string; params: unknown[] };
  getQuery?: () => { sql: string; params: unknown[] };
}

function statementOf(item: TStatement): InStatement {
  const query = item as TBuiltQuery;
  const built = query.toSQL?.() ?? query.getQuery?.();
  return built ? { sql: built.sql, args: built.params as InArgs } : (item as InStatement);
}

/**
 * Runs `statements` in one batch (one transaction), if there are any: as drizzle's
 * `db.batch` runs its queries, on the client drizzle was made with (`$client`). A single
 * statement runs on its own, atomic as it is, without a BEGIN and a COMMIT around it.
 */
export async function runBatch(db: TDb, statements: readonly TStatement[]): Promise<void> {
  const client = (db as TDb & { $client: Client }).$client;
  if (statements.length === 1) await client.execute(statementOf(statements[0]!));
  else if (statements.length > 1) await client.batch(statements.map(statementOf));
}
