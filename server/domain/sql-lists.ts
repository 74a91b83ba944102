import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

// `column IN (…)` for the set-based reads, with the list bound as one JSON array: one
// parameter however long the list, where drizzle's `inArray` renders one parameter per value
// (its cost grows with the list, a few µs a value, as does SQLite's parsing of the text).
// SQLite still seeks the column's index for each value (`json_each` feeds the IN list).

/** `column IN (values)`, the values as one JSON parameter; false for no values, as `inArray`. */
export function inList(column: SQLiteColumn, values: readonly string[]): SQL {
  return sql`${column} in (select value from json_each(${JSON.stringify(values)}))`;
}

/** `inList` for a prepared query: the list is the placeholder `name`, given as `listParam(values)`. */
export function inListOf(column: SQLiteColumn, name: string): SQL {
  return sql`${column} in (select value from json_each(${sql.placeholder(name)}))`;
}

/** The value of an `inListOf` placeholder. */
export const listParam = (values: readonly string[]): string => JSON.stringify(values);
