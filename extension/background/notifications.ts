import { browser } from 'wxt/browser';
import { displayLine } from '../../shared/display-text';
import { browserNotificationId, NOTIFICATION_TITLES, remember, toShow } from './notify';
import type { TSessionJob } from './session';
import { notifiedItem } from './storage';

// The server's SLA warnings, breaches, reassignments and managers' nudges as desktop
// notifications, each shown once (notify.ts holds the rules), then marked read on the server.

export interface TNotificationsJob {
  /** Shows the unread notices not shown yet, then marks them read. */
  deliver(): Promise<void>;
  /** Forgets which were shown (another user signed in). */
  forget(): Promise<void>;
  /** Registers the click listener: a clicked notification goes away. */
  listen(): void;
}

export function createNotifications({ session }: { session: TSessionJob }): TNotificationsJob {
  return {
    async deliver() {
      const { api } = await session.signedIn();
      const unread = await api.notifications.mine.query({ unreadOnly: true, limit: 50 });
      if (unread.length === 0) return;
      const fresh = toShow(unread, await notifiedItem.getValue());
      for (const n of fresh) {
        await browser.notifications.create(browserNotificationId(n), {
          type: 'basic',
          iconUrl: browser.runtime.getURL('/icon/128.png'),
          title: NOTIFICATION_TITLES[n.kind],
          // The message names the lead (a nudge's also the manager and their words): no bidirectional override may reorder it.
          message: displayLine(n.message),
          priority: n.kind === 'sla_breach' || n.kind === 'nudge' ? 2 : 1,
        });
      }
      // Remembered before marking read: if marking fails, the next poll does not show them twice.
      if (fresh.length > 0) await notifiedItem.setValue(remember(await notifiedItem.getValue(), fresh.map((n) => n.id)));
      await api.notifications.markRead.mutate({ ids: unread.map((n) => n.id) });
    },

    forget: () => notifiedItem.setValue([]),

    listen() {
      browser.notifications.onClicked.addListener((id) => void browser.notifications.clear(id));
    },
  };
}
