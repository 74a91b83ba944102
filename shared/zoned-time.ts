import { DateTime } from 'luxon';

/**
 * A moment in the coming days as read in a given time zone, naming that zone, so a time is
 * never read in the wrong one: "Tue 9:00 AM Europe/Paris".
 */
export function weekdayTimeInZone(at: Date, timeZone: string): string {
  return `${DateTime.fromJSDate(at, { zone: timeZone }).setLocale('en-US').toFormat('ccc h:mm a')} ${timeZone}`;
}
