import { storage } from 'wxt/utils/storage';
import { DEFAULT_SERVER_URL } from '../lib/server-url';
import type { TOutboxItem, TQueueItem, TUser } from '../lib/types';

// What the background service worker keeps, in `browser.storage.local` (it outlives the
// worker, which Chrome stops when idle). Read and written by the background only: the
// popup, the options page and content scripts ask it through lib/messaging.ts. The token
// is not here: storage.local is open to content scripts, so it lives in secret.ts.

export const serverUrlItem = storage.defineItem<string>('local:serverUrl', { fallback: DEFAULT_SERVER_URL, version: 1 });
export const userItem = storage.defineItem<TUser | null>('local:user', { fallback: null, version: 1 });
/** Decisions and touches not yet delivered, oldest first (lib/outbox.ts). */
export const outboxItem = storage.defineItem<TOutboxItem[]>('local:outbox', { fallback: [], version: 1 });
/** The last queue the server gave, shown when it cannot be reached. */
export const queueCacheItem = storage.defineItem<{ userId: string; fetchedAt: string; items: TQueueItem[] } | null>('local:queueCache', {
  fallback: null,
  version: 1,
});
/** Server notifications already shown as desktop notifications (notify.ts). */
export const notifiedItem = storage.defineItem<string[]>('local:notified', { fallback: [], version: 1 });
