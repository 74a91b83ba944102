import { describe, expect, it } from 'vitest';
import type { TBusinessCalendar } from '../../shared/calendar';
import { FIRST_TOUCH_BUCKETS, firstTouchBucket, responseTimeMotivation } from '../../shared/response-time';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const paris: TBusinessCalendar = { timeZone: 'Europe/Paris', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: [] };
const newYork: TBusinessCalendar = { ...paris, timeZone: 'America/New_York' };

function motivation(handoverAt: string, now: string, deadline: string, extra: Partial<Parameters<typeof responseTimeMotivation>[0]> = {}) {
  return responseTimeMotivation({ handoverAt: new Date(handoverAt), now: new Date(now), deadline: new Date(deadline), calendar: paris, ...extra });
}

describe('response time', () => {
  it.each([
    [0, 'within_5_minutes', 0.21],
    [5 * MINUTE, 'within_5_minutes', 0.21],
    [5 * MINUTE + 1, 'within_1_hour', 0.14],
    [HOUR, 'within_1_hour', 0.14],
    [4 * HOUR, 'within_4_hours', 0.09],
    [24 * HOUR, 'within_24_hours', 0.04],
    [24 * HOUR + 1, 'after_24_hours', 0.015],
  ])('a first touch after %i ms falls in %s (%f)', (delay, id, rate) => {
    expect(firstTouchBucket(delay)).toMatchObject({ id, expectedConversion: rate });
  });

  it('quotes the seeds’ five figures', () => {
    expect(FIRST_TOUCH_BUCKETS.map((b) => b.expectedConversion)).toEqual([0.21, 0.14, 0.09, 0.04, 0.015]);
  });

  it('compares calling now with calling at the deadline, both in business time as the SLA counts', () => {
    // Friday 10:00 Paris; the deadline on Monday 10:00 is 8 business hours later, not 72 h.
    const m = motivation('2026-11-20T09:00:00Z', '2026-11-20T09:40:00Z', '2026-11-23T09:00:00Z');
    expect(m.ifContactedNow).toEqual({ delayMs: 40 * MINUTE, bucket: 'within_1_hour', expectedConversion: 0.14 });
    expect(m.ifContactedAtDeadline).toEqual({ delayMs: 8 * HOUR, bucket: 'within_24_hours', expectedConversion: 0.04 });
    expect(m).toMatchObject({ countedIn: 'business_time', outsideWorkingHours: false, pastDeadline: false, firstChanceAt: '2026-11-20T09:40:00.000Z', timeZone: 'Europe/Paris' });
    expect(m.text).toBe('Called now (40 min of business time after handover): about 14% become opportunities; at the SLA deadline (8 h after): about 4%.');
  });

  it('keeps “at the deadline” when now and the deadline fall in one bucket', () => {
    const m = motivation('2026-11-20T09:00:00Z', '2026-11-20T10:30:00Z', '2026-11-20T11:00:00Z');
    expect(m.text).toBe('Called now (1 h 30 min of business time after handover) or at the SLA deadline (2 h after): about 9% become opportunities.');
  });

  it('at 22:40 in Paris, with the clock paused, gives the figure at the start of the rep’s next working hours, not “now”', () => {
    // Handed over Monday 15:58 Paris: 6 h 42 min of calendar time by 22:40, but 1 h 2 min of business time.
    const m = motivation('2026-11-23T14:58:00Z', '2026-11-23T21:40:00Z', '2026-11-24T10:58:00Z');
    expect(m).toMatchObject({ outsideWorkingHours: true, firstChanceAt: '2026-11-24T08:00:00.000Z', timeZone: 'Europe/Paris' });
    expect(m.ifContactedNow).toEqual({ delayMs: 62 * MINUTE, bucket: 'within_4_hours', expectedConversion: 0.09 });
    expect(m.text).toBe(
      'Called at the start of your next working hours (Tue 9:00 AM Europe/Paris; 1 h 2 min of business time after handover) or at the SLA deadline (4 h after): about 9% become opportunities.',
    );
    expect(m.text).not.toMatch(/\bnow\b|6 h 42/);
  });

  it('names whose working hours when the reader is not the owner', () => {
    const m = motivation('2026-11-23T15:50:00Z', '2026-11-23T21:40:00Z', '2026-11-24T11:50:00Z', { whose: 'Léa Martin’s' });
    expect(m.text).toBe(
      'Called at the start of Léa Martin’s next working hours (Tue 9:00 AM Europe/Paris; 10 min of business time after handover): about 14% become opportunities; at the SLA deadline (4 h after): about 9%.',
    );
  });

  it('once the deadline has passed, gives the figure of calling now alone', () => {
    const m = motivation('2026-11-23T09:00:00Z', '2026-11-24T10:00:00Z', '2026-11-23T13:00:00Z');
    expect(m).toMatchObject({ pastDeadline: true, ifContactedNow: { delayMs: 9 * HOUR, bucket: 'within_24_hours' }, ifContactedAtDeadline: { delayMs: 4 * HOUR } });
    expect(m.text).toBe('Called now (9 h of business time after handover, past the SLA deadline): about 4% become opportunities.');
  });

  it('counts in the backup’s hours once the handover was escalated to them', () => {
    // Breached at 14:00 Paris, escalated at 14:05 to New York; 22:40 Paris is 16:40 there.
    const m = motivation('2026-11-23T09:00:00Z', '2026-11-23T21:40:00Z', '2026-11-23T13:00:00Z', {
      reassignments: [{ at: new Date('2026-11-23T13:05:00Z'), calendar: newYork }],
    });
    expect(m).toMatchObject({ outsideWorkingHours: false, timeZone: 'America/New_York', ifContactedNow: { delayMs: 11 * HOUR + 45 * MINUTE } });
    expect(m.text).toBe('Called now (11 h 45 min of business time after handover, past the SLA deadline): about 4% become opportunities.');
  });
});
