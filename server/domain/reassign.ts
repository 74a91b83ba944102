import { and, eq, inArray, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '../db/client';
import { handovers, leads, notifications, users } from '../db/schema';
import { outboxInserts } from '../connectors/outbox';
import { conflict, invalid } from '../errors';
import { auditInsert } from './audit';
import { activeCharter } from './charter';
import { earlierAction, keyReused, leadNameOf, managedOpenHandover, MANAGER_ACTIONS, type TEarlierAction } from './handover-actions';
import { OWNER_ROLES, retryOnConflict } from './handover';
import type { TUser } from './users';
import { newRowId } from './row-ids';

// handover.reassign: a manager moves an open handover to another rep of theirs, as the
// sweeper's escalation does at a breach — the handover and the lead change owner, the new
// holder is told "it is yours", the move is audited as a reassigning action (so the packet's
// history and the SLA calendars see it, handover-owners.ts). The clock stays: start, deadline,
// and the original owner, whose figures the handover stays in.

const ZId = z.string().trim().min(1).max(100);
export const ZReassignInput = z.object({
  handoverId: ZId,
  toRepId: ZId,
  idempotencyKey: z.string().trim().min(8, 'at least 8 characters (a UUID is ideal)').max(200),
  note: z.string().trim().max(500).optional(),
});
export type TReassignInput = z.output<typeof ZReassignInput>;

export interface TReassignResult {
  handoverId: string;
  leadId: string;
  from: { id: string; name: string };
  to: { id: string; name: string };
  /** Unchanged by the move. */
  deadline: string;
  at: string;
  /** True when this call replayed an earlier one with the same idempotency key. */
  replayed: boolean;
}

/** The rep `toRepId` names, when the caller may give them this handover: available, may hold one, theirs (an admin: anyone's), not its holder. */
async function newHolder(database: Database, caller: TUser, owner: TUser, toRepId: string): Promise<TUser> {
  const rep = await database.db.query.users.findFirst({ where: eq(users.id, toRepId) });
  if (!rep) throw invalid('toRepId', `no user with id ${toRepId}`);
  if (!OWNER_ROLES.has(rep.role)) throw invalid('toRepId', `${rep.name} is an admin and cannot hold a handover`);
  if (caller.role !== 'admin' && rep.id !== caller.id && rep.managerId !== caller.id) throw invalid('toRepId', `${rep.name} is not on your team`);
  if (!rep.available) throw invalid('toRepId', `${rep.name} is not taking handovers (unavailable)`);
  if (rep.id === owner.id) throw invalid('toRepId', `${rep.name} already holds this handover`);
  return rep;
}

async function replay(database: Database, caller: TUser, input: TReassignInput, earlier: TEarlierAction): Promise<TReassignResult> {
  const d = earlier.details;
  const same = earlier.action === MANAGER_ACTIONS.reassign && earlier.handoverId === input.handoverId && earlier.actorId === caller.id && d.to === input.toRepId && (d.note ?? null) === (input.note || null);
  if (!same) throw keyReused();
  const ids = [String(d.from), String(d.to)];
  const names = new Map((await database.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))).map((u) => [u.id, u.name]));
  const handover = (await database.db.query.handovers.findFirst({ where: eq(handovers.id, input.handoverId) }))!;
  return {
    handoverId: handover.id,
    leadId: handover.leadId,
    from: { id: ids[0]!, name: names.get(ids[0]!) ?? ids[0]! },
    to: { id: ids[1]!, name: names.get(ids[1]!) ?? ids[1]! },
    deadline: String(d.deadline),
    at: String(d.at),
    replayed: true,
  };
}

export async function reassignHandover(database: Database, caller: TUser, input: TReassignInput, now: Date): Promise<TReassignResult> {
  const writeBack = (await activeCharter(database)).crmWriteBack;
  return database.writeLock.runExclusive(() =>
    retryOnConflict(async () => {
      const earlier = await earlierAction(database, input.idempotencyKey);
      if (earlier) return replay(database, caller, input, earlier);

      const { db } = database;
      const { handover, lead, owner } = await managedOpenHandover(database, caller, input.handoverId, 'reassign');
      const to = await newHolder(database, caller, owner, input.toRepId);
      const nowIso = now.toISOString();
      const note = input.note || null;
      const because = note ? `: “${note}”` : '.';
      const [moved] = (await db.batch([
        db
          .update(handovers)
          .set({ ownerId: to.id, routing: { by: 'assigned', skipped: [] } })
          .where(and(eq(handovers.id, handover.id), eq(handovers.state, 'open'), eq(handovers.ownerId, owner.id))),
        db.update(leads).set({ ownerId: to.id, updatedAt: nowIso }).where(eq(leads.id, lead.id)),
        // The CRM record's owner follows where the charter has it follow an escalation: the same move, made by hand.
        ...(await outboxInserts(db, lead, { kind: 'owner', sourceId: `${handover.id}:reassign:${randomUUID()}`, payload: { ownerEmail: to.email, reason: 'reassign' } }, now, (crm) => writeBack[crm].ownerFollowsEscalation)),
        // A holder who had this handover before gets the notice again, unread, under a new id (the extension shows each id once).
        db
          .insert(notifications)
          .values({
            id: newRowId(),
            userId: to.id,
            handoverId: handover.id,
            kind: 'reassigned',
            message: `${leadNameOf(lead)} is yours: ${caller.name} reassigned it from ${owner.name} (due ${handover.deadline})${because}`,
            at: nowIso,
          })
          .onConflictDoUpdate({
            target: [notifications.handoverId, notifications.kind, notifications.userId],
            targetWhere: sql`kind <> 'nudge'`,
            set: { id: sql`excluded.id`, message: sql`excluded.message`, at: sql`excluded.at`, readAt: null },
          }),
        auditInsert(db, {
          at: now,
          actor: { kind: 'user', id: caller.id },
          action: MANAGER_ACTIONS.reassign,
          entity: 'handover',
          entityId: handover.id,
          details: { cause: 'manager', from: owner.id, to: to.id, note, deadline: handover.deadline, at: nowIso, idempotencyKey: input.idempotencyKey },
        }),
      ])) as [{ rowsAffected: number }, ...unknown[]];
      if (moved.rowsAffected === 0) throw conflict('this handover changed hands or closed meanwhile: read it again');
      return { handoverId: handover.id, leadId: lead.id, from: { id: owner.id, name: owner.name }, to: { id: to.id, name: to.name }, deadline: handover.deadline, at: nowIso, replayed: false };
    }),
  );
}
