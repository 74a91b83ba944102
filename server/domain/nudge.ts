import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client';
import { auditLog, notifications } from '../db/schema';
import { invalid, RateLimited } from '../errors';
import { auditInsert } from './audit';
import { earlierAction, keyReused, leadNameOf, managedOpenHandover, MANAGER_ACTIONS, type TEarlierAction } from './handover-actions';
import { retryOnConflict } from './handover';
import type { TUser } from './users';
import { newRowId } from './row-ids';

// handover.nudge: a manager asks the holder of an open handover to act on it — a `nudge`
// notification, shown by the extension as a desktop notification like the SLA's own. One per
// handover every ten minutes, whoever sends it: a reminder, not a stream.

export const NUDGE_INTERVAL_MS = 10 * 60_000;

export const ZNudgeInput = z.object({
  handoverId: z.string().trim().min(1).max(100),
  idempotencyKey: z.string().trim().min(8, 'at least 8 characters (a UUID is ideal)').max(200),
  message: z.string().trim().max(280).optional(),
});
export type TNudgeInput = z.output<typeof ZNudgeInput>;

export interface TNudgeResult {
  handoverId: string;
  notificationId: string;
  /** The holder nudged. */
  to: { id: string; name: string };
  at: string;
  /** True when this call replayed an earlier one with the same idempotency key. */
  replayed: boolean;
}

function replay(caller: TUser, input: TNudgeInput, earlier: TEarlierAction): TNudgeResult {
  const d = earlier.details;
  const same = earlier.action === MANAGER_ACTIONS.nudge && earlier.handoverId === input.handoverId && earlier.actorId === caller.id && (d.message ?? null) === (input.message || null);
  if (!same) throw keyReused();
  return { handoverId: input.handoverId, notificationId: String(d.notificationId), to: { id: String(d.to), name: String(d.toName) }, at: String(d.at), replayed: true };
}

/** When the handover was last nudged (its audit rows, read through audit_entity), if ever. */
async function lastNudgeAt(database: Database, handoverId: string): Promise<string | undefined> {
  const [row] = await database.db
    .select({ at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.entity, 'handover'), eq(auditLog.entityId, handoverId), eq(auditLog.action, MANAGER_ACTIONS.nudge)))
    .orderBy(desc(auditLog.at))
    .limit(1);
  return row?.at;
}

export async function nudgeHandover(database: Database, caller: TUser, input: TNudgeInput, now: Date): Promise<TNudgeResult> {
  return database.writeLock.runExclusive(() =>
    retryOnConflict(async () => {
      const earlier = await earlierAction(database, input.idempotencyKey);
      if (earlier) return replay(caller, input, earlier);

      const { handover, lead, owner } = await managedOpenHandover(database, caller, input.handoverId, 'nudge');
      if (owner.id === caller.id) throw invalid('handoverId', 'you hold this handover yourself: there is no one to nudge');
      const last = await lastNudgeAt(database, handover.id);
      const nextAllowed = last ? Date.parse(last) + NUDGE_INTERVAL_MS : 0;
      if (nextAllowed > now.getTime()) {
        throw new RateLimited(`this handover was nudged at ${last}: one nudge per handover every 10 minutes, the next from ${new Date(nextAllowed).toISOString()}`, Math.ceil((nextAllowed - now.getTime()) / 1000));
      }
      const { db } = database;
      const nowIso = now.toISOString();
      const message = input.message || null;
      const notificationId = newRowId();
      await db.batch([
        db.insert(notifications).values({
          id: notificationId,
          userId: owner.id,
          handoverId: handover.id,
          kind: 'nudge',
          message: `${caller.name} asks you to act on ${leadNameOf(lead)} (due ${handover.deadline})${message ? `: “${message}”` : '.'}`,
          at: nowIso,
        }),
        auditInsert(db, {
          at: now,
          actor: { kind: 'user', id: caller.id },
          action: MANAGER_ACTIONS.nudge,
          entity: 'handover',
          entityId: handover.id,
          details: { to: owner.id, toName: owner.name, message, notificationId, at: nowIso, idempotencyKey: input.idempotencyKey },
        }),
      ]);
      return { handoverId: handover.id, notificationId, to: { id: owner.id, name: owner.name }, at: nowIso, replayed: false };
    }),
  );
}
