import { createClient, type Client } from '@libsql/client';
import { Mutex } from 'async-mutex';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestSignal, throwIfRequestStopped } from '../http/request-scope';
import { StartupError } from '../startup-error';
import { runDataFixups } from './fixups';
import * as schema from './schema';
import { keepNoStatements, keepPreparedStatements } from './statement-cache';
import { nextTurn } from '../next-turn';
import { ensureStatsAggregates } from './stats-triggers';

export type TDb = LibSQLDatabase<typeof schema>;

export interface Database {
  db: TDb;
  client: Client;
  url: string;
  /** True for an embedded file: one process owns it (see `openDatabase`). */
  embedded: boolean;
  /** True for an embedded replica of a libSQL server: reads local, writes to the primary. */
  replica: boolean;
  /**
   * Brings an embedded replica up to the primary now (nothing to do otherwise): for work that
   * must see what other instances wrote — the sweeper's pass, an idempotency key that a write
   * found taken.
   */
  sync(): Promise<void>;
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
  /**
   * The libSQL server `url` (a `file:` path) is an embedded replica of: reads are served from
   * the file, writes go to the server, and each instance reads its own writes at once.
   */
  syncUrl?: string;
  /** How often a replica pulls what other instances wrote. */
  syncSeconds?: number;
  timeoutMs?: number;
}

const DEFAULT_SYNC_SECONDS = 5;

export async function openDatabase(url: string, options: TOpenOptions = {}): Promise<Database> {
  const replica = options.syncUrl !== undefined;
  if (replica && !url.startsWith('file:')) throw new StartupError(`an embedded replica is a file: HANDSHAKE_DB_URL must be file:…, not ${url.split(':')[0]}:`);
  if (replica) {
    // The server first, over HTTP: a replica's driver retries a refused sync, then reports a timeout.
    const probe = createClient({ url: options.syncUrl!, authToken: options.authToken, fetch: fetchWithin(options.timeoutMs ?? DEFAULT_DB_TIMEOUT_MS) });
    try {
      await reachServer(() => probe.execute('SELECT 1'), options.syncUrl!, options.authToken);
    } finally {
      probe.close();
    }
  }
  const embedded = !replica && (url.startsWith('file:') || url === ':memory:');
  if (url.startsWith('file:')) mkdirSync(dirname(resolve(url.slice('file:'.length))), { recursive: true });
  if (embedded) keepPreparedStatements();
  if (replica) keepNoStatements();
  const client = reconnectAfterBusy(
    replica
      ? // Synced by `sync` below, at start-up and on a timer.
        createClient({ url, syncUrl: options.syncUrl, authToken: options.authToken, readYourWrites: true })
      : embedded
      ? createClient({ url, authToken: options.authToken, timeout: 5000, concurrency: 1 })
      : // A server is called over HTTP: requests run side by side (one slow request must not queue
        // everyone else's behind it), and each gives up after a bounded time.
        createClient({ url, authToken: options.authToken, concurrency: REMOTE_CONCURRENCY, fetch: fetchWithin(options.timeoutMs ?? DEFAULT_DB_TIMEOUT_MS) }),
  );
  if (embedded) {
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = FULL');
    await client.execute('PRAGMA foreign_keys = ON');
  }
  const sync = replica
    ? () =>
        client.sync().then(() => {
          lastSyncFailure = '';
        })
    : async () => {};
  if (replica) await sync();
  else if (!embedded) await reachServer(() => client.execute('SELECT 1'), url, options.authToken);
  const timer = replica ? setInterval(() => void sync().catch(reportSyncFailure), (options.syncSeconds ?? DEFAULT_SYNC_SECONDS) * 1000) : undefined;
  timer?.unref();
  return {
    db: drizzle(client, { schema }),
    client,
    url,
    embedded,
    replica,
    sync,
    writeLock: new Mutex(),
    close: () => {
      clearInterval(timer);
      client.close();
    },
  };
}

/** A libSQL server's address as it may be shown: without a query string, which may hold a token. */
const shown = (url: string) => url.split('?')[0]!;

/**
 * The first call to a libSQL server (or the first sync of a replica of one): a refusal or
 * silence is said in words, with what to check, rather than as the first migration's failure.
 */
async function reachServer(call: () => Promise<unknown>, url: string, authToken: string | undefined): Promise<void> {
  try {
    await call();
  } catch (error) {
    const text = [error, (error as { cause?: unknown }).cause].map((e) => (e instanceof Error ? e.message : String(e))).join(' ');
    const status = /\b(401|403)\b/.exec(text)?.[1];
    if (status) {
      const what = authToken ? 'refused the token in HANDSHAKE_DB_AUTH_TOKEN' : 'asks for a token: set HANDSHAKE_DB_AUTH_TOKEN';
      throw new StartupError(`the libSQL server at ${shown(url)} ${what} (HTTP ${status})`);
    }
    if (isUnavailable(error)) {
      throw new StartupError(
        `the libSQL server at ${shown(url)} did not answer (${describeFailure(error)}): is it running, and is the address right? A libsql:// address uses TLS; add ?tls=0 for a server without it`,
      );
    }
    throw error;
  }
}

/** The first network code or message in an error's causes. */
function describeFailure(error: unknown): string {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const code = codeOf(e);
    if (code && NETWORK_FAILURES.has(code)) return code;
  }
  return error instanceof Error ? error.message : String(error);
}

let lastSyncFailure = '';

/** A background sync that failed is said once, until it fails differently; reads meanwhile serve what the replica has. */
function reportSyncFailure(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  if (message === lastSyncFailure) return;
  lastSyncFailure = message;
  console.error(`Syncing the embedded replica: ${message}`);
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
 * Other work gets a turn before each statement: the embedded client runs a statement
 * synchronously and resolves at once, so a sequence of them would hold the thread from the
 * first to the last, and the requests arriving meanwhile (a packet, a health check, another
 * report) would wait for all of it.
 *
 * No statement runs for a request that has been stopped (see ../http/request-scope).
 *
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
        await nextTurn();
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
