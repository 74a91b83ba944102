import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { offsetMinutes } from '../../shared/calendar';

// The zone offsets the business calendar keeps by UTC day and hour must be the zone's own at every
// instant, also in an hour where the offset changes part-way (Lord Howe Island moves by half
// an hour at 15:30 UTC) and whichever side of the change is asked first.

const MINUTE = 60_000;

function minutesOfHour(startIso: string): number[] {
  const start = Date.parse(startIso);
  return Array.from({ length: 60 }, (_, i) => start + i * MINUTE);
}

function expectZoneOffsets(zone: string, instants: number[]): void {
  const iana = IANAZone.create(zone);
  for (const ms of instants) expect({ at: new Date(ms).toISOString(), offset: offsetMinutes(ms, zone) }).toEqual({ at: new Date(ms).toISOString(), offset: iana.offset(ms) });
}

describe('zone offsets by day and by hour', () => {
  it('agree with the zone in an hour where a half-hour change happens, asked forwards', () => {
    const hour = minutesOfHour('2026-10-03T15:00:00Z');
    expectZoneOffsets('Australia/Lord_Howe', hour);
    expect(new Set(hour.map((ms) => offsetMinutes(ms, 'Australia/Lord_Howe')))).toEqual(new Set([630, 660]));
  });

  it('agree with the zone when the later side of the change is asked first', () => {
    expectZoneOffsets('Australia/Lord_Howe', minutesOfHour('2027-04-03T14:00:00Z').reverse());
    expectZoneOffsets('Australia/Lord_Howe', minutesOfHour('2027-10-02T15:00:00Z').reverse());
  });

  it('agree with the zone across a whole-hour change and on plain hours', () => {
    expectZoneOffsets('Europe/London', [...minutesOfHour('2026-10-25T00:00:00Z'), ...minutesOfHour('2026-10-25T01:00:00Z')]);
    expectZoneOffsets('Asia/Kathmandu', minutesOfHour('2026-12-01T18:00:00Z'));
    expectZoneOffsets('Pacific/Chatham', minutesOfHour('2027-04-04T13:00:00Z').reverse());
  });
});
