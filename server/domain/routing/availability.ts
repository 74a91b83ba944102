import { isBusinessTime } from '../../../shared/calendar';
import { awayOn, localDay } from '../../../shared/out-of-office';
import type { TRoutingSkip } from '../../../shared/routing';
import type { TOutOfOffice } from '../../db/schema';
import { calendarOf, type TUser } from '../users';

// Whether a rep can take a lead now, and if not, why — the reasons the packet shows
// ("Ana: out of office until Jan 2; Ben: at capacity 25/25").

/** The absence `now` falls in, in the user's own zone (first and last day included, back-to-back periods as one). */
export function outOfOfficeAt(user: Pick<TUser, 'timeZone'> & { outOfOffice: readonly TOutOfOffice[] }, now: Date): TOutOfOffice | undefined {
  return user.outOfOffice.length === 0 ? undefined : awayOn(user.outOfOffice, localDay(now, user.timeZone));
}

export interface TAvailabilityFacts {
  /** Handovers the user holds open right now. */
  open: number;
  /** The user rejected this lead before. */
  rejectedBefore: boolean;
  /** Only reps inside their working hours now (a high-tier handover, when the charter asks for it). */
  workingNowOnly: boolean;
}

/**
 * Why the user cannot take the lead now, or undefined when they can: not taking new leads,
 * out of office, at capacity, having rejected it before, or (when asked) outside their
 * working hours. Checked in that order; the first reason is the one reported.
 */
export function unavailability(user: TUser, now: Date, facts: TAvailabilityFacts): TRoutingSkip | undefined {
  const who = { userId: user.id, name: user.name };
  if (!user.available) return { ...who, reason: 'inactive' };
  const away = outOfOfficeAt(user, now);
  if (away) return { ...who, reason: 'out_of_office', until: away.to };
  if (user.capacity !== null && facts.open >= user.capacity) return { ...who, reason: 'at_capacity', open: facts.open, capacity: user.capacity };
  if (facts.rejectedBefore) return { ...who, reason: 'rejected_before' };
  if (facts.workingNowOnly && !isBusinessTime(now, calendarOf(user, now))) return { ...who, reason: 'outside_hours' };
  return undefined;
}

/** Reasons that last beyond this lead: a rep skipped for one of them earns no turns meanwhile. */
export function isStandingSkip(skip: TRoutingSkip): boolean {
  return skip.reason !== 'rejected_before';
}
