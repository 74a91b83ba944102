import { describe, expect, it } from 'vitest';
import { checkHolidayRegion, publicHolidayDates } from '../../server/domain/holiday-regions';
import { calendarOf, type TUser } from '../../server/domain/users';

const inYear = (region: string, year: number) => publicHolidayDates(region, year, year);

describe('holiday regions', () => {
  it('knows a country or a region in any case, spelt as date-holidays spells it', () => {
    expect(checkHolidayRegion('US')).toEqual({ region: 'US' });
    expect(checkHolidayRegion(' de-by ')).toEqual({ region: 'DE-BY' });
    expect(checkHolidayRegion('gb-sct')).toEqual({ region: 'GB-SCT' });
    expect(checkHolidayRegion('DE-BY-a')).toEqual({ region: 'DE-BY-A' });
  });

  it('refuses a malformed code, an unknown country, and a region the country does not have (naming those it has)', () => {
    expect(checkHolidayRegion('U$')).toEqual({ problem: expect.stringMatching(/expected a country code.*such as US, DE-BY/) as unknown });
    expect(checkHolidayRegion('DE_BY')).toEqual({ problem: expect.stringMatching(/expected a country code/) as unknown });
    expect(checkHolidayRegion('XX')).toEqual({ problem: expect.stringMatching(/"XX" is not a country/) as unknown });
    expect(checkHolidayRegion('DE-ZZ')).toEqual({ problem: expect.stringMatching(/DE has no region "ZZ" \(its regions: .*BE, BW, BY,/) as unknown });
    expect(checkHolidayRegion('DE-BY-ZZ')).toEqual({ problem: expect.stringMatching(/DE-BY has no region "ZZ" \(its regions: A, EVANG, KATH\)/) as unknown });
  });

  it('gives public holidays only, as local dates, with the days a fixed holiday is observed on', () => {
    const us = inYear('US', 2027);
    // Independence Day falls on a Sunday in 2027: the Monday after is off.
    expect(us).toEqual(expect.arrayContaining(['2027-01-01', '2027-05-31', '2027-07-04', '2027-07-05', '2027-11-25', '2027-12-24', '2027-12-25']));
    expect(us).not.toContain('2027-02-14'); // Valentine's Day: an observance, not a day off
    expect(us).toEqual([...new Set(us)].sort());
    expect(inYear('DE-BY', 2027)).toContain('2027-01-06');
    expect(inYear('DE-BE', 2027)).not.toContain('2027-01-06');
    expect(inYear('DE-BE', 2027)).toContain('2027-03-08');
    expect(inYear('GB-SCT', 2027)).toEqual(expect.arrayContaining(['2027-01-04', '2027-11-30']));
    expect(inYear('GB-ENG', 2027)).not.toContain('2027-11-30');
  });

  it('gives each day of a holiday several days long, and leaves out one that starts at noon or later', () => {
    expect(inYear('AE', 2026)).toEqual(expect.arrayContaining(['2026-03-20', '2026-03-21', '2026-03-22']));
    // Christmas Eve in Iceland is off from 13:00: the morning is worked.
    expect(inYear('IS', 2026)).not.toContain('2026-12-24');
    expect(inYear('IS', 2026)).toContain('2026-12-25');
  });

  it('gives every year of a range, and the same list again for the same region and years', () => {
    const years = publicHolidayDates('FR', 2025, 2027);
    expect(['2025-11-11', '2026-11-11', '2027-11-11'].every((date) => years.includes(date))).toBe(true);
    expect(years.some((date) => date < '2025-01-01' || date > '2027-12-31')).toBe(false);
    expect(publicHolidayDates('FR', 2025, 2027)).toBe(years);
  });
});

describe('calendarOf', () => {
  const rep: Pick<TUser, 'timeZone' | 'workingDays' | 'dayStart' | 'dayEnd' | 'holidays' | 'holidayRegion'> = {
    timeZone: 'Europe/Berlin',
    workingDays: [1, 2, 3, 4, 5],
    dayStart: '09:00',
    dayEnd: '17:00',
    holidays: ['2026-12-31', '2027-01-06'],
    holidayRegion: null,
  };
  const around = new Date('2026-06-15T12:00:00Z');

  it('without a region, is the user’s own calendar', () => {
    expect(calendarOf(rep, around)).toEqual({ timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: ['2026-12-31', '2027-01-06'] });
  });

  it('with a region, adds its public holidays two years either side of the instant to the user’s own, once each, in order', () => {
    const { holidays } = calendarOf({ ...rep, holidayRegion: 'DE-BY' }, around);
    expect(holidays).toEqual(expect.arrayContaining(['2024-01-06', '2026-12-31', '2027-01-06', '2028-01-06', '2028-12-26']));
    expect(holidays.filter((date) => date === '2027-01-06')).toHaveLength(1);
    expect(holidays).toEqual([...holidays].sort());
    expect([holidays[0]! >= '2024-01-01', holidays.at(-1)! <= '2028-12-31']).toEqual([true, true]);
    expect(calendarOf({ ...rep, holidayRegion: 'DE-BY' }, new Date('2030-01-01T00:00:00Z')).holidays).toContain('2032-01-06');
  });
});
