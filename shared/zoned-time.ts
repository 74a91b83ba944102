import { DateTime } from 'luxon';

const WEEK_MS = 6 * 86_400_000;

/**
 * A moment as read in a given time zone, naming that zone, so a time is never read in the
 * wrong one: "Tue 9:00 AM Europe/Paris" within six days of `now` (or when no `now` is
 * given), with its date further off: "Mon 12 Jan 2026 2:00 PM Europe/Paris".
 */
export function weekdayTimeInZone(at: Date, timeZone: string, now?: Date): string {
  const near = now === undefined || Math.abs(at.getTime() - now.getTime()) <= WEEK_MS;
  const local = DateTime.fromJSDate(at, { zone: timeZone }).setLocale('en-US');
  return `${local.toFormat(near ? 'ccc h:mm a' : 'ccc d LLL yyyy h:mm a')} ${timeZone}`;
}
