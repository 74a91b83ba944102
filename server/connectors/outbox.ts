import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { TDb } from '../db/client';
import { crmConnections, crmOutbox, type TCrmName } from '../db/schema-connectors';
import type { TDeliveryOutcome, TOutboxWrite } from './types';

// The durable outbox to the CRMs. A write is inserted in the same batch as the decision or
// touch it carries, so it exists exactly when they do; its unique key (CRM, kind, Handshake
// id) keeps a replayed action from writing twice. Delivery takes, per record, the oldest
// write still pending, so a record's writes land in the order they were made.

export type TOutboxRow = typeof crmOutbox.$inferSelect;

export interface TLeadCrmIds {
  id: string;
  hubspotId: string | null;
  salesforceId: string | null;
  pipedriveId: string | null;
}

/** The lead's column holding its record id in each CRM. */
export const RECORD_ID: Record<TCrmName, Exclude<keyof TLeadCrmIds, 'id'>> = { hubspot: 'hubspotId', salesforce: 'salesforceId', pipedrive: 'pipedriveId' };

/**
 * Told when an action queued CRM writes, so this process's sync loop delivers them within a
 * second or so instead of at its next interval (other instances find them at theirs).
 */
const written = new EventTarget();
export function signalOutbox(): void {
  written.dispatchEvent(new Event('written'));
}
export function onOutboxWritten(listener: () => void): () => void {
  written.addEventListener('written', listener);
  return () => written.removeEventListener('written', listener);
}

/** First retry after this; doubled at each attempt up to MAX_BACKOFF_MS. */
export const FIRST_BACKOFF_MS = 30_000;
export const MAX_BACKOFF_MS = 60 * 60_000;

/**
 * The outbox rows for an action on a lead, one per connected CRM the lead has a record in:
 * to put in the action's own batch. Reads which CRMs are connected (a small table).
 */
export async function outboxInserts(
  db: TDb,
  lead: TLeadCrmIds,
  write: { kind: TOutboxRow['kind']; sourceId: string; payload: Record<string, unknown> },
  now: Date,
  toCrm: (crm: TCrmName) => boolean = () => true,
) {
  const connected = (await db.select({ crm: crmConnections.crm }).from(crmConnections)).filter(({ crm }) => toCrm(crm));
  const nowIso = now.toISOString();
  const rows = connected
    .map(({ crm }) => ({ crm, recordId: lead[RECORD_ID[crm]] }))
    .filter((row): row is { crm: TCrmName; recordId: string } => typeof row.recordId === 'string' && row.recordId.length > 0)
    .map(({ crm, recordId }) => ({ crm, recordId, leadId: lead.id, kind: write.kind, sourceId: write.sourceId, payload: write.payload, nextAttemptAt: nowIso, createdAt: nowIso }));
  return rows.length === 0 ? [] : [db.insert(crmOutbox).values(rows).onConflictDoNothing()];
}

/**
 * The next writes to deliver to a CRM: for each record, its oldest pending write, if it is
 * due — a record whose oldest write waits for a retry holds its later ones back.
 */
export async function nextWrites(db: TDb, crm: TCrmName, now: Date, limit: number): Promise<TOutboxRow[]> {
  const oldest = db
    .select({ firstId: sql<number>`min(${crmOutbox.id})`.as('first_id') })
    .from(crmOutbox)
    .where(and(eq(crmOutbox.crm, crm), eq(crmOutbox.state, 'pending')))
    .groupBy(crmOutbox.recordId)
    .as('oldest');
  return db
    .select()
    .from(crmOutbox)
    .innerJoin(oldest, eq(crmOutbox.id, oldest.firstId))
    .where(lte(crmOutbox.nextAttemptAt, now.toISOString()))
    .orderBy(asc(crmOutbox.id))
    .limit(limit)
    .then((rows) => rows.map((row) => row.crm_outbox));
}

export function asWrite(row: TOutboxRow): TOutboxWrite {
  return { id: row.id, recordId: row.recordId, kind: row.kind, sourceId: row.sourceId, payload: row.payload, attempts: row.attempts };
}

export function backoffMs(attempts: number, retryAfterMs?: number): number {
  const doubling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
  return Math.max(doubling, retryAfterMs ?? 0);
}

/** Records what became of each write, in one batch. */
export async function recordOutcomes(db: TDb, rows: readonly TOutboxRow[], outcomes: readonly TDeliveryOutcome[], now: Date): Promise<void> {
  const nowIso = now.toISOString();
  const updates = rows.map((row, i) => {
    const outcome = outcomes[i]!;
    const attempts = row.attempts + 1;
    // A verdict row re-armed with other fields while this delivery ran keeps waiting for its own.
    const where = and(eq(crmOutbox.id, row.id), eq(crmOutbox.state, 'pending'), eq(crmOutbox.recordId, row.recordId), eq(crmOutbox.payload, row.payload));
    if (outcome.state === 'delivered') {
      return db.update(crmOutbox).set({ state: 'delivered', attempts, deliveredAt: nowIso, crmObjectId: outcome.crmObjectId ?? null, lastError: null }).where(where);
    }
    if (outcome.state === 'failed') return db.update(crmOutbox).set({ state: 'failed', attempts, lastError: outcome.error }).where(where);
    const next = new Date(now.getTime() + backoffMs(attempts, outcome.retryAfterMs)).toISOString();
    return db.update(crmOutbox).set({ attempts, nextAttemptAt: next, lastError: outcome.error }).where(where);
  });
  if (updates.length > 0) await db.batch(updates as [(typeof updates)[number], ...typeof updates]);
}

/** Puts a CRM's failed writes back in line (after the cause was fixed in the CRM). */
export async function retryFailed(db: TDb, crm: TCrmName, now: Date): Promise<number> {
  const failed = await db.select({ id: crmOutbox.id }).from(crmOutbox).where(and(eq(crmOutbox.crm, crm), eq(crmOutbox.state, 'failed')));
  if (failed.length === 0) return 0;
  await db
    .update(crmOutbox)
    .set({ state: 'pending', nextAttemptAt: now.toISOString() })
    .where(inArray(crmOutbox.id, failed.map((f) => f.id)));
  return failed.length;
}

export interface TOutboxCounts {
  pending: number;
  delivered: number;
  failed: number;
  /** The failed writes' reasons, the newest first, at most a few. */
  failures: { id: number; recordId: string; kind: string; error: string }[];
}

export async function outboxCounts(db: TDb, crm: TCrmName): Promise<TOutboxCounts> {
  const counts = await db
    .select({ state: crmOutbox.state, count: sql<number>`count(*)` })
    .from(crmOutbox)
    .where(eq(crmOutbox.crm, crm))
    .groupBy(crmOutbox.state);
  const failures = await db
    .select({ id: crmOutbox.id, recordId: crmOutbox.recordId, kind: crmOutbox.kind, error: crmOutbox.lastError })
    .from(crmOutbox)
    .where(and(eq(crmOutbox.crm, crm), eq(crmOutbox.state, 'failed')))
    .orderBy(sql`${crmOutbox.id} desc`)
    .limit(5);
  const count = (state: string) => Number(counts.find((c) => c.state === state)?.count ?? 0);
  return { pending: count('pending'), delivered: count('delivered'), failed: count('failed'), failures: failures.map((f) => ({ ...f, error: f.error ?? '' })) };
}
