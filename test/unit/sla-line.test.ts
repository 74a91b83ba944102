import { describe, expect, it } from 'vitest';
import type { TBusinessCalendar } from '../../shared/calendar';
import { slaClock, slaStatus } from '../../shared/sla';
import { slaLine } from '../../shared/sla-line';

const paris: TBusinessCalendar = { timeZone: 'Europe/Paris', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: [] };
// Monday 12 January 2026, 10:00 Paris: warning at 13:00, deadline at 14:00.
const clock = slaClock({ start: new Date('2026-01-12T10:00+01:00'), businessHours: 4, calendar: paris, warnAtFraction: 0.75 });
const owner = { name: 'Léa Martin', timeZone: 'Europe/Paris' };

function line(now: string, events: { firstTouchAt?: string; rejectedAt?: string } = {}, resumesAt: string | null = null) {
  const status = slaStatus({
    clock,
    calendar: paris,
    now: new Date(now),
    firstTouchAt: events.firstTouchAt ? new Date(events.firstTouchAt) : null,
    rejectedAt: events.rejectedAt ? new Date(events.rejectedAt) : null,
  });
  return slaLine({ status, deadline: clock.deadline, resumesAt: resumesAt ? new Date(resumesAt) : null, clockOwner: owner, reassignedAt: null, now: new Date(now) });
}

describe('the SLA in one sentence, one state', () => {
  it.each([
    ['a running countdown', line('2026-01-12T11:00+01:00'), 'On track: 3 h of business time left, due Mon 2:00 PM Europe/Paris'],
    ['a warning', line('2026-01-12T13:30+01:00'), 'Warning: 30 min of business time left, due Mon 2:00 PM Europe/Paris'],
    ['a breach at night: overdue, not paused', line('2026-01-12T22:40+01:00'), 'Breached: due Mon 2:00 PM Europe/Paris, 3 h of business time overdue'],
    ['a breach long past: the deadline with its date, no count of working hours', line('2026-03-20T10:00+01:00'), 'Breached: due Mon 12 Jan 2026 2:00 PM Europe/Paris, more than 24 h of business time overdue'],
    ['met', line('2026-01-12T22:40+01:00', { firstTouchAt: '2026-01-12T12:30+01:00' }), 'Met: first touch 2 h 30 min of business time after handover'],
    [
      'missed',
      line('2026-01-13T12:00+01:00', { firstTouchAt: '2026-01-13T09:30+01:00' }),
      'Missed: first touch 7 h 30 min of business time after handover, past the deadline (Mon 2:00 PM Europe/Paris)',
    ],
    ['rejected without contact', line('2026-01-12T12:00+01:00', { rejectedAt: '2026-01-12T11:00+01:00' }), 'Rejected without contact: the clock stopped at the rejection'],
  ])('%s', (_name, text, expected) => {
    expect(text).toBe(expected);
  });

  it('says until when and in whose hours a countdown is paused', () => {
    const early = slaClock({ start: new Date('2026-01-12T16:00+01:00'), businessHours: 4, calendar: paris, warnAtFraction: 0.75 });
    const status = slaStatus({ clock: early, calendar: paris, now: new Date('2026-01-12T22:40+01:00') });
    expect(slaLine({ status, deadline: early.deadline, resumesAt: new Date('2026-01-13T09:00+01:00'), clockOwner: owner, reassignedAt: null, now: new Date('2026-01-12T22:40+01:00') })).toBe(
      'On track: 3 h of business time left, paused until Tue 9:00 AM Europe/Paris (Léa Martin’s working hours)',
    );
  });
});
