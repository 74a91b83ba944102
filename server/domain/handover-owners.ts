import { and, asc, eq, inArray } from 'drizzle-orm';
import type { TBusinessCalendar } from '../../shared/calendar';
import type { TReassignment } from '../../shared/owner-clock';
import type { Database } from '../db/client';
import { auditLog, users } from '../db/schema';
import type { handovers } from '../db/schema';
import { calendarOf, type TUser } from './users';

type THandoverRow = typeof handovers.$inferSelect;

/** The audit actions that give a handover a new owner; their details name the new owner in `to`. */
export const REASSIGNING_ACTIONS = ['handover.escalate', 'handover.reassign'];

export interface TOwnerSpan {
  user: TUser;
  /** When the handover became this owner's; null for the first owner. */
  since: Date | null;
}

/** Whose hours a handover's SLA counts in: the first owner's calendar, then each reassignment's. */
export interface TSlaCalendars {
  calendar: TBusinessCalendar;
  reassignments: TReassignment[];
  /** Who holds the handover at `now`, and since when (null: since the start). */
  current: TOwnerSpan;
}

/**
 * Who held each handover, in order: the first owner from the handover on, then each new
 * owner from the reassignment the audit log records. A holder the log does not explain (a
 * handover moved by an older version) is taken to hold it since its escalation, else since
 * the start. Two queries whatever the number of handovers.
 */
export async function ownerHistories(database: Database, rows: readonly THandoverRow[]): Promise<Map<string, TOwnerSpan[]>> {
  const histories = new Map<string, TOwnerSpan[]>();
  if (rows.length === 0) return histories;
  const { db } = database;
  const audits = await db
    .select({ handoverId: auditLog.entityId, at: auditLog.at, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.entity, 'handover'), inArray(auditLog.entityId, rows.map((h) => h.id)), inArray(auditLog.action, REASSIGNING_ACTIONS)))
    .orderBy(asc(auditLog.at), asc(auditLog.id));
  const movesOf = new Map<string, TReassigningAudit[]>();
  for (const audit of audits) {
    const moves = movesOf.get(audit.handoverId);
    if (moves) moves.push(audit);
    else movesOf.set(audit.handoverId, [audit]);
  }
  const ids = new Set(rows.flatMap((h) => [h.originalOwnerId, h.ownerId]));
  for (const audit of audits) if (typeof audit.details?.to === 'string') ids.add(audit.details.to);
  const byId = new Map((await db.select().from(users).where(inArray(users.id, [...ids]))).map((u) => [u.id, u]));
  for (const handover of rows) histories.set(handover.id, ownerSpans(handover, movesOf.get(handover.id) ?? [], byId));
  return histories;
}

/** A reassignment of a handover as the audit log records it. */
export interface TReassigningAudit {
  at: string;
  details: Record<string, unknown> | null;
}

/**
 * Who held one handover (see `ownerHistories`), from its reassigning audits in the order
 * they were written and the users they and the handover name.
 */
export function ownerSpans(handover: THandoverRow, audits: readonly TReassigningAudit[], byId: ReadonlyMap<string, TUser>): TOwnerSpan[] {
  const moves = audits.flatMap((audit) => (typeof audit.details?.to === 'string' ? [{ at: new Date(audit.at), to: audit.details.to }] : []));
  const spans: TOwnerSpan[] = [{ user: byId.get(handover.originalOwnerId)!, since: null }];
  for (const move of moves) {
    const user = byId.get(move.to);
    if (user && user.id !== spans.at(-1)!.user.id) spans.push({ user, since: move.at });
  }
  const holder = byId.get(handover.ownerId);
  if (holder && holder.id !== spans.at(-1)!.user.id) {
    spans.push({ user: holder, since: new Date(handover.escalatedAt ?? moves.at(-1)?.at.toISOString() ?? handover.startedAt) });
  }
  return spans;
}

/** The calendars a handover's SLA counts in, from who held it (`ownerHistories`), read at `now`. */
export function slaCalendars(spans: readonly TOwnerSpan[], now: Date): TSlaCalendars {
  return {
    calendar: calendarOf(spans[0]!.user, now),
    reassignments: spans.slice(1).map((span) => ({ at: span.since!, calendar: calendarOf(span.user, now) })),
    current: spans.findLast((span) => span.since === null || span.since.getTime() <= now.getTime())!,
  };
}
