import type { TQueueItem } from './types';

// The rep's queue as the popup and the badge read it. Pure.
//
// The server computes each handover's `remainingMs` (business time to the deadline) and
// whether its clock is `paused` (outside the owner's working hours) at `fetchedAt`; between
// two fetches (a minute apart) the popup counts down from there, and only while not paused.

export const BUSINESS_HOUR_MS = 3_600_000;

/** Business time left at `now`: negative once overdue. */
export function remainingAt(item: Pick<TQueueItem, 'remainingMs' | 'paused' | 'state'>, fetchedAt: number, now: number): number {
  if (item.paused || !isClockRunning(item.state)) return item.remainingMs;
  return item.remainingMs - Math.max(0, now - fetchedAt);
}

/** A clock that still counts: not met by a touch, not stopped by a decision. */
export function isClockRunning(state: TQueueItem['state']): boolean {
  return state === 'on_track' || state === 'warning' || state === 'breached';
}

/** The state as of now: an on-track or warning handover whose time ran out since the fetch is breached. */
export function liveState(item: Pick<TQueueItem, 'state'>, remaining: number): TQueueItem['state'] {
  return (item.state === 'on_track' || item.state === 'warning') && remaining <= 0 ? 'breached' : item.state;
}

export const STATE_WORDS: Record<TQueueItem['state'], string> = {
  on_track: 'On track',
  warning: 'Warning',
  breached: 'Breached',
  met: 'Touched in time',
  missed: 'Touched late',
  rejected_without_contact: 'Rejected without contact',
};

/** Needs the rep now: in warning, breached, or due within the next business hour. */
export function isUrgent(item: Pick<TQueueItem, 'state' | 'remainingMs' | 'paused'>, remaining = item.remainingMs): boolean {
  const state = liveState(item, remaining);
  return state === 'warning' || state === 'breached' || (state === 'on_track' && remaining <= BUSINESS_HOUR_MS);
}

export const BADGE_RED = '#c62828';
export const BADGE_AMBER = '#b26a00';

/** The toolbar badge: how many handovers need the rep now; red when any is breached. */
export function badgeFor(items: readonly Pick<TQueueItem, 'state' | 'remainingMs' | 'paused'>[]): { text: string; color: string } {
  const urgent = items.filter((item) => isUrgent(item));
  const breached = urgent.some((item) => liveState(item, item.remainingMs) === 'breached');
  const text = urgent.length === 0 ? '' : urgent.length > 99 ? '99+' : String(urgent.length);
  return { text, color: breached ? BADGE_RED : BADGE_AMBER };
}

/** Soonest deadline first; the server sends them so, and a merged or cached list is put back in that order. */
export function byDeadline<T extends Pick<TQueueItem, 'deadline' | 'handoverId'>>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => Date.parse(a.deadline) - Date.parse(b.deadline) || a.handoverId.localeCompare(b.handoverId));
}

/**
 * Where "open the record" leads: the server's `recordUrl`, absolute (the team's CRM) or a
 * path on the server itself (the demo pages), made absolute against the server. Only
 * http(s): a link never runs a javascript: or data: URL from server data.
 */
export function resolveRecordUrl(recordUrl: string | null | undefined, serverUrl: string): string | null {
  if (!recordUrl) return null;
  try {
    const url = new URL(recordUrl, serverUrl);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
