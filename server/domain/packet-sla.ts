import type { TPacketSla } from '../../shared/packet';
import { calendarAt, ownersNextBusinessInstant } from '../../shared/owner-clock';
import { responseTimeMotivation, type TResponseTimeMotivation } from '../../shared/response-time';
import { slaStatus } from '../../shared/sla';
import { slaLine } from '../../shared/sla-line';
import { weekdayTimeInZone } from '../../shared/zoned-time';
import type { handovers } from '../db/schema';
import { slaCalendars, type TOwnerSpan } from './handover-owners';
import type { TUser } from './users';

type THandoverRow = typeof handovers.$inferSelect;

/**
 * The packet's SLA block and response-time figure for a handover, both in the hours of
 * whoever held it: the first owner's calendar, then the new owner's from each reassignment
 * on (`spans`: see ownerHistories). `caller` decides whose working hours the figure names
 * ("your" for the holder).
 */
export function packetSla(
  spans: readonly TOwnerSpan[],
  handover: THandoverRow,
  rejectedAt: Date | null,
  caller: Pick<TUser, 'id'>,
  now: Date,
): { sla: TPacketSla; responseTime: TResponseTimeMotivation | null } {
  const { calendar, reassignments, current } = slaCalendars(spans, now);
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
