import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  businessIntervals,
  businessTimeBetween,
  isBusinessTime,
  nextBusinessInstant,
} from '../../shared/calendar';
import type { TBusinessCalendar } from '../../shared/calendar';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MONDAY_TO_FRIDAY = [1, 2, 3, 4, 5];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

function calendar(timeZone: string, overrides: Partial<TBusinessCalendar> = {}): TBusinessCalendar {
  return { timeZone, workingDays: MONDAY_TO_FRIDAY, dayStart: '09:00', dayEnd: '17:00', holidays: [], ...overrides };
}

/** An instant written with its local offset, e.g. '2026-01-09T16:00+01:00'. */
function at(isoWithOffset: string): Date {
  const date = new Date(isoWithOffset);
  if (Number.isNaN(date.getTime())) throw new Error(`bad test instant ${isoWithOffset}`);
  return date;
}

const paris = calendar('Europe/Paris');
const newYork = calendar('America/New_York');
const kolkata = calendar('Asia/Kolkata', { dayStart: '09:30', dayEnd: '18:00' });
const sydney = calendar('Australia/Sydney', { dayStart: '08:30' });
const riyadhSundayToThursday = calendar('Asia/Riyadh', { workingDays: [7, 1, 2, 3, 4], dayStart: '08:00', dayEnd: '16:00' });
// Working hours that contain the 01:00–03:00 DST transitions of New York and Paris.
const newYorkNights = calendar('America/New_York', { workingDays: EVERY_DAY, dayStart: '00:00', dayEnd: '06:00' });
const parisNights = calendar('Europe/Paris', { workingDays: EVERY_DAY, dayStart: '00:00', dayEnd: '06:00' });

describe('addBusinessTime', () => {
  it.each([
    ['Paris', paris, '2026-01-09T16:00+01:00', '2026-01-12T10:00+01:00'],
    ['New York', newYork, '2026-01-09T16:00-05:00', '2026-01-12T10:00-05:00'],
    ['Kolkata (UTC+05:30)', kolkata, '2026-01-09T17:00+05:30', '2026-01-12T10:30+05:30'],
    ['Sydney (summer time)', sydney, '2026-01-09T16:00+11:00', '2026-01-12T09:30+11:00'],
  ])('carries Friday afternoon over the weekend in %s', (_name, cal, start, expected) => {
    expect(addBusinessTime(at(start), 2 * HOUR, cal)).toEqual(at(expected));
  });

  it('starts counting on Monday morning when handed over on a Saturday', () => {
    expect(addBusinessTime(at('2026-01-10T11:00+01:00'), 3 * HOUR, paris)).toEqual(at('2026-01-12T12:00+01:00'));
  });

  it('starts counting at opening time when handed over at 07:00', () => {
    expect(addBusinessTime(at('2026-01-13T07:00+01:00'), HOUR, paris)).toEqual(at('2026-01-13T10:00+01:00'));
    expect(addBusinessTime(at('2026-01-13T07:00+05:30'), HOUR, kolkata)).toEqual(at('2026-01-13T10:30+05:30'));
  });

  it('starts counting the next morning when handed over at 18:30', () => {
    expect(addBusinessTime(at('2026-01-13T18:30+01:00'), HOUR, paris)).toEqual(at('2026-01-14T10:00+01:00'));
    expect(addBusinessTime(at('2026-01-13T18:30-05:00'), 30 * MINUTE, newYork)).toEqual(at('2026-01-14T09:30-05:00'));
  });

  it('ends at 17:00, not the next morning, when the time runs out exactly at closing', () => {
    expect(addBusinessTime(at('2026-01-12T13:00+01:00'), 4 * HOUR, paris)).toEqual(at('2026-01-12T17:00+01:00'));
    expect(addBusinessTime(at('2026-01-12T09:00+01:00'), 40 * HOUR, paris)).toEqual(at('2026-01-16T17:00+01:00'));
    expect(addBusinessTime(at('2026-01-12T09:00+01:00'), 41 * HOUR, paris)).toEqual(at('2026-01-19T10:00+01:00'));
  });

  it('returns the same instant for a zero duration, even outside working hours', () => {
    const saturdayNight = at('2026-01-10T23:17:42.123+01:00');
    const result = addBusinessTime(saturdayNight, 0, paris);
    expect(result).toEqual(saturdayNight);
    expect(result).not.toBe(saturdayNight);
  });

  it('skips a Monday holiday', () => {
    const withHoliday = { ...paris, holidays: ['2026-01-12'] };
    expect(addBusinessTime(at('2026-01-09T16:00+01:00'), 2 * HOUR, withHoliday)).toEqual(at('2026-01-13T10:00+01:00'));
  });

  it('skips holidays given as local dates, even where that date is still the previous day in UTC', () => {
    // Sydney's Monday 2026-01-26 (Australia Day) begins at 2026-01-25T13:00Z.
    const withHoliday = { ...sydney, holidays: ['2026-01-26'] };
    expect(addBusinessTime(at('2026-01-23T16:00+11:00'), 2 * HOUR, withHoliday)).toEqual(at('2026-01-27T09:30+11:00'));
  });

  it('follows a Sunday-to-Thursday week', () => {
    const thursdayAfternoon = at('2026-01-08T15:00+03:00');
    expect(addBusinessTime(thursdayAfternoon, 2 * HOUR, riyadhSundayToThursday)).toEqual(at('2026-01-11T09:00+03:00'));
    expect(addBusinessTime(at('2026-01-09T10:00+03:00'), HOUR, riyadhSundayToThursday)).toEqual(at('2026-01-11T09:00+03:00'));
  });

  it('adds 1,000 business hours (125 working days) to land on a Friday closing', () => {
    expect(addBusinessTime(at('2026-01-05T09:00+01:00'), 1000 * HOUR, paris)).toEqual(at('2026-06-26T17:00+02:00'));
  });

  it('rejects negative and non-finite durations', () => {
    const start = at('2026-01-12T10:00+01:00');
    expect(() => addBusinessTime(start, -1, paris)).toThrow(RangeError);
    expect(() => addBusinessTime(start, Number.NaN, paris)).toThrow(RangeError);
    expect(() => addBusinessTime(start, Number.POSITIVE_INFINITY, paris)).toThrow(RangeError);
    expect(() => addBusinessTime(new Date(Number.NaN), HOUR, paris)).toThrow(RangeError);
  });

  it('rejects an invalid calendar', () => {
    expect(() => addBusinessTime(at('2026-01-12T10:00+01:00'), HOUR, calendar('Mars/Olympus_Mons'))).toThrow(/IANA/);
  });

  it('stops with a clear error when the calendar has no working time for ten years', () => {
    const everyMondayOff = Array.from({ length: 600 }, (_, week) =>
      DateTime.utc(2026, 1, 5).plus({ weeks: week }).toISODate(),
    ).filter((date): date is string => date !== null);
    const neverWorks = calendar('Europe/Paris', { workingDays: [1], holidays: everyMondayOff });
    const start = at('2026-01-01T00:00+01:00');
    expect(() => addBusinessTime(start, HOUR, neverWorks)).toThrow(/no working time in the ~10 years/);
    expect(() => nextBusinessInstant(start, neverWorks)).toThrow(/no working time/);
    // A bounded question still has an answer.
    expect(businessTimeBetween(start, at('2027-01-01T00:00+01:00'), neverWorks)).toBe(0);
    expect(isBusinessTime(at('2026-01-05T10:00+01:00'), neverWorks)).toBe(false);
  });
});

describe('daylight saving time', () => {
  it('keeps a 09:00–17:00 day at 8 hours across the New York spring-forward weekend (2026-03-08)', () => {
    const fridayAfternoon = at('2026-03-06T16:00-05:00');
    const mondayMorning = at('2026-03-09T10:00-04:00');
    expect(addBusinessTime(fridayAfternoon, 2 * HOUR, newYork)).toEqual(mondayMorning);
    expect(businessTimeBetween(fridayAfternoon, mondayMorning, newYork)).toBe(2 * HOUR);
    // 66 wall-clock hours, one of which never happened.
    expect(mondayMorning.getTime() - fridayAfternoon.getTime()).toBe(65 * HOUR);
  });

  it('keeps a 09:00–17:00 day at 8 hours across the New York fall-back weekend (2026-11-01)', () => {
    expect(addBusinessTime(at('2026-10-30T16:00-04:00'), 2 * HOUR, newYork)).toEqual(at('2026-11-02T10:00-05:00'));
    expect(businessTimeBetween(at('2026-11-02T09:00-05:00'), at('2026-11-02T17:00-05:00'), newYork)).toBe(8 * HOUR);
  });

  it('keeps Paris working days at 8 hours across 2026-03-29 and 2026-10-25', () => {
    expect(addBusinessTime(at('2026-03-27T16:00+01:00'), 2 * HOUR, paris)).toEqual(at('2026-03-30T10:00+02:00'));
    expect(addBusinessTime(at('2026-10-23T16:00+02:00'), 2 * HOUR, paris)).toEqual(at('2026-10-26T10:00+01:00'));
  });

  it('follows Sydney leaving summer time on 2026-04-05', () => {
    expect(addBusinessTime(at('2026-04-03T16:00+11:00'), 2 * HOUR, sydney)).toEqual(at('2026-04-06T09:30+10:00'));
  });

  it.each([
    ['New York spring forward', newYorkNights, '2026-03-08T00:00-05:00', '2026-03-08T06:00-04:00', 5],
    ['New York fall back', newYorkNights, '2026-11-01T00:00-04:00', '2026-11-01T06:00-05:00', 7],
    ['Paris spring forward', parisNights, '2026-03-29T00:00+01:00', '2026-03-29T06:00+02:00', 5],
    ['Paris fall back', parisNights, '2026-10-25T00:00+02:00', '2026-10-25T06:00+01:00', 7],
  ])('makes a 00:00–06:00 day as long as the wall clock says (%s: %i h)', (_name, cal, opening, closing, hours) => {
    expect(businessIntervals(at(opening), at(closing), cal)).toEqual([{ start: at(opening), end: at(closing) }]);
    expect(businessTimeBetween(at(opening), at(closing), cal)).toBe(hours * HOUR);
    expect(addBusinessTime(at(opening), hours * HOUR, cal)).toEqual(at(closing));
    expect(isBusinessTime(new Date(at(closing).getTime() - 1), cal)).toBe(true);
    expect(isBusinessTime(at(closing), cal)).toBe(false);
  });

  it('counts both passes through the repeated hour', () => {
    expect(isBusinessTime(at('2026-11-01T01:30-04:00'), newYorkNights)).toBe(true);
    expect(isBusinessTime(at('2026-11-01T01:30-05:00'), newYorkNights)).toBe(true);
    expect(businessTimeBetween(at('2026-11-01T00:00-04:00'), at('2026-11-01T01:30-05:00'), newYorkNights)).toBe(2.5 * HOUR);
    expect(addBusinessTime(at('2026-10-31T23:00-04:00'), 2 * HOUR, newYorkNights)).toEqual(at('2026-11-01T01:00-05:00'));
  });

  it('opens at the first of two 01:30s when the opening time repeats', () => {
    const cal = calendar('America/New_York', { workingDays: EVERY_DAY, dayStart: '01:30', dayEnd: '09:00' });
    expect(nextBusinessInstant(at('2026-11-01T00:00-04:00'), cal)).toEqual(at('2026-11-01T01:30-04:00'));
    expect(businessTimeBetween(at('2026-11-01T00:00-04:00'), at('2026-11-02T00:00-05:00'), cal)).toBe(8.5 * HOUR);
  });

  it('opens after the gap (Luxon shifts a missing 02:30 forward to 03:30) when the opening time does not exist', () => {
    const cal = calendar('America/New_York', { workingDays: EVERY_DAY, dayStart: '02:30', dayEnd: '09:00' });
    expect(nextBusinessInstant(at('2026-03-08T00:00-05:00'), cal)).toEqual(at('2026-03-08T03:30-04:00'));
    expect(businessTimeBetween(at('2026-03-08T00:00-05:00'), at('2026-03-09T00:00-04:00'), cal)).toBe(5.5 * HOUR);
  });
});

describe('businessTimeBetween', () => {
  it('counts only working hours', () => {
    expect(businessTimeBetween(at('2026-01-09T16:00+01:00'), at('2026-01-12T10:00+01:00'), paris)).toBe(2 * HOUR);
    expect(businessTimeBetween(at('2026-01-12T00:00+01:00'), at('2026-01-19T00:00+01:00'), paris)).toBe(40 * HOUR);
    expect(businessTimeBetween(at('2026-01-10T00:00+01:00'), at('2026-01-12T09:00+01:00'), paris)).toBe(0);
    expect(businessTimeBetween(at('2026-01-11T00:00+03:00'), at('2026-01-18T00:00+03:00'), riyadhSundayToThursday)).toBe(
      40 * HOUR,
    );
  });

  it('is negative when the range runs backwards, and zero when it is empty', () => {
    expect(businessTimeBetween(at('2026-01-12T10:00+01:00'), at('2026-01-09T16:00+01:00'), paris)).toBe(-2 * HOUR);
    expect(businessTimeBetween(at('2026-01-12T10:00+01:00'), at('2026-01-12T10:00+01:00'), paris)).toBe(0);
    // toBe uses Object.is: a weekend measured backwards is 0, not -0.
    expect(businessTimeBetween(at('2026-01-11T12:00+01:00'), at('2026-01-10T12:00+01:00'), paris)).toBe(0);
  });
});

describe('isBusinessTime and nextBusinessInstant', () => {
  it('treats the working day as [dayStart, dayEnd)', () => {
    expect(isBusinessTime(at('2026-01-12T09:00+01:00'), paris)).toBe(true);
    expect(isBusinessTime(at('2026-01-12T16:59:59.999+01:00'), paris)).toBe(true);
    expect(isBusinessTime(at('2026-01-12T17:00+01:00'), paris)).toBe(false);
    expect(isBusinessTime(at('2026-01-12T08:59:59.999+01:00'), paris)).toBe(false);
    expect(isBusinessTime(at('2026-01-10T12:00+01:00'), paris)).toBe(false);
    expect(isBusinessTime(at('2026-01-12T12:00+01:00'), { ...paris, holidays: ['2026-01-12'] })).toBe(false);
    // Opening at 09:30 in Kolkata is 04:00 UTC: the half-hour offset matters.
    expect(isBusinessTime(at('2026-01-12T04:00Z'), kolkata)).toBe(true);
    expect(isBusinessTime(at('2026-01-12T03:59Z'), kolkata)).toBe(false);
  });

  it('returns the instant itself during business time, else the next opening', () => {
    const duringHours = at('2026-01-12T11:11+01:00');
    expect(nextBusinessInstant(duringHours, paris)).toEqual(duringHours);
    expect(nextBusinessInstant(at('2026-01-10T12:00+01:00'), paris)).toEqual(at('2026-01-12T09:00+01:00'));
    expect(nextBusinessInstant(at('2026-01-12T17:00+01:00'), paris)).toEqual(at('2026-01-13T09:00+01:00'));
    expect(nextBusinessInstant(at('2026-01-09T17:00+03:00'), riyadhSundayToThursday)).toEqual(at('2026-01-11T08:00+03:00'));
  });
});

describe('businessIntervals', () => {
  it('lists whole working intervals that intersect the range', () => {
    expect(businessIntervals(at('2026-01-09T12:00+01:00'), at('2026-01-13T10:00+01:00'), paris)).toEqual([
      { start: at('2026-01-09T09:00+01:00'), end: at('2026-01-09T17:00+01:00') },
      { start: at('2026-01-12T09:00+01:00'), end: at('2026-01-12T17:00+01:00') },
      { start: at('2026-01-13T09:00+01:00'), end: at('2026-01-13T17:00+01:00') },
    ]);
  });

  it('leaves out intervals that only touch the range', () => {
    expect(businessIntervals(at('2026-01-09T17:00+01:00'), at('2026-01-12T09:00+01:00'), paris)).toEqual([]);
    expect(businessIntervals(at('2026-01-12T10:00+01:00'), at('2026-01-12T10:00+01:00'), paris)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Properties over arbitrary instants (2025–2028) and calendars.

const ZONES = [
  'Europe/Paris',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Sydney',
  // DST changes at midnight, and a 30-minute DST shift.
  'America/Santiago',
  'Australia/Lord_Howe',
  'UTC',
];
const WEEKS = [MONDAY_TO_FRIDAY, [7, 1, 2, 3, 4], EVERY_DAY, [2, 4], [6]];
const HOURS = [
  ['09:00', '17:00'],
  ['00:00', '06:00'],
  ['01:30', '03:30'],
  ['08:30', '12:15'],
  ['22:00', '23:59'],
  ['00:00', '23:59'],
] as const;
const FIRST_DAY = DateTime.utc(2025, 1, 1);
const RANGE_START = Date.UTC(2025, 0, 1);
const RANGE_END = Date.UTC(2029, 0, 1) - 1;
const RUNS = { numRuns: 300 };
// Generous: the properties walk many calendar days, and must not fail on a slow machine.
const PROPERTY_TIMEOUT = 120_000;

const arbitraryHoliday = fc
  .integer({ min: 0, max: 4 * 366 })
  .map((offset) => FIRST_DAY.plus({ days: offset }).toISODate() ?? '2025-01-01');

const arbitraryCalendar: fc.Arbitrary<TBusinessCalendar> = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  workingDays: fc.constantFrom(...WEEKS),
  hours: fc.constantFrom(...HOURS),
  holidays: fc.uniqueArray(arbitraryHoliday, { maxLength: 40 }),
}).map(({ timeZone, workingDays, hours: [dayStart, dayEnd], holidays }) => ({
  timeZone,
  workingDays,
  dayStart,
  dayEnd,
  holidays,
}));

const arbitraryInstant = fc.integer({ min: RANGE_START, max: RANGE_END }).map((ms) => new Date(ms));
/** Up to 60 business hours, in whole minutes. */
const arbitraryDuration = fc.integer({ min: 0, max: 60 * 60 }).map((minutes) => minutes * MINUTE);
const arbitraryNearbyPair = fc
  .tuple(arbitraryInstant, fc.integer({ min: 0, max: 21 * 24 * HOUR }))
  .map(([first, gapMs]) => [first, new Date(first.getTime() + gapMs)] as const);

function endsAWorkingInterval(instant: Date, cal: TBusinessCalendar): boolean {
  const around = businessIntervals(new Date(instant.getTime() - 1), new Date(instant.getTime() + 1), cal);
  return around.some((interval) => interval.end.getTime() === instant.getTime());
}

function overlapMs(interval: { start: Date; end: Date }, from: Date, to: Date): number {
  return Math.min(interval.end.getTime(), to.getTime()) - Math.max(interval.start.getTime(), from.getTime());
}

/** Independent of the implementation: read the local wall clock, valid away from DST changes. */
function wallClockSaysBusiness(instant: Date, cal: TBusinessCalendar): boolean {
  const local = DateTime.fromJSDate(instant, { zone: cal.timeZone });
  const clock = local.toFormat('HH:mm');
  return (
    cal.workingDays.includes(local.weekday) &&
    !cal.holidays.includes(local.toISODate() ?? '') &&
    clock >= cal.dayStart &&
    clock < cal.dayEnd
  );
}

function offsetIsSteadyAround(instant: Date, zone: string): boolean {
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  return offsetAt(instant.getTime() - 26 * HOUR) === offsetAt(instant.getTime() + 26 * HOUR);
}

describe('business-time properties', () => {
  it('is additive: adding a then b is adding a + b', { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(arbitraryCalendar, arbitraryInstant, arbitraryDuration, arbitraryDuration, (cal, t, a, b) => {
        const stepwise = addBusinessTime(addBusinessTime(t, a, cal), b, cal);
        expect(stepwise).toEqual(addBusinessTime(t, a + b, cal));
      }),
      RUNS,
    );
  });

  it('measures back exactly what it added', { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(arbitraryCalendar, arbitraryInstant, arbitraryDuration, (cal, t, d) => {
        expect(businessTimeBetween(t, addBusinessTime(t, d, cal), cal)).toBe(d);
      }),
      RUNS,
    );
  });

  it('never lands outside working hours, except exactly at a closing', { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(arbitraryCalendar, arbitraryInstant, arbitraryDuration, (cal, t, d) => {
        fc.pre(d > 0);
        const result = addBusinessTime(t, d, cal);
        expect(isBusinessTime(result, cal) || endsAWorkingInterval(result, cal)).toBe(true);
      }),
      RUNS,
    );
  });

  it('counts exactly the overlap with the working intervals', { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(arbitraryCalendar, arbitraryNearbyPair, (cal, [t1, t2]) => {
        const intervals = businessIntervals(t1, t2, cal);
        const summed = intervals.reduce((total, interval) => total + overlapMs(interval, t1, t2), 0);
        expect(businessTimeBetween(t1, t2, cal)).toBe(summed);
        expect(businessTimeBetween(t2, t1, cal)).toBe(0 - summed);
        for (const [index, interval] of intervals.entries()) {
          expect(overlapMs(interval, t1, t2)).toBeGreaterThan(0);
          expect(isBusinessTime(interval.start, cal)).toBe(true);
          expect(isBusinessTime(new Date(interval.end.getTime() - 1), cal)).toBe(true);
          const previous = intervals[index - 1];
          if (previous) expect(previous.end.getTime()).toBeLessThanOrEqual(interval.start.getTime());
        }
      }),
      RUNS,
    );
  });

  it('agrees with the local wall clock away from DST changes', { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(arbitraryCalendar, arbitraryInstant, (cal, t) => {
        fc.pre(offsetIsSteadyAround(t, cal.timeZone));
        expect(isBusinessTime(t, cal)).toBe(wallClockSaysBusiness(t, cal));
      }),
      { numRuns: 1000 },
    );
  });

  it('is monotonic in the start instant and in the duration', { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(
        arbitraryCalendar,
        arbitraryNearbyPair,
        arbitraryDuration,
        arbitraryDuration,
        (cal, [t1, t2], d1, d2) => {
          const [shorter, longer] = d1 <= d2 ? [d1, d2] : [d2, d1];
          expect(addBusinessTime(t1, shorter, cal).getTime()).toBeLessThanOrEqual(addBusinessTime(t2, shorter, cal).getTime());
          expect(addBusinessTime(t1, shorter, cal).getTime()).toBeLessThanOrEqual(addBusinessTime(t1, longer, cal).getTime());
        },
      ),
      RUNS,
    );
  });

  it('finds the next business instant at or after the given one', { timeout: PROPERTY_TIMEOUT }, () => {
    fc.assert(
      fc.property(arbitraryCalendar, arbitraryInstant, (cal, t) => {
        const next = nextBusinessInstant(t, cal);
        expect(next.getTime()).toBeGreaterThanOrEqual(t.getTime());
        expect(isBusinessTime(next, cal)).toBe(true);
        expect(businessTimeBetween(t, next, cal)).toBe(0);
        expect(next.getTime() === t.getTime()).toBe(isBusinessTime(t, cal));
      }),
      RUNS,
    );
  });
});
