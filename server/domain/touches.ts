import { and, eq, gt, isNull, or } from 'drizzle-orm';
import { businessTimeBetween } from '../../shared/calendar';
import type { TDb } from '../db/client';
import { handovers, touches, users } from '../db/schema';
import { calendarOf } from './users';

export interface TTouchRecord {
  id: string;
  leadId: string;
  handoverId: string | null;
  userId: string;
  channel: string;
  at: Date;
  idempotencyKey: string;
}

/**
 * The queries that record a touch and, when it is the handover's first, stop its SLA
 * clock: to run in one batch with whatever else the caller writes. The first-touch update
 * only moves the first touch earlier, so replaying it, or receiving touches out of order,
 * leaves the earliest one.
 */
export async function touchQueries(db: TDb, touch: TTouchRecord) {
  const insert = db
    .insert(touches)
    .values({
      id: touch.id,
      leadId: touch.leadId,
      handoverId: touch.handoverId,
      userId: touch.userId,
      channel: touch.channel,
      at: touch.at.toISOString(),
      idempotencyKey: touch.idempotencyKey,
    })
    .onConflictDoNothing();
  if (!touch.handoverId) return [insert] as const;

  const at = touch.at.toISOString();
  const handover = await db.query.handovers.findFirst({ where: eq(handovers.id, touch.handoverId) });
  const earlierTouchKnown = handover?.firstTouchAt && handover.firstTouchAt <= at;
  if (!handover || earlierTouchKnown || at < handover.startedAt) return [insert] as const;
  const owner = await db.query.users.findFirst({ where: eq(users.id, handover.originalOwnerId) });
  const businessMs = owner ? businessTimeBetween(new Date(handover.startedAt), touch.at, calendarOf(owner)) : null;
  const stopClock = db
    .update(handovers)
    .set({ firstTouchAt: at, firstTouchBusinessMs: businessMs })
    .where(and(eq(handovers.id, touch.handoverId), or(isNull(handovers.firstTouchAt), gt(handovers.firstTouchAt, at))));
  return [insert, stopClock] as const;
}
