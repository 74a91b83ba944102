import { createClient, type Client } from '@libsql/client';
import { Mutex } from 'async-mutex';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema';

export type TDb = LibSQLDatabase<typeof schema>;

export interface Database {
  db: TDb;
  client: Client;
  url: string;
  /** True for an embedded file: one process owns it (see `openDatabase`). */
  embedded: boolean;
  /**
   * Serialises read-then-write sequences inside this process. Every write that first
   * reads what it is about to change runs under it; the database's unique constraints
   * are the second line, for anything outside this process.
   */
  writeLock: Mutex;
  close(): void;
}

const MIGRATIONS = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens the database at `url`: `file:path` (embedded), `:memory:`, or a libSQL server
 * (`http://`, `ws://`, `libsql://`).
 *
 * Embedded files follow what is known of the libSQL client (upstream issue #352: after a
 * SQLITE_BUSY a connection's next write can be silently lost): a busy timeout set through
 * the client option, a single connection, WAL, and atomic writes through `batch()` rather
 * than interactive transactions.
 */
export async function openDatabase(url: string, options: { authToken?: string } = {}): Promise<Database> {
  const embedded = url.startsWith('file:') || url === ':memory:';
  if (url.startsWith('file:')) mkdirSync(dirname(resolve(url.slice('file:'.length))), { recursive: true });
  const client = reconnectAfterBusy(createClient({ url, authToken: options.authToken, timeout: 5000, concurrency: 1 }));
  if (embedded) {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = FULL');
    await client.execute('PRAGMA foreign_keys = ON');
  }
  return {
    db: drizzle(client, { schema }),
    client,
    url,
    embedded,
    writeLock: new Mutex(),
    close: () => client.close(),
  };
}

export function isBusy(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return true;
  }
  return false;
}

const STATEMENT_METHODS = new Set<PropertyKey>(['execute', 'batch', 'migrate', 'executeMultiple']);

/**
 * A connection that failed with SQLITE_BUSY is not trusted again (the data-loss hazard
 * above): the error still reaches the caller — the request fails and its idempotent retry
 * is safe — but the connection is replaced before anything else runs on it.
 */
function reconnectAfterBusy(client: Client): Client {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!STATEMENT_METHODS.has(property)) return (value as (...a: unknown[]) => unknown).bind(target);
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          // Typed as void by the interface; every client's implementation returns a promise.
          if (isBusy(error)) await Promise.resolve(target.reconnect() as unknown);
          throw error;
        }
      };
    },
  });
}

/** Applies the committed drizzle-kit migrations that have not run yet. */
export async function migrateDatabase(database: Database): Promise<void> {
  await migrate(database.db, { migrationsFolder: MIGRATIONS });
}
