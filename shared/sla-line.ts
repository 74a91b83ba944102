import { formatDuration } from './format';
import type { TSlaStatus } from './sla';
import { weekdayTimeInZone } from './zoned-time';

// The SLA in one sentence, one state: a countdown (running or paused), a breach, or a
// stopped clock — never two at once. Every time is named with its zone.

export interface TSlaLineInput {
  status: TSlaStatus;
  deadline: Date;
  /** When a paused countdown runs again. */
  resumesAt: Date | null;
  /** Whose working hours the clock follows now, and their zone. */
  clockOwner: { name: string; timeZone: string };
  /** When the handover became the current owner's; null when it has been theirs since the handover. */
  reassignedAt: Date | null;
  /** The packet's now: times further than six days from it carry their date. */
  now: Date;
}

/** Past this much business time overdue, a count of hours means less than the date it was due. */
const OVERDUE_COUNTED_UP_TO_MS = 24 * 3_600_000;

const COUNTDOWN_WORDS = { on_track: 'On track', warning: 'Warning' } as const;

export function slaLine({ status, deadline, resumesAt, clockOwner, reassignedAt, now }: TSlaLineInput): string {
  const when = (at: Date) => weekdayTimeInZone(at, clockOwner.timeZone, now);
  const whose = reassignedAt ? ` (counted in ${clockOwner.name}’s hours since ${when(reassignedAt)})` : '';
  switch (status.state) {
    case 'on_track':
    case 'warning': {
      const left = `${COUNTDOWN_WORDS[status.state]}: ${formatDuration(status.leftMs ?? 0)} of business time left`;
      if (status.paused && resumesAt) return `${left}, paused until ${when(resumesAt)} (${clockOwner.name}’s working hours)`;
      return `${left}, due ${when(deadline)}${whose}`;
    }
    case 'breached': {
      const overdueMs = status.overdueMs ?? 0;
      const overdue = overdueMs > OVERDUE_COUNTED_UP_TO_MS ? 'more than 24 h of business time overdue' : `${formatDuration(overdueMs)} of business time overdue`;
      return `Breached: due ${when(deadline)}, ${overdue}${whose}`;
    }
    case 'met':
      return `Met: first touch ${formatDuration(status.firstTouchBusinessMs ?? 0)} of business time after handover`;
    case 'missed':
      return `Missed: first touch ${formatDuration(status.firstTouchBusinessMs ?? 0)} of business time after handover, past the deadline (${when(deadline)})`;
    case 'rejected_without_contact':
      return 'Rejected without contact: the clock stopped at the rejection';
  }
}
