import { createClient, type Client } from '@libsql/client';
import { Mutex } from 'async-mutex';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestSignal, throwIfRequestStopped } from '../http/request-scope';
import { runDataFixups } from './fixups';
import * as schema from './schema';
import { keepPreparedStatements } from './statement-cache';
import { ensureStatsAggregates } from './stats-triggers';

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

export const DEFAULT_DB_TIMEOUT_MS = 10_000;
const REMOTE_CONCURRENCY = 20;

/**
 * The busy timeout only applies to a file: over HTTP a server that accepts and never
 * answers would hold every request. Each call to the server is cancelled after
 * `timeoutMs`, or as soon as the request it serves is stopped.
 */
function fetchWithin(timeoutMs: number) {
  return (request: Request): Promise<Response> => {
    const stopped = requestSignal();
    const limit = AbortSignal.timeout(timeoutMs);
    return fetch(request, { signal: stopped ? AbortSignal.any([limit, stopped]) : limit });
  };
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
export interface TOpenOptions {
  authToken?: string;
  timeoutMs?: number;
  /**
   * Let other work run before each statement. The embedded client runs a statement
   * synchronously and resolves at once, so a sequence of them holds the thread from first to
   * last; yielding lets what is waiting (a message, another read, a cancellation) in between.
   */
  yieldBeforeStatements?: boolean;
}

export async function openDatabase(url: string, options: TOpenOptions = {}): Promise<Database> {
  const embedded = url.startsWith('file:') || url === ':memory:';
  if (url.startsWith('file:')) mkdirSync(dirname(resolve(url.slice('file:'.length))), { recursive: true });
  if (embedded) keepPreparedStatements();
  const client = reconnectAfterBusy(
    embedded
      ? createClient({ url, authToken: options.authToken, timeout: 5000, concurrency: 1 })
      : // A server is called over HTTP: requests run side by side (one slow request must not queue
        // everyone else's behind it), and each gives up after a bounded time.
        createClient({ url, authToken: options.authToken, concurrency: REMOTE_CONCURRENCY, fetch: fetchWithin(options.timeoutMs ?? DEFAULT_DB_TIMEOUT_MS) }),
    options.yieldBeforeStatements ?? false,
  );
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

/** An error's code as text: a DOMException's (a TimeoutError's) is a number. */
function codeOf(error: unknown): string {
  const { code } = error as { code?: unknown };
  return typeof code === 'string' || typeof code === 'number' ? String(code) : '';
}

export function isBusy(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = codeOf(e);
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return true;
  }
  return false;
}

const NETWORK_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** The database did not answer: down, unreachable, over its time limit, or its file unreadable. */
export function isUnavailable(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { name = '', message = '', status } = e as { name?: string; message?: string; status?: unknown };
    const code = codeOf(e);
    if (name === 'TimeoutError' || NETWORK_FAILURES.has(code) || code.startsWith('UND_ERR')) return true;
    if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return true;
    if (name === 'TypeError' && message === 'fetch failed') return true;
    if (name === 'HttpServerError' && typeof status === 'number' && status >= 502 && status <= 504) return true;
  }
  return false;
}

const STATEMENT_METHODS = new Set<PropertyKey>(['execute', 'batch', 'migrate', 'executeMultiple']);

/**
 * No statement runs for a request that has been stopped (see ../http/request-scope).
 *
 * A connection that failed with SQLITE_BUSY is not trusted again (the data-loss hazard
 * above): the error still reaches the caller — the request fails and its idempotent retry
 * is safe — but the connection is replaced before anything else runs on it.
 */
function reconnectAfterBusy(client: Client, yieldFirst: boolean): Client {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!STATEMENT_METHODS.has(property)) return (value as (...a: unknown[]) => unknown).bind(target);
      return async (...args: unknown[]) => {
        if (yieldFirst) await new Promise<void>((resolve) => setImmediate(resolve));
        throwIfRequestStopped();
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

/** Applies the committed drizzle-kit migrations that have not run yet, then the data fix-ups (`fixups.ts`). */
export async function migrateDatabase(database: Database): Promise<void> {
  await migrate(database.db, { migrationsFolder: MIGRATIONS });
  await runDataFixups(database);
  await ensureStatsAggregates(database);
}
