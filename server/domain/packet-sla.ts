import { and, asc, eq, inArray } from 'drizzle-orm';
import type { TPacketSla } from '../../shared/packet';
import { calendarAt, ownersNextBusinessInstant, type TReassignment } from '../../shared/owner-clock';
import { responseTimeMotivation, type TResponseTimeMotivation } from '../../shared/response-time';
import { slaStatus } from '../../shared/sla';
import { slaLine } from '../../shared/sla-line';
import { weekdayTimeInZone } from '../../shared/zoned-time';
import type { Database } from '../db/client';
import { auditLog, users } from '../db/schema';
import type { handovers } from '../db/schema';
import { calendarOf, type TUser } from './users';

type THandoverRow = typeof handovers.$inferSelect;

/** The audit actions that give a handover a new owner; their details name the new owner in `to`. */
const REASSIGNING_ACTIONS = ['handover.escalate', 'handover.reassign'];

interface TOwnerSpan {
  user: TUser;
  /** When the handover became this owner's; null for the first owner. */
  since: Date | null;
}

/**
 * Who held the handover, in order: the first owner from the handover on, then each new owner
 * from the reassignment the audit log records. A holder the log does not explain (a handover
 * moved by an older version) is taken to hold it since its escalation, else since the start.
 */
async function ownersOf(database: Database, handover: THandoverRow): Promise<TOwnerSpan[]> {
  const { db } = database;
  const rows = await db
    .select({ at: auditLog.at, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.entity, 'handover'), eq(auditLog.entityId, handover.id), inArray(auditLog.action, REASSIGNING_ACTIONS)))
    .orderBy(asc(auditLog.at), asc(auditLog.id));
  const moves = rows.flatMap((row) => (typeof row.details?.to === 'string' ? [{ at: new Date(row.at), to: row.details.to }] : []));
  const ids = [...new Set([handover.originalOwnerId, handover.ownerId, ...moves.map((m) => m.to)])];
  const byId = new Map((await db.select().from(users).where(inArray(users.id, ids))).map((u) => [u.id, u]));
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

/**
 * The packet's SLA block and response-time figure for a handover, both in the hours of
 * whoever held it: the first owner's calendar, then the new owner's from each reassignment
 * on. `caller` decides whose working hours the figure names ("your" for the holder).
 */
export async function packetSla(
  database: Database,
  handover: THandoverRow,
  rejectedAt: Date | null,
  caller: Pick<TUser, 'id'>,
  now: Date,
): Promise<{ sla: TPacketSla; responseTime: TResponseTimeMotivation | null }> {
  const spans = await ownersOf(database, handover);
  const calendar = calendarOf(spans[0]!.user);
  const reassignments: TReassignment[] = spans.slice(1).map((span) => ({ at: span.since!, calendar: calendarOf(span.user) }));
  const current = spans.findLast((span) => span.since === null || span.since.getTime() <= now.getTime())!;
  const timeZone = calendarAt(now, calendar, reassignments).timeZone;
  const deadline = new Date(handover.deadline);
  const status = slaStatus({
    clock: { start: new Date(handover.startedAt), warnAt: new Date(handover.warnAt), deadline },
    calendar,
    reassignments,
    now,
    firstTouchAt: handover.firstTouchAt ? new Date(handover.firstTouchAt) : null,
    rejectedAt,
  });
  const resumesAt = status.paused ? ownersNextBusinessInstant(now, calendar, reassignments) : null;
  const sla: TPacketSla = {
    tier: handover.tier,
    businessHours: handover.businessHours,
    start: handover.startedAt,
    warnAt: handover.warnAt,
    deadline: handover.deadline,
    state: status.state,
    paused: status.paused,
    resumesAt: resumesAt?.toISOString() ?? null,
    resumes: resumesAt ? { at: resumesAt.toISOString(), timeZone, text: weekdayTimeInZone(resumesAt, timeZone) } : null,
    remainingMs: status.remainingMs,
    leftMs: status.leftMs,
    overdueMs: status.overdueMs,
    elapsedFraction: status.elapsedFraction,
    timeZone,
    clockFollows: { id: current.user.id, name: current.user.name, timeZone, since: current.since?.toISOString() ?? null },
    line: slaLine({ status, deadline, resumesAt, clockOwner: { name: current.user.name, timeZone }, reassignedAt: current.since, now }),
  };
  const awaitingFirstTouch = handover.state === 'open' && !handover.firstTouchAt;
  const responseTime = awaitingFirstTouch
    ? responseTimeMotivation({
        handoverAt: new Date(handover.startedAt),
        now,
        deadline,
        calendar,
        reassignments,
        whose: caller.id === current.user.id ? 'your' : `${current.user.name}’s`,
      })
    : null;
  return { sla, responseTime };
}
