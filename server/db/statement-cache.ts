import { createRequire } from 'node:module';

// The libSQL client prepares every statement anew at each call on an embedded database and
// drops it. SQLite's parsing and planning often costs more than the run: a write to handovers
// or decisions compiles the stats triggers into its program (about 0.6 ms each time), and the
// demo seed spent a fifth of its time preparing the same 250 texts 20,000 times. So each
// embedded connection keeps the statements it runs again: a text is kept from its second
// use (a multi-row INSERT of a size seen once is not worth keeping), the most recently used
// first, a bounded number of them.
//
// Running a kept statement again is what SQLite's prepared statements are for: the client runs
// each to its end within one synchronous call, so none is ever in use twice; one stopped by an
// error is reset by the next bind; one whose tables changed is re-prepared by SQLite when it
// runs. But the client reads a statement's columns before running it, so a schema change
// (CREATE, ALTER, DROP, ATTACH, DETACH) on the connection first drops everything it kept: the
// migrations run on the connection that serves afterwards, and an embedded file's schema is
// only ever changed by its own process's connection. Not kept: EXPLAIN (its plan is fixed when
// prepared) and PRAGMA (some read the schema once, when prepared); nothing at all in a process
// that opened an embedded replica (`keepNoStatements`).

interface TNativeStatement {
  all(...args: unknown[]): unknown[];
}
interface TNativeDatabase {
  prepare: (this: TNativeDatabase, sql: string) => TNativeStatement;
}
type TNativeDatabaseClass = { prototype: TNativeDatabase };

/** Statements kept per connection. */
export const KEPT_PER_CONNECTION = 256;
/** Texts remembered as run once, per connection: the candidates for keeping. */
const SEEN_PER_CONNECTION = 512;
/**
 * Longer texts are neither kept nor remembered: a multi-row INSERT of hundreds of rows comes
 * in as many sizes as its batches, and costs far more to run than to prepare.
 */
export const LONGEST_KEPT = 8192;

// After any leading blanks and SQL line comments (a migration's statements start with them).
const NOT_KEPT = /^\s*(?:--[^\n]*\n\s*)*(?:explain|pragma)\b/i;
const SCHEMA_CHANGE = /^\s*(?:--[^\n]*\n\s*)*(?:create|alter|drop|attach|detach)\b/i;

interface TKept {
  statements: Map<string, TNativeStatement>;
  seen: Set<string>;
}

const keptBy = new WeakMap<TNativeDatabase, TKept>();
let installed = false;

/** Set once this process has opened an embedded replica (see `keepNoStatements`). */
let keepingNone = false;

/**
 * Nothing is kept from now on, in this process: an embedded replica's driver answers a kept
 * statement run again with what it answered before (measured: a decision's idempotency key
 * read back another key's decision), and its schema changes arrive with a sync rather than
 * through its connection. A server runs one database, so this costs a replica's server only.
 */
export function keepNoStatements(): void {
  keepingNone = true;
}

/** Drops the least recently used entry (a Map or Set keeps insertion order) when there are more than `limit`. */
function dropOldestBeyond(collection: Map<string, unknown> | Set<string>, limit: number): void {
  if (collection.size > limit) collection.delete(collection.keys().next().value!);
}

/**
 * Installs the cache on the libSQL driver that `@libsql/client` uses, once per process (each
 * worker thread has its own). Only embedded connections use that driver.
 */
export function keepPreparedStatements(): void {
  if (installed) return;
  installed = true;
  const driver = createRequire(import.meta.resolve('@libsql/client'))('libsql') as TNativeDatabaseClass;
  const prepareAnew = driver.prototype.prepare;
  driver.prototype.prepare = function prepare(this: TNativeDatabase, sql: string): TNativeStatement {
    if (SCHEMA_CHANGE.test(sql)) {
      keptBy.delete(this);
      return prepareAnew.call(this, sql);
    }
    if (keepingNone || sql.length > LONGEST_KEPT || NOT_KEPT.test(sql)) return prepareAnew.call(this, sql);
    let kept = keptBy.get(this);
    if (!kept) {
      kept = { statements: new Map(), seen: new Set() };
      keptBy.set(this, kept);
    }
    const statement = kept.statements.get(sql);
    if (statement) {
      kept.statements.delete(sql);
      kept.statements.set(sql, statement);
      return statement;
    }
    const prepared = prepareAnew.call(this, sql);
    if (kept.seen.delete(sql)) {
      kept.statements.set(sql, prepared);
      dropOldestBeyond(kept.statements, KEPT_PER_CONNECTION);
    } else {
      kept.seen.add(sql);
      dropOldestBeyond(kept.seen, SEEN_PER_CONNECTION);
    }
    return prepared;
  };
}
