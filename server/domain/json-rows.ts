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
    const name = quoted(getTableName(table));
    text = `json_array(${columnsOf(table)
      .map(([, column]) => `${name}.${quoted(column.name)}`)
      .join(', ')})`;
    jsonRowByTable.set(table, text);
  }
  return sql.raw(text) as SQL<string>;
}

/** The row `jsonRowOf(table)` read, as `db.select().from(table)` returns it. */
export function rowFromJson<T extends SQLiteTable>(table: T, json: string): T['$inferSelect'] {
  const values = JSON.parse(json) as unknown[];
  const row: Record<string, unknown> = {};
  columnsOf(table).forEach(([key, column], i) => {
    const value = values[i];
    row[key] = value === null ? null : column.mapFromDriverValue(value);
  });
  return row;
}
