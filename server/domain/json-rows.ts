import { getTableColumns, getTableName, sql, type Column, type SQL } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

// Wide reads of many rows, one JSON text per row. The libSQL client builds every value of
// every row it returns with two property definitions, so reading a 40-column row costs far
// more than the query; SQLite builds one JSON array per row natively and V8 parses it in one
// go. Values come back through each column's own mapping (JSON columns, booleans), so a row
// read this way equals the one `db.select()` returns.

const columnsByTable = new WeakMap<SQLiteTable, [string, Column][]>();
/** The `json_array(…)` text of each table, rendered once: drizzle renders a fragment of 40 columns anew on every query. */
const jsonRowByTable = new WeakMap<SQLiteTable, string>();
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

function columnsOf(table: SQLiteTable): [string, Column][] {
  let columns = columnsByTable.get(table);
  if (!columns) {
    columns = Object.entries(getTableColumns(table));
    columnsByTable.set(table, columns);
  }
  return columns;
}

/** Every column of `table` as one JSON array: read it back with `rowFromJson`. */
export function jsonRowOf(table: SQLiteTable): SQL<string> {
  let text = jsonRowByTable.get(table);
  if (!text) {
    text = jsonRowText(table);
    jsonRowByTable.set(table, text);
  }
  return sql.raw(text) as SQL<string>;
}

/** `jsonRowOf` as SQL text, its columns read from `alias` (by default the table's name), for statements written as text. */
export function jsonRowText(table: SQLiteTable, alias = getTableName(table)): string {
  return `json_array(${columnsOf(table)
    .map(([, column]) => `${quoted(alias)}.${quoted(column.name)}`)
    .join(', ')})`;
}

/** The row `jsonRowOf(table)` read, as `db.select().from(table)` returns it. */
export function rowFromJson<T extends SQLiteTable>(table: T, json: string): T['$inferSelect'] {
  return rowFromValues(table, JSON.parse(json) as unknown[]);
}

/** `rowFromJson` for a row already parsed, as an element of a `json_group_array`. */
export function rowFromValues<T extends SQLiteTable>(table: T, values: readonly unknown[]): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  columnsOf(table).forEach(([key, column], i) => {
    const value = values[i];
    row[key] = value === null ? null : column.mapFromDriverValue(value);
  });
  return row;
}
