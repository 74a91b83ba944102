import { browser } from 'wxt/browser';
import { isRetryable } from '../lib/outbox';
import { badgeFor, byDeadline, resolveRecordUrl } from '../lib/queue-view';
import type { TQueueSnapshot } from '../lib/types';
import { toApiError } from './api';
import type { TOutboxRunner } from './outbox-runner';
import type { TSessionJob } from './session';
import { queueCacheItem } from './storage';

// The rep's queue and the toolbar badge that counts what needs them now; a manager's team
// queue. The last queue the server gave is kept, and shown when it cannot be reached.

/** Record links as the popup opens them: absolute (a demo server's are paths on it), http(s) only. */
function withRecordLinks<T extends { recordUrl: string | null }>(items: readonly T[], serverUrl: string): T[] {
  return items.map((item) => ({ ...item, recordUrl: resolveRecordUrl(item.recordUrl, serverUrl) }));
}

async function showBadge(text: string, color: string): Promise<void> {
  await browser.action.setBadgeText({ text });
  await browser.action.setBadgeBackgroundColor({ color });
}

export interface TQueueJob {
  /** The signed-in user's open handovers (and the badge from them); the cached list when the server is unreachable. */
  mine(): Promise<TQueueSnapshot>;
  /** A manager's team's open handovers. */
  team(): Promise<TQueueSnapshot>;
  /** Forgets the cached queue (signed out, or another user signed in). */
  forget(): Promise<void>;
  clearBadge(): Promise<void>;
}

export function createQueue({ session, outbox }: { session: TSessionJob; outbox: Pick<TOutboxRunner, 'flushIfWaiting'> }): TQueueJob {
  return {
    async mine() {
      const { api, user, serverUrl } = await session.signedIn();
      try {
        const items = withRecordLinks(byDeadline(await api.queue.mine.query()), serverUrl);
        const fetchedAt = new Date().toISOString();
        await queueCacheItem.setValue({ userId: user.id, fetchedAt, items });
        const badge = badgeFor(items);
        await showBadge(badge.text, badge.color);
        await outbox.flushIfWaiting(user.id);
        return { items, fetchedAt, stale: null };
      } catch (error) {
        const failure = toApiError(error);
        const cached = await queueCacheItem.getValue();
        if (isRetryable(failure) && cached?.userId === user.id) return { items: cached.items, fetchedAt: cached.fetchedAt, stale: failure };
        throw error;
      }
    },

    async team() {
      const { api, user, serverUrl } = await session.signedIn();
      const items = withRecordLinks(await api.queue.team.query(), serverUrl);
      await outbox.flushIfWaiting(user.id);
      return { items, fetchedAt: new Date().toISOString(), stale: null };
    },

    forget: () => queueCacheItem.setValue(null),
    clearBadge: () => showBadge('', '#000000'),
  };
}
