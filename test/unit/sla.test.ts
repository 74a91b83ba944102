import { describe, expect, it } from 'vitest';
import type { TBusinessCalendar } from '../../shared/calendar';
import { DEFAULT_SLA_POLICY, ZSlaPolicy, slaClock, slaStatus, slaTierFor } from '../../shared/sla';
import type { TSlaClock } from '../../shared/sla';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const paris: TBusinessCalendar = {
  timeZone: 'Europe/Paris',
  workingDays: [1, 2, 3, 4, 5],
  dayStart: '09:00',
  dayEnd: '17:00',
  holidays: [],
};
const newYork: TBusinessCalendar = { ...paris, timeZone: 'America/New_York' };

function at(isoWithOffset: string): Date {
  return new Date(isoWithOffset);
}

function highIntentClock(start: string, calendar = paris): TSlaClock {
  return slaClock({ start: at(start), businessHours: 4, calendar, warnAtFraction: 0.75 });
}

describe('SLA policy', () => {
  it('defaults to an SQL handover with 4 / 8 / 16 business hours and a warning at 75%', () => {
    expect(ZSlaPolicy.parse(DEFAULT_SLA_POLICY)).toEqual({
      handoverStage: 'sql',
      tiers: { high: 4, medium: 8, low: 16 },
      warnAtFraction: 0.75,
    });
  });

  it('rejects a warning threshold outside (0, 1) and non-positive allowances', () => {
    expect(ZSlaPolicy.safeParse({ ...DEFAULT_SLA_POLICY, warnAtFraction: 1 }).success).toBe(false);
    expect(ZSlaPolicy.safeParse({ ...DEFAULT_SLA_POLICY, warnAtFraction: 0 }).success).toBe(false);
    expect(ZSlaPolicy.safeParse({ ...DEFAULT_SLA_POLICY, tiers: { high: 0, medium: 8, low: 16 } }).success).toBe(false);
    expect(ZSlaPolicy.safeParse({ ...DEFAULT_SLA_POLICY, handoverStage: 'lead' }).success).toBe(false);
  });

  it.each([
    ['high', 'high', 4],
    ['medium', 'medium', 8],
    ['low', 'low', 16],
    ['none', 'low', 16],
  ] as const)('gives %s intent the %s tier (%i business hours)', (intent, tier, businessHours) => {
    expect(slaTierFor(intent, DEFAULT_SLA_POLICY)).toEqual({ tier, businessHours });
  });

  it('reads the hours from the charter’s policy', () => {
    const policy = { ...DEFAULT_SLA_POLICY, tiers: { high: 1, medium: 2, low: 3 } };
    expect(slaTierFor('medium', policy)).toEqual({ tier: 'medium', businessHours: 2 });
    expect(slaTierFor('none', policy)).toEqual({ tier: 'low', businessHours: 3 });
  });
});

describe('slaClock', () => {
  it('sets the warning at 75% and the deadline at 100% of the business hours', () => {
    expect(highIntentClock('2026-01-12T10:00+01:00')).toEqual({
      start: at('2026-01-12T10:00+01:00'),
      warnAt: at('2026-01-12T13:00+01:00'),
      deadline: at('2026-01-12T14:00+01:00'),
    });
  });

  it('gives medium intent one business day, paused over the weekend', () => {
    const medium = slaTierFor('medium', DEFAULT_SLA_POLICY);
    const clock = slaClock({
      start: at('2026-01-09T15:00+01:00'),
      businessHours: medium.businessHours,
      calendar: paris,
      warnAtFraction: DEFAULT_SLA_POLICY.warnAtFraction,
    });
    expect(clock.warnAt).toEqual(at('2026-01-12T13:00+01:00'));
    expect(clock.deadline).toEqual(at('2026-01-12T15:00+01:00'));
  });

  it('keeps the handover instant as the start but counts from the next opening', () => {
    expect(highIntentClock('2026-01-10T20:00+01:00')).toEqual({
      start: at('2026-01-10T20:00+01:00'),
      warnAt: at('2026-01-12T12:00+01:00'),
      deadline: at('2026-01-12T13:00+01:00'),
    });
  });

  it('runs in business hours across the New York spring-forward weekend', () => {
    expect(highIntentClock('2026-03-06T15:00-05:00', newYork).deadline).toEqual(at('2026-03-09T11:00-04:00'));
  });

  it('rejects a warning fraction outside (0, 1)', () => {
    const input = { start: at('2026-01-12T10:00+01:00'), businessHours: 4, calendar: paris };
    expect(() => slaClock({ ...input, warnAtFraction: 1 })).toThrow(RangeError);
    expect(() => slaClock({ ...input, warnAtFraction: 0 })).toThrow(RangeError);
  });
});

describe('slaStatus', () => {
  // Monday 10:00 → warning at 13:00, deadline at 14:00.
  const clock = highIntentClock('2026-01-12T10:00+01:00');
  const statusAt = (now: string, events: { firstTouchAt?: string; rejectedAt?: string } = {}) =>
    slaStatus({
      clock,
      calendar: paris,
      now: at(now),
      firstTouchAt: events.firstTouchAt ? at(events.firstTouchAt) : null,
      rejectedAt: events.rejectedAt ? at(events.rejectedAt) : undefined,
    });

  it('is on track before the warning', () => {
    expect(statusAt('2026-01-12T11:00+01:00')).toEqual({
      state: 'on_track',
      paused: false,
      remainingMs: 3 * HOUR,
      leftMs: 3 * HOUR,
      overdueMs: null,
      elapsedFraction: 0.25,
      firstTouchBusinessMs: null,
    });
    expect(statusAt('2026-01-12T12:59:59.999+01:00').state).toBe('on_track');
  });

  it('warns at exactly 75%', () => {
    expect(statusAt('2026-01-12T13:00+01:00')).toMatchObject({
      state: 'warning',
      remainingMs: HOUR,
      elapsedFraction: 0.75,
    });
  });

  it('is breached at the deadline and counts the overrun in business time', () => {
    expect(statusAt('2026-01-12T14:00+01:00')).toMatchObject({ state: 'breached', remainingMs: 0, elapsedFraction: 1 });
    expect(statusAt('2026-01-12T16:00+01:00')).toMatchObject({
      state: 'breached',
      paused: false,
      remainingMs: -2 * HOUR,
      elapsedFraction: 1.5,
    });
  });

  it('pauses at night while still open and not yet due', () => {
    const fridayClock = slaClock({ start: at('2026-01-09T15:00+01:00'), businessHours: 8, calendar: paris, warnAtFraction: 0.75 });
    for (const now of ['2026-01-09T20:00+01:00', '2026-01-10T12:00+01:00', '2026-01-12T08:59+01:00']) {
      expect(slaStatus({ clock: fridayClock, calendar: paris, now: at(now) })).toEqual({
        state: 'on_track',
        paused: true,
        remainingMs: 6 * HOUR,
        leftMs: 6 * HOUR,
        overdueMs: null,
        elapsedFraction: 0.25,
        firstTouchBusinessMs: null,
      });
    }
  });

  it('is met by a first touch before the deadline, and the clock stops there', () => {
    expect(statusAt('2026-01-12T16:00+01:00', { firstTouchAt: '2026-01-12T13:30+01:00' })).toEqual({
      state: 'met',
      paused: false,
      remainingMs: 30 * MINUTE,
      leftMs: null,
      overdueMs: null,
      elapsedFraction: 0.875,
      firstTouchBusinessMs: 3.5 * HOUR,
    });
  });

  it('is not paused once stopped: a met, missed or rejected SLA outside business hours is over, not waiting', () => {
    // Monday night, Saturday and the next Monday before opening: outside the Paris hours.
    for (const now of ['2026-01-12T20:00+01:00', '2026-01-17T12:00+01:00', '2026-01-19T08:30+01:00']) {
      expect(statusAt(now, { firstTouchAt: '2026-01-12T13:30+01:00' })).toMatchObject({ state: 'met', paused: false });
      expect(statusAt(now, { firstTouchAt: '2026-01-12T16:30+01:00' })).toMatchObject({ state: 'missed', paused: false });
      expect(statusAt(now, { rejectedAt: '2026-01-12T11:00+01:00' })).toMatchObject({ state: 'rejected_without_contact', paused: false });
    }
  });

  it('is met by a first touch exactly at the deadline', () => {
    expect(statusAt('2026-01-12T15:00+01:00', { firstTouchAt: '2026-01-12T14:00+01:00' })).toMatchObject({
      state: 'met',
      remainingMs: 0,
      elapsedFraction: 1,
    });
  });

  it('is missed by a first touch after the deadline', () => {
    expect(statusAt('2026-01-13T12:00+01:00', { firstTouchAt: '2026-01-13T09:30+01:00' })).toEqual({
      state: 'missed',
      paused: false,
      remainingMs: -3.5 * HOUR,
      leftMs: null,
      overdueMs: null,
      elapsedFraction: 1.875,
      firstTouchBusinessMs: 7.5 * HOUR,
    });
  });

  it('counts a rejection before any touch as rejected without contact, stopping the clock', () => {
    expect(statusAt('2026-01-13T12:00+01:00', { rejectedAt: '2026-01-12T11:00+01:00' })).toEqual({
      state: 'rejected_without_contact',
      paused: false,
      remainingMs: 3 * HOUR,
      leftMs: null,
      overdueMs: null,
      elapsedFraction: 0.25,
      firstTouchBusinessMs: null,
    });
    expect(
      statusAt('2026-01-13T12:00+01:00', { rejectedAt: '2026-01-12T11:00+01:00', firstTouchAt: '2026-01-12T12:00+01:00' }),
    ).toMatchObject({ state: 'rejected_without_contact', remainingMs: 3 * HOUR, firstTouchBusinessMs: 2 * HOUR });
  });

  it('keeps a touch that came before the rejection as met', () => {
    expect(
      statusAt('2026-01-13T12:00+01:00', { firstTouchAt: '2026-01-12T11:00+01:00', rejectedAt: '2026-01-12T12:00+01:00' }),
    ).toMatchObject({ state: 'met', remainingMs: 3 * HOUR, firstTouchBusinessMs: HOUR });
  });

  it('ignores events later than now: the status is the one as of now', () => {
    expect(statusAt('2026-01-12T11:00+01:00', { firstTouchAt: '2026-01-12T12:00+01:00' })).toMatchObject({
      state: 'on_track',
      firstTouchBusinessMs: null,
    });
  });

  it('counts a touch at the handover as immediate', () => {
    expect(statusAt('2026-01-12T11:00+01:00', { firstTouchAt: '2026-01-12T10:00+01:00' })).toMatchObject({
      state: 'met',
      elapsedFraction: 0,
      remainingMs: 4 * HOUR,
      firstTouchBusinessMs: 0,
    });
  });
});

describe('slaStatus: every SLA line is one state', () => {
  // Monday 13:00 Paris → deadline at 17:00, the end of the working day.
  const clock = highIntentClock('2026-01-12T13:00+01:00');

  it('is breached, not paused, with nothing left, at night after a deadline that fell at closing time', () => {
    expect(slaStatus({ clock, calendar: paris, now: at('2026-01-12T22:40+01:00') })).toEqual({
      state: 'breached',
      paused: false,
      remainingMs: 0,
      leftMs: null,
      overdueMs: 0,
      elapsedFraction: 1,
      firstTouchBusinessMs: null,
    });
  });

  it('stays breached and unpaused overnight, counting the overrun in business time', () => {
    expect(slaStatus({ clock, calendar: paris, now: at('2026-01-13T10:30+01:00') })).toMatchObject({
      state: 'breached',
      paused: false,
      leftMs: null,
      overdueMs: 90 * MINUTE,
    });
  });

  it('counts time left only while the clock runs towards the deadline', () => {
    expect(slaStatus({ clock, calendar: paris, now: at('2026-01-12T14:00+01:00') })).toMatchObject({ state: 'on_track', leftMs: 3 * HOUR, overdueMs: null });
    for (const event of [{ firstTouchAt: at('2026-01-12T14:00+01:00') }, { firstTouchAt: at('2026-01-13T10:00+01:00') }, { rejectedAt: at('2026-01-12T14:00+01:00') }]) {
      expect(slaStatus({ clock, calendar: paris, now: at('2026-01-13T12:00+01:00'), ...event })).toMatchObject({ paused: false, leftMs: null, overdueMs: null });
    }
  });
});

describe('slaStatus after a reassignment', () => {
  // Monday 10:00 Paris → deadline 14:00 Paris. Escalated at 14:05 Paris to a backup in
  // New York (09:00–17:00 there: 15:00–23:00 Paris).
  const clock = highIntentClock('2026-01-12T10:00+01:00');
  const reassignments = [{ at: at('2026-01-12T14:05+01:00'), calendar: newYork }];

  it('counts in the new owner’s calendar from the reassignment on', () => {
    // 5 min in Paris, then 15:00–22:40 Paris in New York's working hours.
    expect(slaStatus({ clock, calendar: paris, reassignments, now: at('2026-01-12T22:40+01:00') })).toMatchObject({
      state: 'breached',
      paused: false,
      overdueMs: 5 * MINUTE + 7 * HOUR + 40 * MINUTE,
    });
    // The original owner's calendar alone would have stopped at 17:00 Paris.
    expect(slaStatus({ clock, calendar: paris, now: at('2026-01-12T22:40+01:00') })).toMatchObject({ overdueMs: 3 * HOUR });
  });

  it('pauses an open clock by the current owner’s hours, not the first owner’s', () => {
    // Reassigned before the deadline (the CRM named another owner) to New York at 10:30 Paris.
    const early = [{ at: at('2026-01-12T10:30+01:00'), calendar: newYork }];
    // 11:00 Paris is 05:00 in New York: the clock waits for New York's morning (15:00 Paris).
    expect(slaStatus({ clock: highIntentClock('2026-01-12T10:00+01:00'), calendar: paris, reassignments: early, now: at('2026-01-12T11:00+01:00') })).toMatchObject({
      state: 'on_track',
      paused: true,
    });
  });
});
