import type { TDb } from '../db/client';
import { auditLog } from '../db/schema';

export type TActor =
  | { kind: 'user'; id: string }
  | { kind: 'ingest'; id: string }
  | { kind: 'system'; id: null };

export const SYSTEM: TActor = { kind: 'system', id: null };

export interface TAuditEntry {
  at: Date;
  actor: TActor;
  action: string;
  entity: string;
  entityId: string;
  details?: Record<string, unknown>;
}

/** The audit row for an action, as a query to put in the same batch as the action itself. */
export function auditInsert(db: TDb, entry: TAuditEntry) {
  return db.insert(auditLog).values(auditRow(entry));
}

/** The audit_log row of an entry (`auditInsert`'s; several in one INSERT for a group of writes). */
export function auditRow(entry: TAuditEntry): typeof auditLog.$inferInsert {
  return {
    at: entry.at.toISOString(),
    actorKind: entry.actor.kind,
    actorId: entry.actor.id,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    details: entry.details ?? null,
  };
}
