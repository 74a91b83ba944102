import { displayLine } from '../../shared/display-text';
import { describeOutOfOffice, localDay } from '../../shared/out-of-office';
import type { TCrmConnectionStatus, TPerson } from '../lib/types';
import { formatDateTime } from '../ui/format';

// A person's row in words, and the working days as the form edits them. Pure.

export const WEEKDAYS = [
  { day: 1, short: 'Mon' },
  { day: 2, short: 'Tue' },
  { day: 3, short: 'Wed' },
  { day: 4, short: 'Thu' },
  { day: 5, short: 'Fri' },
  { day: 6, short: 'Sat' },
  { day: 7, short: 'Sun' },
] as const;

/** "Mon–Fri 09:00–17:00", "Mon, Wed, Fri 08:30–16:00". */
export function workingHours(person: Pick<TPerson, 'workingDays' | 'dayStart' | 'dayEnd'>): string {
  const days = [...person.workingDays].sort((a, b) => a - b);
  const consecutive = days.length > 2 && days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
  const name = (d: number) => WEEKDAYS.find((w) => w.day === d)?.short ?? String(d);
  const span = consecutive ? `${name(days[0]!)}–${name(days.at(-1)!)}` : days.map(name).join(', ');
  return `${span} ${person.dayStart}–${person.dayEnd}`;
}

export const PEOPLE_COLUMNS = ['Name', 'Role', 'Calendar', 'Holidays', 'Manager', 'Backup', 'Handovers', 'Capacity', 'Territories'] as const;

/**
 * A person's row, each cell one or two lines (the second a detail under the first), so the
 * table stays narrow enough to read whole: their time away read from their own today at `now`.
 */
export function personCells(person: TPerson, now: Date): [nameAndEmail: [string, string], ...cells: string[][]] {
  const holidays = [person.holidayRegion, person.holidays.length > 0 ? `${person.holidays.length} own days` : null].filter(Boolean).join(' + ') || '—';
  const away = describeOutOfOffice(person.outOfOffice, localDay(now, person.timeZone));
  return [
    [displayLine(person.name), person.email],
    [person.role, person.team],
    [person.timeZone, workingHours(person)],
    [holidays],
    [person.managerEmail ?? '—'],
    [person.backupEmail ?? '—'],
    [person.available ? 'Takes them' : 'Takes none', ...(away === '—' ? [] : [`Away ${away}`])],
    [person.capacity === null ? 'No limit' : `Up to ${person.capacity} open`, `Weight ${person.weight}`],
    [person.territories.join(', ') || '—'],
  ];
}

const CRM_NAMES: Record<string, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive' };
const when = (iso: string | null) => (iso ? formatDateTime(iso) : 'Never');

/** A CRM connection's row: when it last pulled and pushed, what waits in its outbox, its state. */
export function connectionCells(c: TCrmConnectionStatus): string[] {
  const waiting = c.outbox.pending + c.outbox.failed;
  return [
    CRM_NAMES[c.crm] ?? c.crm,
    c.account,
    formatDateTime(c.connectedAt),
    when(c.lastPullAt),
    when(c.lastPushAt),
    waiting === 0 ? 'Nothing waiting' : `${c.outbox.pending} waiting, ${c.outbox.failed} failed`,
    c.pausedUntil ? `Paused until ${formatDateTime(c.pausedUntil)}` : c.lastError ? `${c.lastError} (${when(c.lastErrorAt)})` : 'OK',
  ];
}
