import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { auditLog, handovers, leads, users } from '../db/schema';
import { conflict, forbidden, notFound } from '../errors';
import type { TUser } from './users';

// What a manager's actions on someone's open handover share (handover.reassign, handover.nudge):
// who may act, on what, and the idempotency key each records in its audit row.

export const MANAGER_ACTIONS = { reassign: 'handover.reassign', nudge: 'handover.nudge' } as const;

export interface TEarlierAction {
  action: string;
  handoverId: string;
  actorId: string | null;
  details: Record<string, unknown>;
}

/** The audit row of an earlier reassign or nudge sent with `idempotencyKey` (read through audit_idempotency_key). */
export function earlierActionQuery(database: Database, idempotencyKey: string) {
  return database.db
    .select({ action: auditLog.action, handoverId: auditLog.entityId, actorId: auditLog.actorId, details: auditLog.details })
    .from(auditLog)
    .where(and(sql`json_extract(${auditLog.details}, '$.idempotencyKey') = ${idempotencyKey}`, inArray(auditLog.action, Object.values(MANAGER_ACTIONS))))
    .orderBy(desc(auditLog.id))
    .limit(1);
}

export async function earlierAction(database: Database, idempotencyKey: string): Promise<TEarlierAction | undefined> {
  const [row] = await earlierActionQuery(database, idempotencyKey);
  return row ? { ...row, details: row.details ?? {} } : undefined;
}

export const keyReused = () => conflict('idempotencyKey: this key was already used for a different request');

const WORDS = { reassign: { may: 'reassign this handover', done: 'reassigned' }, nudge: { may: "nudge this handover's owner", done: 'nudged' } } as const;

export interface TManagedHandover {
  handover: typeof handovers.$inferSelect;
  lead: typeof leads.$inferSelect;
  /** Who holds it now. */
  owner: TUser;
}

export const leadNameOf = (lead: Pick<typeof leads.$inferSelect, 'firstName' | 'lastName' | 'email'>) => [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email;

/**
 * The open handover `handoverId`, when `caller` may act on it as a manager: an admin on any, a
 * manager on those their reps hold (or they hold). Unknown: NOT_FOUND; closed: CONFLICT.
 */
export async function managedOpenHandover(database: Database, caller: TUser, handoverId: string, kind: keyof typeof MANAGER_ACTIONS): Promise<TManagedHandover> {
  const { db } = database;
  const words = WORDS[kind];
  if (caller.role === 'rep') throw forbidden(`only a manager or an admin may ${words.may}`);
  const [row] = await db
    .select({ handover: handovers, lead: leads, owner: users })
    .from(handovers)
    .innerJoin(leads, eq(leads.id, handovers.leadId))
    .innerJoin(users, eq(users.id, handovers.ownerId))
    .where(eq(handovers.id, handoverId));
  if (!row) throw notFound(`handoverId: no handover with id ${handoverId}`);
  const { owner, handover } = row;
  const manages = caller.role === 'admin' || owner.id === caller.id || owner.managerId === caller.id;
  if (!manages) throw forbidden(`only ${owner.name}'s manager or an admin may ${words.may}`);
  if (handover.state !== 'open') {
    throw conflict(`this handover is closed (${handover.state}${handover.closedAt ? ` at ${handover.closedAt}` : ''}): only an open handover can be ${words.done}`);
  }
  return row;
}
