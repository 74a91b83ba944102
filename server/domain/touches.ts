import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import { businessTimeBetween } from '../../shared/calendar';
import { TOUCH_CHANNELS, type TTouchChannel } from '../../shared/touch-channels';
import type { Database, TDb } from '../db/client';
import { handovers, leads, touches, users } from '../db/schema';
import { HANDOVER_MOVED, handoverChecks } from '../db/schema-sla';
import { conflict, invalid, isUniqueViolation, notFound, refusedWith } from '../errors';
import { outboxInserts, signalOutbox } from '../connectors/outbox';
import { actingFor } from './access';
import type { TQuery } from './batch-sql';
import { auditInsert } from './audit';
import { preparedOnce } from './prepared';
import { calendarOf, type TUser } from './users';
import { newRowId } from './row-ids';

export interface TTouchRecord {
  id: string;
  leadId: string;
  handoverId: string | null;
  userId: string;
  channel: string;
  at: Date;
  idempotencyKey: string;
}

/** The handover a touch is for and its first owner (whose calendar its clock runs in), as a caller has just read them. */
export interface TTouchedHandover {
  handover: Pick<typeof handovers.$inferSelect, 'id' | 'startedAt' | 'firstTouchAt' | 'originalOwnerId'>;
  firstOwner: Parameters<typeof calendarOf>[0] | null;
}

/**
 * The queries that record a touch and, when it is the handover's first, stop its SLA
 * clock: to run in one batch with whatever else the caller writes. The first-touch update
 * only moves the first touch earlier, so replaying it, or receiving touches out of order,
 * leaves the earliest one. `known`, the touch's handover as the caller read it under the
 * same write lock, saves reading it again. A touch whose key is stored already is skipped;
 * `keyTaken: 'fail'` fails the caller's whole batch instead (see `logTouch`).
 */
export async function touchQueries(db: TDb, touch: TTouchRecord, known?: TTouchedHandover, keyTaken: 'skip' | 'fail' = 'skip') {
  const row = db
    .insert(touches)
    .values({
      id: touch.id,
      leadId: touch.leadId,
      handoverId: touch.handoverId,
      userId: touch.userId,
      channel: touch.channel,
      at: touch.at.toISOString(),
      idempotencyKey: touch.idempotencyKey,
    });
  const insert = keyTaken === 'skip' ? row.onConflictDoNothing() : row;
  if (!touch.handoverId) return [insert] as const;

  const at = touch.at.toISOString();
  const read = known?.handover.id === touch.handoverId ? known : undefined;
  const handover = read ? read.handover : await db.query.handovers.findFirst({ where: eq(handovers.id, touch.handoverId) });
  const earlierTouchKnown = handover?.firstTouchAt && handover.firstTouchAt <= at;
  if (!handover || earlierTouchKnown || at < handover.startedAt) return [insert] as const;
  const owner = read ? read.firstOwner : await db.query.users.findFirst({ where: eq(users.id, handover.originalOwnerId) });
  const businessMs = owner ? businessTimeBetween(new Date(handover.startedAt), touch.at, calendarOf(owner, new Date(handover.startedAt))) : null;
  const stopClock = db
    .update(handovers)
    .set({ firstTouchAt: at, firstTouchBusinessMs: businessMs })
    .where(and(eq(handovers.id, touch.handoverId), or(isNull(handovers.firstTouchAt), gt(handovers.firstTouchAt, at))));
  return [insert, stopClock] as const;
}

export { TOUCH_CHANNELS, type TTouchChannel };

/**
 * How far past the server's clock an instant sent to it (a touch's `at`, an event's, a lead's
 * dates) may lie before it is refused as in the future: the clocks of devices, CRMs and
 * marketing tools drift by seconds to minutes, so within this an instant is "now"; beyond
 * it the date is wrong, and would skew scoring windows and SLA clocks.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

export type TTouchRow = typeof touches.$inferSelect;

const touchByKeyQuery = (db: TDb) =>
  db
    .select()
    .from(touches)
    .where(eq(touches.idempotencyKey, sql.placeholder('key')))
    .limit(1)
    .prepare();

/** The lead, its open handover (at most one) and that handover's first owner: one read, of the columns logTouch uses. */
const leadWithOpenHandoverQuery = (db: TDb) =>
  db
    .select({
      lead: { id: leads.id, email: leads.email, ownerId: leads.ownerId, hubspotId: leads.hubspotId, salesforceId: leads.salesforceId, pipedriveId: leads.pipedriveId },
      handover: { id: handovers.id, ownerId: handovers.ownerId, originalOwnerId: handovers.originalOwnerId, startedAt: handovers.startedAt, firstTouchAt: handovers.firstTouchAt },
      firstOwner: { timeZone: users.timeZone, workingDays: users.workingDays, dayStart: users.dayStart, dayEnd: users.dayEnd, holidays: users.holidays, holidayRegion: users.holidayRegion },
    })
    .from(leads)
    .leftJoin(handovers, and(eq(handovers.leadId, leads.id), eq(handovers.state, 'open')))
    .leftJoin(users, eq(users.id, handovers.originalOwnerId))
    .where(eq(leads.id, sql.placeholder('leadId')))
    .limit(1)
    .prepare();

/**
 * A rep logs a touch (call, e-mail, …) on a lead. The first touch after handover meets the
 * SLA. `at` may be in the past: the extension delivers touches queued while offline with
 * the time they happened. The same key again replays the stored touch, also when another
 * instance stored it between this one's read and its write: the key's unique index then
 * fails this batch whole, so its audit row and CRM write are not made twice.
 */
export async function logTouch(
  database: Database,
  caller: TUser,
  input: { leadId: string; channel: TTouchChannel; idempotencyKey: string; at?: string },
  now: Date,
): Promise<{ touch: TTouchRow; replayed: boolean }> {
  const at = input.at ? new Date(input.at) : now;
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw invalid('at', 'a touch cannot be in the future');

  const { db } = database;
  // Read, check, write; again when another instance moved or closed the handover meanwhile.
  const record = async (attempt: number): Promise<{ touch: TTouchRow; replayed: boolean }> => {
    const byKey = () => preparedOnce(db, 'touches.byKey', touchByKeyQuery).all({ key: input.idempotencyKey });
    const replay = (earlier: TTouchRow) => {
      if (earlier.leadId !== input.leadId) throw conflict('idempotencyKey: this key was already used for another touch');
      return { touch: earlier, replayed: true };
    };
    const [earlier] = await byKey();
    if (earlier) return replay(earlier);
    const [found] = await preparedOnce(db, 'touches.leadWithOpenHandover', leadWithOpenHandoverQuery).all({ leadId: input.leadId });
    if (!found) throw notFound(`no lead with id ${input.leadId}`);
    const { lead, handover, firstOwner } = found;
    await actingFor(database, caller, handover?.ownerId ?? lead.ownerId, 'log a touch on it');

    const touch: TTouchRecord = {
      id: newRowId(),
      leadId: lead.id,
      handoverId: handover?.id ?? null,
      userId: caller.id,
      channel: input.channel,
      at,
      idempotencyKey: input.idempotencyKey,
    };
    const crmWrites = await outboxInserts(db, lead, { kind: 'touch', sourceId: touch.id, payload: { channel: input.channel, at: at.toISOString(), userEmail: caller.email, leadEmail: lead.email } }, now);
    const statements: TQuery[] = [
      // The handover still open with the owner checked, or nothing of this batch is kept.
      ...(handover ? [db.insert(handoverChecks).values({ handoverId: handover.id, kind: 'held', ownerId: handover.ownerId })] : []),
      ...(await touchQueries(db, touch, handover ? { handover, firstOwner } : undefined, 'fail')),
      auditInsert(db, {
        at: now,
        actor: { kind: 'user', id: caller.id },
        action: 'touch.log',
        entity: 'lead',
        entityId: lead.id,
        details: { channel: input.channel, at: at.toISOString(), handoverId: touch.handoverId },
      }),
      ...crmWrites,
    ];
    try {
      await db.batch(statements as [TQuery, ...TQuery[]]);
    } catch (error) {
      const taken = isUniqueViolation(error, 'idempotency_key');
      const moved = refusedWith(error, HANDOVER_MOVED) && attempt < 3;
      // Another instance wrote first: what it wrote may not have reached an embedded replica yet.
      if (taken || moved) await database.sync();
      const [stored] = taken ? await byKey() : [];
      if (stored) return replay(stored);
      if (moved) return record(attempt + 1);
      throw error;
    }
    if (crmWrites.length > 0) signalOutbox();
    const [written] = await byKey();
    return { touch: written!, replayed: false };
  };
  return database.writeLock.runExclusive(() => record(1));
}
