import { z } from 'zod';
import { addBusinessTime, businessTimeBetween } from './calendar';
import type { TBusinessCalendar } from './calendar';
import type { TIntentLevel } from './levels';
import { isOwnersBusinessTime, ownersBusinessTimeBetween, type TReassignment } from './owner-clock';

// The handover SLA of BRIEF §3: a clock in the owning rep's business hours, started at
// handover and stopped by the first logged touch (or by a rejection without contact).

const MS_PER_HOUR = 3_600_000;

export const SLA_TIERS = ['high', 'medium', 'low'] as const;
export const ZSlaTier = z.enum(SLA_TIERS);
export type TSlaTier = z.infer<typeof ZSlaTier>;

const ZBusinessHours = z.number().positive();

export const ZSlaPolicy = z.object({
  /** The stage at which the lead is handed to sales and the clock starts. */
  handoverStage: z.enum(['sql', 'mql']),
  /** Business hours to the first touch, per intent tier. */
  tiers: z.object({ high: ZBusinessHours, medium: ZBusinessHours, low: ZBusinessHours }),
  warnAtFraction: z.number().gt(0).lt(1),
});
export type TSlaPolicy = z.infer<typeof ZSlaPolicy>;

/** Medium intent gets one 8-hour business day (the seeds' "24 hours"); low is only reached when handing over at MQL. */
export const DEFAULT_SLA_POLICY: TSlaPolicy = {
  handoverStage: 'sql',
  tiers: { high: 4, medium: 8, low: 16 },
  warnAtFraction: 0.75,
};

export interface TSlaTierChoice {
  tier: TSlaTier;
  businessHours: number;
}

export function slaTierFor(intent: TIntentLevel, policy: TSlaPolicy): TSlaTierChoice {
  const tier: TSlaTier = intent === 'high' || intent === 'medium' ? intent : 'low';
  return { tier, businessHours: policy.tiers[tier] };
}

export const ZSlaClock = z.object({
  start: z.date(),
  warnAt: z.date(),
  deadline: z.date(),
});
export type TSlaClock = z.infer<typeof ZSlaClock>;

export function slaClock(input: {
  start: Date;
  businessHours: number;
  calendar: TBusinessCalendar;
  warnAtFraction: number;
}): TSlaClock {
  const { start, businessHours, calendar, warnAtFraction } = input;
  if (!(warnAtFraction > 0 && warnAtFraction < 1)) {
    throw new RangeError(`warnAtFraction must be between 0 and 1, got ${warnAtFraction}`);
  }
  const totalMs = businessHours * MS_PER_HOUR;
  return {
    start,
    warnAt: addBusinessTime(start, Math.round(totalMs * warnAtFraction), calendar),
    deadline: addBusinessTime(start, totalMs, calendar),
  };
}

export const SLA_STATES = ['on_track', 'warning', 'breached', 'met', 'missed', 'rejected_without_contact'] as const;
export const ZSlaState = z.enum(SLA_STATES);
export type TSlaState = z.infer<typeof ZSlaState>;

export const ZSlaStatus = z.object({
  state: ZSlaState,
  /** The clock is counting down to a deadline not yet reached and `now` is outside the owner's business hours. */
  paused: z.boolean(),
  /** Business ms from the stopping instant (touch, rejection or now) to the deadline; negative once past it. */
  remainingMs: z.number(),
  /** Business time left to the deadline: only while on track or in warning, null in any other state. */
  leftMs: z.number().nullable(),
  /** Business time since the deadline: only while breached (0 until the owner's next working minute), null otherwise. */
  overdueMs: z.number().nullable(),
  /** Business time elapsed at the stopping instant, over the whole allowance. */
  elapsedFraction: z.number(),
  firstTouchBusinessMs: z.number().nullable(),
});
export type TSlaStatus = z.infer<typeof ZSlaStatus>;

const COMPARISONS = { '<=': (a: number, b: number) => a <= b, '<': (a: number, b: number) => a < b };

/**
 * The SLA's "met" rule, written once: the first touch meets the SLA when it compares with the
 * deadline by this operator — at or before it, so a touch exactly at the deadline meets it.
 * `touchMeetsDeadline` applies it to instants; the stats apply the same operator in SQL
 * (`touchMeetsDeadlineSql`, server/domain/sla-sql.ts).
 */
export const SLA_MET_OPERATOR: keyof typeof COMPARISONS = '<=';

export function touchMeetsDeadline(firstTouchAt: Date, deadline: Date): boolean {
  return COMPARISONS[SLA_MET_OPERATOR](firstTouchAt.getTime(), deadline.getTime());
}

interface TStop {
  state: 'open' | 'met' | 'missed' | 'rejected_without_contact';
  at: Date;
}

/** Events later than `now` have not happened yet as of `now`: the status is the one at `now`. */
function happenedBy(event: Date | null | undefined, now: Date): Date | null {
  return event && event.getTime() <= now.getTime() ? event : null;
}

function stoppingEvent(clock: TSlaClock, now: Date, firstTouchAt: Date | null, rejectedAt: Date | null): TStop {
  const touchedBeforeAnyRejection =
    firstTouchAt !== null && (rejectedAt === null || firstTouchAt.getTime() <= rejectedAt.getTime());
  if (touchedBeforeAnyRejection) {
    return { state: touchMeetsDeadline(firstTouchAt, clock.deadline) ? 'met' : 'missed', at: firstTouchAt };
  }
  if (rejectedAt) return { state: 'rejected_without_contact', at: rejectedAt };
  return { state: 'open', at: now };
}

function openState(clock: TSlaClock, now: Date): TSlaState {
  if (now.getTime() >= clock.deadline.getTime()) return 'breached';
  if (now.getTime() >= clock.warnAt.getTime()) return 'warning';
  return 'on_track';
}

/**
 * The SLA as of `now`, in one state: a clock counting down (on track or warning, paused
 * outside the owner's hours), breached (overdue, never paused), or stopped (met, missed,
 * rejected without contact). Business time is counted in the first owner's calendar and,
 * after each reassignment, in the new owner's (`shared/owner-clock.ts`); the deadline is
 * the recorded instant either way.
 */
export function slaStatus(input: {
  clock: TSlaClock;
  calendar: TBusinessCalendar;
  now: Date;
  firstTouchAt?: Date | null;
  rejectedAt?: Date | null;
  reassignments?: readonly TReassignment[];
}): TSlaStatus {
  const { clock, calendar, now, reassignments = [] } = input;
  const between = (from: Date, to: Date) => ownersBusinessTimeBetween(from, to, calendar, reassignments);
  const firstTouchAt = happenedBy(input.firstTouchAt, now);
  const stop = stoppingEvent(clock, now, firstTouchAt, happenedBy(input.rejectedAt, now));
  // The allowance as it was set, in the first owner's calendar.
  const totalMs = businessTimeBetween(clock.start, clock.deadline, calendar);
  // An event logged before the handover counts as immediate, never as negative time.
  const remainingMs = stop.at.getTime() <= clock.start.getTime() ? totalMs : between(stop.at, clock.deadline);
  const elapsedMs = totalMs - remainingMs;
  const state = stop.state === 'open' ? openState(clock, now) : stop.state;
  const countingDown = state === 'on_track' || state === 'warning';
  return {
    state,
    paused: countingDown && !isOwnersBusinessTime(now, calendar, reassignments),
    remainingMs,
    leftMs: countingDown ? Math.max(0, remainingMs) : null,
    overdueMs: state === 'breached' ? Math.max(0, -remainingMs) : null,
    elapsedFraction: totalMs === 0 ? 1 : elapsedMs / totalMs,
    firstTouchBusinessMs: firstTouchAt ? Math.max(0, between(clock.start, firstTouchAt)) : null,
  };
}
