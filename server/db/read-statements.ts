import { createRequire } from 'node:module';
import type { InStatement, ResultSet } from '@libsql/client';
import { throwIfRequestStopped } from '../http/request-scope';
import { isUnavailable, type Database } from './client';
import { coalescedReads } from './read-coalescing';

// The hottest reads of an embedded file (a packet for each sidebar opened), on a connection of
// their own, answered as plain arrays of values: the client builds an object for every row it
// returns. Their statements are kept prepared like every embedded connection's
// (statement-cache.ts). The connection only reads (query_only) and sees what the client's
// connection has committed, as any second connection of a WAL file does. For an in-memory
// database (which a second connection would not see) and an embedded replica, reads go
// through the client; over HTTP too, those arriving together as one call (read-coalescing.ts).

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
  // An embedded replica's file is its client's, synced by it: reads go through the client.
  if (!database.embedded || !database.url.startsWith('file:')) return null;
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

const remoteReads = new WeakMap<Database, (statement: InStatement) => Promise<ResultSet>>();

function throughClient(database: Database, statement: InStatement): Promise<ResultSet> {
  if (database.embedded || database.replica) return database.client.execute(statement);
  let read = remoteReads.get(database);
  if (!read) remoteReads.set(database, (read = coalescedReads(database.client, isUnavailable)));
  return read(statement);
}

/** The rows `sql` reads with `args`, each as an array of its values. */
export async function readRows(database: Database, sql: string, args: (string | number | null)[]): Promise<unknown[][]> {
  const reader = readerOf(database);
  if (!reader) return (await throughClient(database, { sql, args })).rows.map((row) => Array.from(row));
  throwIfRequestStopped();
  return reader.prepare(sql).raw(true).all(args);
}
