import { describe, expect, it } from 'vitest';
import { formatOutOfOffice } from '../../server/cli-tables';
import { availabilityChanges } from '../../server/domain/user-availability';
import { AppError } from '../../server/errors';
import { awayOn, describeOutOfOffice, isCalendarDate, localDay, periodsAhead } from '../../shared/out-of-office';

const refusal = (run: () => unknown): { field: string | undefined; message: string } | null => {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { field: error.field, message: error.message };
  }
};

describe('periods out of office', () => {
  it('knows a real date from a date-shaped string', () => {
    for (const day of ['2026-12-24', '2028-02-29', '2027-12-31']) expect(isCalendarDate(day)).toBe(true);
    for (const day of ['2027-02-29', '2026-13-01', '2026-04-31', '2026-00-10', '2026-1-5', '24/12/2026', '']) expect(isCalendarDate(day)).toBe(false);
  });

  it("reads today in the person's own zone", () => {
    const instant = new Date('2026-12-31T23:30:00Z');
    expect(localDay(instant, 'Europe/London')).toBe('2026-12-31');
    expect(localDay(instant, 'Europe/Berlin')).toBe('2027-01-01');
    expect(localDay(instant, 'America/Los_Angeles')).toBe('2026-12-31');
  });

  it('keeps the periods not over by today, in order, and says the next in a few words', () => {
    const periods = [
      { from: '2027-03-03', to: '2027-03-07' },
      { from: '2026-12-20', to: '2027-01-02' },
      { from: '2026-11-01', to: '2026-11-05' },
    ];
    expect(periodsAhead(periods, '2026-12-24').map((p) => p.from)).toEqual(['2026-12-20', '2027-03-03']);
    expect(describeOutOfOffice(periods, '2026-12-24')).toBe('Until Jan 2, 2027 (+1 more)');
    expect(describeOutOfOffice(periods, '2027-01-02')).toBe('Until Jan 2 (+1 more)');
    expect(describeOutOfOffice(periods, '2027-01-03')).toBe('Mar 3–Mar 7');
    expect(describeOutOfOffice([{ from: '2027-05-01', to: '2027-05-01' }], '2027-01-03')).toBe('May 1');
    expect(describeOutOfOffice(periods, '2027-03-08')).toBe('—');
    expect(formatOutOfOffice([...periods, { from: '2027-05-01', to: '2027-05-01' }], '2026-12-24')).toBe('2026-12-20..2027-01-02,2027-03-03..2027-03-07,2027-05-01');
    expect(formatOutOfOffice(periods, '2027-03-08')).toBe('—');
  });
});

describe("a person's routing settings", () => {
  it('keeps what is given, normalised: periods in order and each once, countries as codes each once', () => {
    expect(
      availabilityChanges({
        outOfOffice: [
          { from: '2027-03-03', to: '2027-03-07' },
          { from: ' 2026-12-24', to: '2027-01-02 ' },
          { from: '2027-03-03', to: '2027-03-07' },
        ],
        capacity: null,
        weight: 3,
        territories: ['us', ' Deutschland ', 'UK', 'US'],
      }),
    ).toEqual({
      outOfOffice: [
        { from: '2026-12-24', to: '2027-01-02' },
        { from: '2027-03-03', to: '2027-03-07' },
      ],
      capacity: null,
      weight: 3,
      territories: ['US', 'DE', 'GB'],
    });
    expect(availabilityChanges({ capacity: 25 })).toEqual({ capacity: 25 });
    expect(availabilityChanges({})).toEqual({});
  });

  it('refuses each bad value naming its field', () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ from: `2027-01-${String((i % 28) + 1).padStart(2, '0')}`, to: '2027-02-01' }));
    const cases: [Parameters<typeof availabilityChanges>[0], string, RegExp][] = [
      [{ outOfOffice: [{ from: '2027-02-30', to: '2027-03-01' }] }, 'outOfOffice.0.from', /expected a real date as YYYY-MM-DD/],
      [{ outOfOffice: [{ from: '2027-01-01', to: '2027-01-05' }, { from: '2027-03-07', to: '2027-03-03' }] }, 'outOfOffice.1.to', /the last day comes before the first/],
      [{ outOfOffice: tooMany }, 'outOfOffice', /at most 50 periods/],
      [{ capacity: 0 }, 'capacity', /a whole number from 1 to 10,000/],
      [{ capacity: 10_001 }, 'capacity', /a whole number from 1 to 10,000/],
      [{ capacity: 2.5 }, 'capacity', /a whole number/],
      [{ weight: 0 }, 'weight', /a whole number from 1 to 100/],
      [{ weight: 101 }, 'weight', /a whole number from 1 to 100/],
      [{ weight: null as unknown as number }, 'weight', /expected number/],
      [{ territories: ['US', 'Atlantis'] }, 'territories.1', /"Atlantis" is not a country/],
      [{ territories: ['XX'] }, 'territories.0', /"XX" is not a country/],
      [{ territories: [''] }, 'territories.0', /a country is empty/],
    ];
    for (const [changes, field, message] of cases) {
      const refused = refusal(() => availabilityChanges(changes));
      expect({ changes, field: refused?.field }).toEqual({ changes, field });
      expect(refused!.message).toMatch(new RegExp(`^${field.replaceAll('.', '\\.')}: `));
      expect(refused!.message).toMatch(message);
    }
  });
});

describe('awayOn', () => {
  const periods = [
    { from: '2026-12-21', to: '2026-12-31' },
    { from: '2027-01-01', to: '2027-01-02' },
    { from: '2027-02-10', to: '2027-02-12' },
  ];
  it('runs an absence on through the periods that follow without a gap, across a year', () => {
    expect(awayOn(periods, '2026-12-24')).toEqual({ from: '2026-12-21', to: '2027-01-02' });
    expect(awayOn(periods, '2027-01-02')).toEqual({ from: '2027-01-01', to: '2027-01-02' });
  });
  it('is undefined on a day between periods, and on the day after the last', () => {
    expect(awayOn(periods, '2027-01-03')).toBeUndefined();
    expect(awayOn(periods, '2026-12-20')).toBeUndefined();
    expect(awayOn(periods, '2027-02-13')).toBeUndefined();
  });
});
