import type { InStatement, InValue } from '@libsql/client';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../db/client';
import { STATS_AGGREGATE_TABLES } from '../../db/schema-stats';

// The demo is built in a scratch database, then copied into the real one by a single
// batch(): one transaction, so a seed stopped at any point leaves the database as it was
// (empty), never half-seeded. Into an embedded database the scratch one is snapshotted to a
// file (VACUUM INTO), attached, and each table copied by one INSERT … SELECT, so SQLite moves
// the rows itself; into a server, multi-row INSERTs keep it to a few hundred statements.

/** Bound parameters per INSERT, well under SQLite's limit. */
const PARAMETERS_PER_STATEMENT = 6000;

interface TTable {
  name: string;
  columns: string[];
  /** Tables whose rows must exist first (foreign keys). */
  references: string[];
  /** Its INTEGER PRIMARY KEY is not copied. */
  renumbered: boolean;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function tablesOf(database: Database): Promise<TTable[]> {
  const { client } = database;
  const rows = (await client.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")).rows
    // SQLite's, libSQL's and drizzle's own tables (the target has its migrations already).
    .filter((row) => !/^(sqlite_|libsql_|_litestream|__drizzle)/.test(row.name as string) && !STATS_AGGREGATE_TABLES.includes(row.name as string));
  const tables: TTable[] = [];
  for (const row of rows) {
    const name = row.name as string;
    const info = (await client.execute(`PRAGMA table_info(${quote(name)})`)).rows;
    const keys = (await client.execute(`PRAGMA foreign_key_list(${quote(name)})`)).rows;
    const pk = info.filter((c) => Number(c.pk) > 0);
    // An AUTOINCREMENT key (an append-only log) is left to the target to number, after any
    // row it already has; nothing may refer to it (checked below).
    const renumbered = pk.length === 1 && /\bAUTOINCREMENT\b/i.test(row.sql as string);
    tables.push({
      name,
      columns: info.filter((c) => !(renumbered && c === pk[0])).map((c) => c.name as string),
      references: [...new Set(keys.map((k) => k.table as string))].filter((t) => t !== name),
      renumbered,
    });
  }
  for (const table of tables) {
    const renumberedTarget = table.references.find((name) => tables.some((t) => t.name === name && t.renumbered));
    if (renumberedTarget) throw new Error(`copy: ${table.name} refers to ${renumberedTarget}, whose rows the copy renumbers`);
  }
  return orderByReferences(tables);
}

/** Referenced tables first. */
function orderByReferences(tables: TTable[]): TTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TTable[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: TTable) => {
    if (state.get(table.name) === 'done') return;
    if (state.get(table.name) === 'visiting') throw new Error(`copy: a cycle of foreign keys through ${table.name}`);
    state.set(table.name, 'visiting');
    for (const name of table.references) {
      const referenced = byName.get(name);
      if (referenced) visit(referenced);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

/**
 * The INSERTs that copy every row of `from` into `to`, table by table in foreign-key order.
 * Rows of `keepExisting` tables whose key `to` already has are left as `to` has them.
 */
export async function copyStatements(from: Database, options: { keepExisting: readonly string[] }): Promise<{ statements: InStatement[]; rows: number }> {
  const statements: InStatement[] = [];
  let rows = 0;
  for (const table of await tablesOf(from)) {
    const columns = table.columns.map(quote).join(', ');
    const result = await from.client.execute(`SELECT ${columns} FROM ${quote(table.name)} ORDER BY rowid`);
    const perStatement = Math.max(1, Math.floor(PARAMETERS_PER_STATEMENT / table.columns.length));
    const placeholders = `(${table.columns.map(() => '?').join(', ')})`;
    const onConflict = options.keepExisting.includes(table.name) ? ' ON CONFLICT DO NOTHING' : '';
    for (let i = 0; i < result.rows.length; i += perStatement) {
      const chunk = result.rows.slice(i, i + perStatement);
      statements.push({
        sql: `INSERT INTO ${quote(table.name)} (${columns}) VALUES ${chunk.map(() => placeholders).join(', ')}${onConflict}`,
        args: chunk.flatMap((row) => table.columns.map((_, c) => row[c] as InValue)),
      });
    }
    rows += result.rows.length;
  }
  return { statements, rows };
}

/** The schema name the snapshot is attached under. */
const SNAPSHOT = 'handshake_seed_snapshot';

export interface TCopy {
  /** Rows the copy writes. */
  rows: number;
  /** Writes them into the target, in one transaction: to run under its write lock. */
  write(): Promise<void>;
  /** Removes what the copy left on disk; call it whether or not `write` ran. */
  dispose(): Promise<void>;
}

/** The INSERT … SELECT that copies `table` from the attached snapshot, rows in their order. */
function insertSelect(table: TTable, keepExisting: readonly string[]): string {
  const columns = table.columns.map(quote).join(', ');
  // `WHERE true` keeps SQLite from reading ON CONFLICT as a join constraint.
  const onConflict = keepExisting.includes(table.name) ? ' ON CONFLICT DO NOTHING' : '';
  return `INSERT INTO main.${quote(table.name)} (${columns}) SELECT ${columns} FROM ${SNAPSHOT}.${quote(table.name)} WHERE true ORDER BY rowid${onConflict}`;
}

/**
 * The copy of every row of `from` into `to`, as `copyStatements` makes it, ready to write:
 * through a snapshot file attached to `to` when `to` is embedded (a file or memory, on this
 * machine), else through `copyStatements`.
 */
export async function prepareCopy(from: Database, to: Database, options: { keepExisting: readonly string[] }): Promise<TCopy> {
  if (!to.embedded) {
    const { statements, rows } = await copyStatements(from, options);
    return {
      rows,
      write: async () => {
        await to.client.batch(statements, 'write');
      },
      dispose: async () => {},
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'handshake-seed-'));
  try {
    const file = join(dir, 'snapshot.db');
    await from.client.execute({ sql: 'VACUUM INTO ?', args: [file] });
    const tables = await tablesOf(from);
    let rows = 0;
    for (const table of tables) rows += Number((await from.client.execute(`SELECT count(*) FROM ${quote(table.name)}`)).rows[0]![0]);
    return {
      rows,
      write: async () => {
        // ATTACH cannot run inside a transaction: before the batch, and DETACH after it.
        await to.client.execute({ sql: `ATTACH DATABASE ? AS ${SNAPSHOT}`, args: [file] });
        try {
          await to.client.batch(
            tables.map((table) => insertSelect(table, options.keepExisting)),
            'write',
          );
        } finally {
          await to.client.execute(`DETACH DATABASE ${SNAPSHOT}`);
        }
      },
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
