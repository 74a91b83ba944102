import { businessTimeBetween, isBusinessTime, nextBusinessInstant } from './calendar';
import type { TBusinessCalendar } from './calendar';

// Whose calendar a handover's clock follows, instant by instant: the first owner's from the
// handover on, then each new owner's from the moment the handover became theirs (an
// escalation to the backup, a new owner named in the CRM). The deadline stays as it was
// set in the first owner's calendar; what still counts after a reassignment (time left,
// time overdue, the pause, the response-time figure) counts in the current owner's hours.

export interface TReassignment {
  /** When the handover became the new owner's. */
  at: Date;
  /** The new owner's working calendar. */
  calendar: TBusinessCalendar;
}

/** The calendar in force at `at`: the last reassignment made by then, else the first owner's. */
export function calendarAt(at: Date, calendar: TBusinessCalendar, reassignments: readonly TReassignment[] = []): TBusinessCalendar {
  let current = calendar;
  for (const reassignment of sorted(reassignments)) {
    if (reassignment.at.getTime() <= at.getTime()) current = reassignment.calendar;
  }
  return current;
}

/**
 * Business milliseconds in [from, to), each stretch counted in the calendar of whoever held
 * the handover then; the negative of the reverse when `to` is before `from`.
 */
export function ownersBusinessTimeBetween(from: Date, to: Date, calendar: TBusinessCalendar, reassignments: readonly TReassignment[] = []): number {
  if (to.getTime() < from.getTime()) return 0 - ownersBusinessTimeBetween(to, from, calendar, reassignments);
  let total = 0;
  let cursor = from;
  let current = calendar;
  for (const reassignment of sorted(reassignments)) {
    if (reassignment.at.getTime() >= to.getTime()) break;
    if (reassignment.at.getTime() > cursor.getTime()) {
      total += businessTimeBetween(cursor, reassignment.at, current);
      cursor = reassignment.at;
    }
    current = reassignment.calendar;
  }
  return total + businessTimeBetween(cursor, to, current);
}

/** Inside the working hours of whoever holds the handover at `at`. */
export function isOwnersBusinessTime(at: Date, calendar: TBusinessCalendar, reassignments: readonly TReassignment[] = []): boolean {
  return isBusinessTime(at, calendarAt(at, calendar, reassignments));
}

/** `at` in the current owner's working hours, otherwise the start of their next ones. */
export function ownersNextBusinessInstant(at: Date, calendar: TBusinessCalendar, reassignments: readonly TReassignment[] = []): Date {
  return nextBusinessInstant(at, calendarAt(at, calendar, reassignments));
}

function sorted(reassignments: readonly TReassignment[]): TReassignment[] {
  return [...reassignments].sort((a, b) => a.at.getTime() - b.at.getTime());
}
