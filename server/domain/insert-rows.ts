import type { InArgs, InStatement, InValue } from '@libsql/client';
import { getTableColumns, getTableName, is, SQL, type Column } from 'drizzle-orm';
import { SQLiteSyncDialect, type SQLiteTable } from 'drizzle-orm/sqlite-core';

// Multi-row INSERTs written as SQL text and arguments directly. drizzle's insert builder
// renders every value of every row through its generic SQL builder, about 9 µs a row for the
// events table, more than storing the row costs; here a row is a few string pushes. What is
// written is what `db.insert(table).values(rows)` writes, column for column: the same
// columns, each value through its column's own mapping, an omitted one replaced by the
// column's default as drizzle replaces it (test/integration/insert-rows.test.ts holds the two
// side by side).

/** What an omitted value becomes: SQL text put in the statement, a bound value, a function's, or null. */
type TOmitted = { sql: string } | { value: InValue } | { fn: () => unknown } | null;

interface TInsertShape {
  /** `insert into "t" ("a", "b") values `. */
  head: string;
  columns: { key: string; column: Column; omitted: TOmitted }[];
}

const dialect = new SQLiteSyncDialect();
const shapes = new WeakMap<SQLiteTable, TInsertShape>();
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

function driverValue(column: Column, value: unknown): InValue {
  if (value === null) return null;
  const mapped: unknown = column.mapToDriverValue(value);
  // Only an object can be SQL: the check walks the prototype chain, which a string need not.
  if (typeof mapped === 'object' && mapped !== null && is(mapped, SQL)) throw new Error(`insert-rows: column ${column.name} maps its value to SQL, which is not supported here`);
  return mapped as InValue;
}

function omittedValue(column: Column): TOmitted {
  if (column.default !== null && column.default !== undefined) {
    if (!is(column.default, SQL)) return { value: driverValue(column, column.default) };
    const { sql, params } = dialect.sqlToQuery(column.default);
    if (params.length > 0) throw new Error(`insert-rows: the default of ${column.name} has parameters, which are not supported here`);
    return { sql };
  }
  if (column.defaultFn) return { fn: column.defaultFn };
  if (column.onUpdateFn) return { fn: column.onUpdateFn };
  return null;
}

function shapeOf(table: SQLiteTable): TInsertShape {
  let shape = shapes.get(table);
  if (!shape) {
    const columns = Object.entries(getTableColumns(table))
      // Generated columns are not inserted (drizzle's `shouldDisableInsert`).
      .filter(([, column]) => column.generated === undefined || column.generated.type === 'byDefault')
      .map(([key, column]) => ({ key, column, omitted: omittedValue(column) }));
    shape = { head: `insert into ${quote(getTableName(table))} (${columns.map((c) => quote(c.column.name)).join(', ')}) values `, columns };
    shapes.set(table, shape);
  }
  return shape;
}

/**
 * One multi-row INSERT of `rows` into `table` (a non-empty list), as drizzle would write it;
 * `onConflictDoNothing` adds `on conflict do nothing`. Values that are SQL are not supported.
 */
export function insertRows<T extends SQLiteTable>(table: T, rows: readonly T['$inferInsert'][], options: { onConflictDoNothing?: boolean } = {}): InStatement {
  if (rows.length === 0) throw new Error('insert-rows: no rows to insert');
  const { head, columns } = shapeOf(table);
  const args: InValue[] = [];
  const tuples: string[] = [];
  for (const row of rows as readonly Record<string, unknown>[]) {
    const parts: string[] = [];
    for (const { key, column, omitted } of columns) {
      let value = row[key];
      if (value === undefined) {
        if (omitted === null) {
          parts.push('null');
          continue;
        }
        if ('sql' in omitted) {
          parts.push(omitted.sql);
          continue;
        }
        if ('value' in omitted) {
          parts.push('?');
          args.push(omitted.value);
          continue;
        }
        value = omitted.fn();
      }
      if (typeof value === 'object' && value !== null && is(value, SQL)) throw new Error(`insert-rows: ${key} is SQL, which is not supported here`);
      parts.push('?');
      args.push(driverValue(column, value));
    }
    tuples.push(`(${parts.join(', ')})`);
  }
  return { sql: `${head}${tuples.join(', ')}${options.onConflictDoNothing ? ' on conflict do nothing' : ''}`, args: args as InArgs };
}

/** Each column of a table by key, with what an INSERT that omits it stores (see `rowAsInserted`). */
const rowShapes = new WeakMap<SQLiteTable, { key: string; omitted: TOmitted }[]>();

function rowShapeOf(table: SQLiteTable): { key: string; omitted: TOmitted }[] {
  let shape = rowShapes.get(table);
  if (!shape) {
    shape = Object.entries(getTableColumns(table)).map(([key, column]) => {
      if (column.default !== null && column.default !== undefined) return { key, omitted: is(column.default, SQL) ? { sql: '' } : { value: column.default as InValue } };
      const fn = column.defaultFn ?? column.onUpdateFn;
      return { key, omitted: fn ? { fn } : null };
    });
    rowShapes.set(table, shape);
  }
  return shape;
}

/**
 * The row `table` stores for `values`, as a read would return it: an omitted column gets its
 * default as the INSERT gives it (a value, or its function's), or null. For rows scored and
 * routed before they are written; a column whose default is SQL must be given.
 */
export function rowAsInserted<T extends SQLiteTable>(table: T, values: T['$inferInsert']): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const { key, omitted } of rowShapeOf(table)) {
    const value = values[key as keyof typeof values];
    if (value !== undefined) row[key] = value;
    else if (omitted === null) row[key] = null;
    else if ('value' in omitted) row[key] = omitted.value;
    else if ('fn' in omitted) row[key] = omitted.fn();
    else throw new Error(`insert-rows: ${key} has an SQL default: give its value`);
  }
  return row;
}
