import type { TDb } from '../db/client';
import { auditLog } from '../db/schema';

export type TActor =
  | { kind: 'user'; id: string }
  | { kind: 'ingest'; id: string }
  | { kind: 'system'; id: null };

export const SYSTEM: TActor = { kind: 'system', id: null };

/** The audit row for an action, as a query to put in the same batch as the action itself. */
export function auditInsert(
  db: TDb,
  entry: { at: Date; actor: TActor; action: string; entity: string; entityId: string; details?: Record<string, unknown> },
) {
  return db.insert(auditLog).values({
    at: entry.at.toISOString(),
    actorKind: entry.actor.kind,
    actorId: entry.actor.id,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    details: entry.details ?? null,
  });
}
