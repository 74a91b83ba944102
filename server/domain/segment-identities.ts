import { inArray, lt, or, sql } from 'drizzle-orm';
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

/** Keeps calls until their visitor is identified; a call already kept is kept once. Returns how many are newly kept. */
export async function keepPending(database: Database, calls: readonly TPendingCall[], now: Date): Promise<number> {
  if (calls.length === 0) return 0;
  const receivedAt = now.toISOString();
  const result = await database.db
    .insert(segmentPending)
    .values(calls.map((call) => ({ ...call, receivedAt })))
    .onConflictDoNothing();
  return result.rowsAffected;
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
