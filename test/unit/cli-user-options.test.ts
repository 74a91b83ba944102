import { describe, expect, it } from 'vitest';
import { parseHolidayRegion, parseWorkingDays, parseWorkingHours, userChanges } from '../../server/cli-user-options';

describe("user set's options", () => {
  it('reads working days as days and runs of days, in any case, a run wrapping past Sunday', () => {
    expect(parseWorkingDays('Mon-Fri')).toEqual([1, 2, 3, 4, 5]);
    expect(parseWorkingDays('monday–thursday, Sat')).toEqual([1, 2, 3, 4, 6]);
    expect(parseWorkingDays('Sun-Thu')).toEqual([1, 2, 3, 4, 7]);
    expect(parseWorkingDays('Sat-Mon')).toEqual([1, 6, 7]);
    expect(parseWorkingDays('Wed')).toEqual([3]);
    for (const bad of ['', ',', 'Mo', 'Mon-Tue-Wed', 'Funday']) expect(() => parseWorkingDays(bad)).toThrow(/--working-days/);
  });

  it('reads working hours as a start and an end, padded', () => {
    expect(parseWorkingHours('9:00-17:30')).toEqual({ dayStart: '09:00', dayEnd: '17:30' });
    expect(parseWorkingHours(' 08:00 – 16:00 ')).toEqual({ dayStart: '08:00', dayEnd: '16:00' });
    for (const bad of ['9-5', '09:00', '09:00-', 'nine to five']) expect(() => parseWorkingHours(bad)).toThrow(/--working-hours/);
  });

  it('turns "none" into removing a manager or backup, and yes/no into availability', () => {
    expect(userChanges({ manager: 'none', backup: 'ada@example.com', active: 'NO' })).toEqual({ managerEmail: null, backupEmail: 'ada@example.com', available: false });
    expect(() => userChanges({})).toThrow(/nothing to change/);
  });

  it('reads --holidays as a country or region date-holidays knows, "none" removing it', () => {
    expect(userChanges({ holidays: 'de-by' })).toEqual({ holidayRegion: 'DE-BY' });
    expect(userChanges({ holidays: ' None ' })).toEqual({ holidayRegion: null });
    expect(parseHolidayRegion('US')).toBe('US');
    expect(() => parseHolidayRegion('U$')).toThrow(/^--holidays: expected a country code.*\(none for no public holidays\)$/);
    expect(() => parseHolidayRegion('XX')).toThrow(/^--holidays: "XX" is not a country/);
    expect(() => parseHolidayRegion('FR-ZZ')).toThrow(/^--holidays: FR has no region "ZZ"/);
  });
});
