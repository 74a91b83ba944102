import { describe, expect, it } from 'vitest';
import { parseCapacity, parseHolidayRegion, parseOutOfOffice, parseTerritories, parseWorkingDays, parseWorkingHours, userChanges } from '../../server/cli-user-options';

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

  it('reads --out-of-office as periods and single days separated by commas, "none" clearing them', () => {
    expect(parseOutOfOffice('2026-12-24..2027-01-02')).toEqual([{ from: '2026-12-24', to: '2027-01-02' }]);
    expect(parseOutOfOffice(' 2026-12-24 .. 2027-01-02, 2027-02-14 ,')).toEqual([
      { from: '2026-12-24', to: '2027-01-02' },
      { from: '2027-02-14', to: '2027-02-14' },
    ]);
    expect(parseOutOfOffice('NONE')).toEqual([]);
    // The shape only: a date that does not exist or a period backwards is updateUser's to refuse, naming the field.
    expect(parseOutOfOffice('2027-02-30..2027-02-01')).toEqual([{ from: '2027-02-30', to: '2027-02-01' }]);
    for (const bad of ['', ',', '2026-12-24..', '24/12/2026', '2026-12-24-2027-01-02', 'Dec 24..Jan 2']) expect(() => parseOutOfOffice(bad)).toThrow(/^--out-of-office: /);
  });

  it('reads --capacity and --weight as whole numbers ("none": no limit) and --territories as a list ("none" clearing it)', () => {
    expect(parseCapacity(' 25 ')).toBe(25);
    expect(parseCapacity('none')).toBeNull();
    for (const bad of ['', '2.5', '-3', 'ten', '25 leads']) expect(() => parseCapacity(bad)).toThrow(/^--capacity: expected a whole number/);
    expect(parseTerritories('us, ca,,France')).toEqual(['us', 'ca', 'France']);
    expect(parseTerritories('None')).toEqual([]);
    expect(() => parseTerritories(' , ')).toThrow(/^--territories: expected country codes/);
    expect(userChanges({ 'out-of-office': 'none', capacity: 'none', weight: '3', territories: 'US,CA' })).toEqual({ outOfOffice: [], capacity: null, weight: 3, territories: ['US', 'CA'] });
    expect(() => userChanges({ weight: 'heavy' })).toThrow(/^--weight: expected a whole number such as 2, got "heavy"$/);
  });
});
