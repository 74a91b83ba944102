import { desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../db/client';
import { segmentIdentities, segmentPending } from '../db/schema';

// Segment's identity model: a visitor is an anonymousId until an identify ties it (and a
// userId) to a person. Handshake's leads are e-mails, so the ties are kept, and calls made
// before the tie wait here until it comes, instead of being refused.

/** How long a call from a visitor never identified is kept: past this it could not change a score. */
export const PENDING_RETENTION_DAYS = 90;
const DAY = 86_400_000;

export interface TPendingCall {
  /** The event's id: the same call sent twice is kept once. */
  id: string;
  userIdentity: string | null;
  anonymousIdentity: string | null;
  /** The event to ingest, all but its e-mail. */
  event: Record<string, unknown>;
}

/** The e-mails known for these identities (`user:…`, `anonymous:…`). */
export async function knownIdentities(database: Database, identities: readonly string[]): Promise<Map<string, string>> {
  if (identities.length === 0) return new Map();
  const rows = await database.db
    .select()
    .from(segmentIdentities)
    .where(inArray(segmentIdentities.identity, [...new Set(identities)]));
  return new Map(rows.map((row) => [row.identity, row.email]));
}

/** Records who each identity is; a later identify with another e-mail wins. */
export async function rememberIdentities(database: Database, ties: ReadonlyMap<string, string>, now: Date): Promise<void> {
  if (ties.size === 0) return;
  const updatedAt = now.toISOString();
  const rows = [...ties].map(([identity, email]) => ({ identity, email, updatedAt }));
  await database.db
    .insert(segmentIdentities)
    .values(rows)
    .onConflictDoUpdate({ target: segmentIdentities.identity, set: { email: sql`excluded.email`, updatedAt } });
}

/**
 * Calls kept per ingest key, at most, by default (`HANDSHAKE_SEGMENT_PENDING_PER_KEY`): a
 * source that sends more from visitors it never identifies lets its oldest go, so one key
 * cannot fill the database (some 20 MB at this bound) while its fresh activity is kept.
 */
export const DEFAULT_PENDING_PER_KEY = 50_000;
/** Rows per multi-row INSERT, well inside SQLite's bound-parameter limit. */
const ROWS_PER_INSERT = 500;

export interface TKeptPending {
  /** Calls of this request now kept (new, and not let go for the cap). */
  kept: number;
  /** Calls of this key let go to stay within `perKey`: kept earlier, or this request's own oldest. */
  dropped: number;
}

/**
 * Keeps calls until their visitor is identified; a call already kept is kept once. The key
 * that sent them keeps at most `perKey`: past that, the calls kept longest (then the first
 * sent in a request) are let go, in the same batch as the insert.
 */
export async function keepPending(database: Database, calls: readonly TPendingCall[], ingestKeyId: string, perKey: number, now: Date): Promise<TKeptPending> {
  if (calls.length === 0) return { kept: 0, dropped: 0 };
  const { db } = database;
  const receivedAt = now.toISOString();
  const rows = calls.map((call) => ({ ...call, ingestKeyId, receivedAt }));
  const queries: BatchItem<'sqlite'>[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    queries.push(db.insert(segmentPending).values(rows.slice(i, i + ROWS_PER_INSERT)).onConflictDoNothing().returning({ id: segmentPending.id }));
  }
  const beyondCap = db
    .select({ id: segmentPending.id })
    .from(segmentPending)
    .where(eq(segmentPending.ingestKeyId, ingestKeyId))
    .orderBy(desc(segmentPending.receivedAt), sql`rowid desc`)
    // Every row past the newest `perKey` (SQLite takes an OFFSET only after a LIMIT).
    .limit(Number.MAX_SAFE_INTEGER)
    .offset(perKey);
  queries.push(db.delete(segmentPending).where(inArray(segmentPending.id, beyondCap)).returning({ id: segmentPending.id }));
  const results = (await db.batch(queries as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])) as { id: string }[][];
  const dropped = new Set(results.at(-1)!.map((row) => row.id));
  const inserted = results.slice(0, -1).flat();
  return { kept: inserted.filter((row) => !dropped.has(row.id)).length, dropped: dropped.size };
}

/** The kept calls of these identities, oldest first. */
export async function pendingFor(database: Database, identities: readonly string[]): Promise<(TPendingCall & { receivedAt: string })[]> {
  if (identities.length === 0) return [];
  const keys = [...new Set(identities)];
  return database.db
    .select()
    .from(segmentPending)
    .where(or(inArray(segmentPending.userIdentity, keys), inArray(segmentPending.anonymousIdentity, keys)))
    .orderBy(segmentPending.receivedAt);
}

export async function dropPending(database: Database, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await database.db.delete(segmentPending).where(inArray(segmentPending.id, [...ids]));
}

/** Forgets calls from visitors not identified within the retention period. */
export async function prunePending(database: Database, now: Date): Promise<number> {
  const before = new Date(now.getTime() - PENDING_RETENTION_DAYS * DAY).toISOString();
  const result = await database.db.delete(segmentPending).where(lt(segmentPending.receivedAt, before));
  return result.rowsAffected;
}
