import { createRequire } from 'node:module';
import { throwIfRequestStopped } from '../http/request-scope';
import type { Database } from './client';

// The hottest reads of an embedded file (a packet for each sidebar opened), on a connection of
// their own, answered as plain arrays of values: the client builds an object for every row it
// returns. Their statements are kept prepared like every embedded connection's
// (statement-cache.ts). The connection only reads (query_only) and sees what the client's
// connection has committed, as any second connection of a WAL file does. Over HTTP, and for an
// in-memory database (which a second connection would not see), reads go through the client.

interface TNativeStatement {
  raw(toggle?: boolean): TNativeStatement;
  all(args: unknown[]): unknown[][];
}
interface TNativeDatabase {
  prepare(sql: string): TNativeStatement;
  exec(sql: string): void;
  close(): void;
}
type TNativeDatabaseClass = new (path: string, options: { timeout: number }) => TNativeDatabase;

const BUSY_TIMEOUT_MS = 5000;

const readers = new WeakMap<Database, TNativeDatabase | null>();

function openReader(database: Database): TNativeDatabase | null {
  if (!database.url.startsWith('file:')) return null;
  // The client's own driver, as the client resolves it.
  const NativeDatabase = createRequire(import.meta.resolve('@libsql/client'))('libsql') as TNativeDatabaseClass;
  const connection = new NativeDatabase(database.url.slice('file:'.length), { timeout: BUSY_TIMEOUT_MS });
  connection.exec('PRAGMA query_only = ON');
  const close = database.close.bind(database);
  database.close = () => {
    readers.delete(database);
    connection.close();
    close();
  };
  return connection;
}

function readerOf(database: Database): TNativeDatabase | null {
  let reader = readers.get(database);
  if (reader === undefined) {
    reader = openReader(database);
    readers.set(database, reader);
  }
  return reader;
}

/** The rows `sql` reads with `args`, each as an array of its values. */
export async function readRows(database: Database, sql: string, args: (string | number | null)[]): Promise<unknown[][]> {
  const reader = readerOf(database);
  if (!reader) return (await database.client.execute({ sql, args })).rows.map((row) => Array.from(row));
  throwIfRequestStopped();
  return reader.prepare(sql).raw(true).all(args);
}
