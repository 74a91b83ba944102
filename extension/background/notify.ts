import type { TNotification } from '../lib/types';

// SLA warnings, breaches and reassignments from the server, shown once each as desktop
// notifications. Pure: what to show, and how.

export const NOTIFICATION_TITLES: Record<TNotification['kind'], string> = {
  sla_warning: 'Handshake: SLA warning',
  sla_breach: 'Handshake: SLA breached',
  reassigned: 'Handshake: a lead was reassigned to you',
  nudge: 'Handshake: your manager asks you to act',
};

/** How many shown ids are remembered: enough to cover any unread list the server returns (50). */
export const REMEMBERED_IDS = 500;

/** The unread notifications not shown yet, oldest first (so they stack in order). */
export function toShow(unread: readonly TNotification[], shown: readonly string[]): TNotification[] {
  const seen = new Set(shown);
  // `desktop` false: the person chose not to see this kind as a desktop notification (it is still marked read).
  return unread.filter((n) => n.desktop && !seen.has(n.id)).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

/** The shown ids after showing `ids`: newest last, bounded. */
export function remember(shown: readonly string[], ids: readonly string[]): string[] {
  const next = [...shown.filter((id) => !ids.includes(id)), ...ids];
  return next.slice(-REMEMBERED_IDS);
}

/** The notification's id in the browser: one per server notification, so a repeat replaces rather than stacks. */
export const browserNotificationId = (n: Pick<TNotification, 'id'>) => `handshake:${n.id}`;
