import { Mutex } from 'async-mutex';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { displayLine } from '../../shared/display-text';
import { createApi, ExtensionError, toApiError, type TApi } from '../background/api';
import { handleMessages, type THandlers } from '../lib/messaging';
import { browserNotificationId, NOTIFICATION_TITLES, remember, toShow } from '../background/notify';
import { dismiss, dropIfRefusedLive, enqueue, flushOutbox, isRetryable, newItem, singleFlight, type TOutboxStore } from '../lib/outbox';
import { badgeFor, byDeadline, resolveRecordUrl } from '../lib/queue-view';
import { normalizeServerUrl, originPattern } from '../lib/server-url';
import { siteSettingsItem } from '../lib/settings';
import type { TSiteSettings } from '../lib/site-settings';
import { forgetTokenInStorageLocal, readToken, writeToken } from '../background/secret';
import { notifiedItem, outboxItem, queueCacheItem, serverUrlItem, userItem } from '../background/storage';
import type { TActionContext, TActionOutcome, TApiError, TLeadRef, TOutboxAction, TPacket, TQueueSnapshot, TSession } from '../lib/types';

// The background service worker: the extension's only network client and the only holder
// of the token. Pages and content scripts ask it through lib/messaging.ts. Every decision
// and touch goes through the outbox (lib/outbox.ts): delivered at once when the server
// answers; otherwise kept, and retried every minute and after any successful call.

const TICK_ALARM = 'handshake-tick';
/** The keyboard shortcut declared in wxt.config.ts. */
const TOGGLE_SIDEBAR_COMMAND = 'toggle-sidebar';

// ---------------------------------------------------------------------------------------
// Session

interface TSignedIn extends TSession {
  api: TApi;
}

async function signedIn(): Promise<TSignedIn> {
  const [serverUrl, token, user] = await Promise.all([serverUrlItem.getValue(), readToken(), userItem.getValue()]);
  if (!token || !user) throw new ExtensionError('NOT_SIGNED_IN', 'Not signed in: open the Handshake options and connect.');
  return { serverUrl, user, api: createApi(serverUrl, token) };
}

/** A call to the server; when it succeeds, whatever waits in the outbox is sent too. */
async function call<T>(run: (api: TApi, session: TSignedIn) => Promise<T>): Promise<T> {
  const session = await signedIn();
  const value = await run(session.api, session);
  await flushIfWaiting(session.user.id);
  return value;
}

/** The server just answered: deliver what waits, without holding up the answer. */
async function flushIfWaiting(userId: string): Promise<void> {
  if ((await outboxItem.getValue()).some((item) => !item.failed && item.userId === userId)) void flush();
}

// ---------------------------------------------------------------------------------------
// Outbox

const outboxLock = new Mutex();
const outbox: TOutboxStore = {
  read: () => outboxItem.getValue(),
  update: (change) =>
    outboxLock.runExclusive(async () => {
      const next = change(await outboxItem.getValue());
      await outboxItem.setValue(next);
      return next;
    }),
};

/** How each kind of action reaches the server: a map, so a new kind is a compile error until it is delivered. */
const DELIVER: { [K in TOutboxAction['kind']]: (api: TApi, action: Extract<TOutboxAction, { kind: K }>) => Promise<unknown> } = {
  accept: (api, { leadId, idempotencyKey, note }) => api.decision.accept.mutate({ leadId, idempotencyKey, note }),
  reject: (api, { leadId, idempotencyKey, reason, note }) => api.decision.reject.mutate({ leadId, idempotencyKey, reason, note }),
  logTouch: (api, { leadId, idempotencyKey, channel, at }) => api.touch.log.mutate({ leadId, idempotencyKey, channel, at }),
};

/** Why the last delivery round stopped early (server unreachable, token refused); null when it went through. */
let lastStop: TApiError | null = null;

const flush = singleFlight(async () => {
  const session = await signedIn().catch(() => null);
  if (!session) return;
  ({ stoppedBy: lastStop } = await flushOutbox({
    store: outbox,
    userId: session.user.id,
    deliver: (action) => (DELIVER[action.kind] as (api: TApi, action: TOutboxAction) => Promise<unknown>)(session.api, action),
    toError: toApiError,
  }));
});

/** Queues the action, tries to deliver it now, and says what became of it. A final refusal throws (CONFLICT, INVALID_INPUT…). */
async function submit(action: TOutboxAction, { leadName }: TActionContext): Promise<TActionOutcome> {
  const { user } = await signedIn();
  const key = action.idempotencyKey;
  await outbox.update((items) => enqueue(items, newItem(action, user.id, new Date(), leadName)));
  await flush();
  const items = await outbox.read();
  const mine = items.find((item) => item.action.idempotencyKey === key);
  if (!mine) return { status: 'delivered' };
  if (mine.failed) {
    const refused = mine.failed;
    await outbox.update((all) => dropIfRefusedLive(all, key));
    throw ExtensionError.from(refused);
  }
  // Waiting: its own last answer, the one holding up an earlier action on the same lead, or the one that ended the round.
  const ahead = items.find((item) => item.action.leadId === action.leadId && !item.failed && item.waiting);
  return { status: 'waiting', reason: mine.waiting ?? ahead?.waiting ?? lastStop };
}

// ---------------------------------------------------------------------------------------
// Queue, badge, notifications

async function showBadge(text: string, color: string): Promise<void> {
  await browser.action.setBadgeText({ text });
  await browser.action.setBadgeBackgroundColor({ color });
}

/** Record links as the popup opens them: absolute (a demo server's are paths on it), http(s) only. */
function withRecordLinks<T extends { recordUrl: string | null }>(items: readonly T[], serverUrl: string): T[] {
  return items.map((item) => ({ ...item, recordUrl: resolveRecordUrl(item.recordUrl, serverUrl) }));
}

async function fetchQueue(): Promise<TQueueSnapshot> {
  const { api, user, serverUrl } = await signedIn();
  try {
    const items = withRecordLinks(byDeadline(await api.queue.mine.query()), serverUrl);
    const fetchedAt = new Date().toISOString();
    await queueCacheItem.setValue({ userId: user.id, fetchedAt, items });
    const badge = badgeFor(items);
    await showBadge(badge.text, badge.color);
    await flushIfWaiting(user.id);
    return { items, fetchedAt, stale: null };
  } catch (error) {
    const failure = toApiError(error);
    const cached = await queueCacheItem.getValue();
    if (isRetryable(failure) && cached?.userId === user.id) return { items: cached.items, fetchedAt: cached.fetchedAt, stale: failure };
    throw error;
  }
}

/** The server's unread SLA notices as desktop notifications, each once; then marked read. */
async function deliverNotifications(): Promise<void> {
  const { api } = await signedIn();
  const unread = await api.notifications.mine.query({ unreadOnly: true, limit: 50 });
  if (unread.length === 0) return;
  const fresh = toShow(unread, await notifiedItem.getValue());
  for (const n of fresh) {
    await browser.notifications.create(browserNotificationId(n), {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: NOTIFICATION_TITLES[n.kind],
      // The message names the lead: no bidirectional override may reorder it.
      message: displayLine(n.message),
      priority: n.kind === 'sla_breach' ? 2 : 1,
    });
  }
  // Remembered before marking read: if marking fails, the next poll does not show them twice.
  await notifiedItem.setValue(remember(await notifiedItem.getValue(), fresh.map((n) => n.id)));
  await api.notifications.markRead.mutate({ ids: unread.map((n) => n.id) });
}

/** Every minute, and on demand: deliver, then refresh the queue, the badge and the notifications. */
async function tick(): Promise<void> {
  const session = await signedIn().catch(() => null);
  if (!session) {
    await showBadge('', '#000000');
    return;
  }
  await flush();
  await fetchQueue().catch(() => undefined); // unreachable: the badge keeps its last count
  await deliverNotifications().catch(() => undefined); // shown at the next tick instead
}

// ---------------------------------------------------------------------------------------
// Packets

/** By the CRM record the page names, falling back to its e-mail when the record is unknown; else by e-mail. */
async function findPacket(api: TApi, ref: TLeadRef): Promise<TPacket> {
  if (ref.crm && ref.recordId) {
    try {
      return await api.packet.get.query({ crm: ref.crm, recordId: ref.recordId });
    } catch (error) {
      if (!ref.email || toApiError(error).code !== 'NOT_FOUND') throw error;
    }
  }
  if (!ref.email) throw new ExtensionError('NOT_FOUND', 'No lead on this page.');
  return api.packet.get.query({ email: ref.email });
}

// ---------------------------------------------------------------------------------------
// Custom sites

const CUSTOM_SITES_SCRIPT = 'handshake-custom-sites';
/** The sidebar's built content script (entrypoints/sidebar.content), run on the custom sites too. */
const SIDEBAR_SCRIPT = '/content-scripts/sidebar.js';
const registrationLock = new Mutex();

/**
 * Runs the sidebar on the custom sites the user allowed, and nowhere else: one registration,
 * replaced whenever the list or the granted permissions change. A site whose permission was
 * revoked (in the browser's extension settings) is left out until it is allowed again.
 */
function registerCustomSites(settings: TSiteSettings): Promise<void> {
  return registrationLock.runExclusive(async () => {
    const allowed: string[] = [];
    for (const site of settings.custom) {
      if (await browser.permissions.contains({ origins: [site.pattern] })) allowed.push(site.pattern);
    }
    const existing = await browser.scripting.getRegisteredContentScripts({ ids: [CUSTOM_SITES_SCRIPT] });
    const before = new Set(existing.flatMap((script) => script.matches ?? []));
    if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [CUSTOM_SITES_SCRIPT] });
    if (allowed.length === 0) return;
    await browser.scripting.registerContentScripts([
      { id: CUSTOM_SITES_SCRIPT, matches: allowed, js: [SIDEBAR_SCRIPT], runAt: 'document_idle', persistAcrossSessions: true },
    ]);
    await showOnOpenTabs(allowed.filter((pattern) => !before.has(pattern)));
  });
}

/** Tabs already open on a site just allowed get the sidebar now, not at their next load (the script runs once per page). */
async function showOnOpenTabs(patterns: string[]): Promise<void> {
  if (patterns.length === 0) return;
  for (const tab of await browser.tabs.query({ url: patterns })) {
    if (tab.id === undefined) continue;
    await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [SIDEBAR_SCRIPT] }).catch(() => undefined); // a tab closing meanwhile
  }
}

const syncCustomSites = async () => registerCustomSites(await siteSettingsItem.getValue());

// ---------------------------------------------------------------------------------------
// Messages

const withAt = (at: string | undefined) => at ?? new Date().toISOString();

const handlers: THandlers = {
  async getSession() {
    const [serverUrl, token, user] = await Promise.all([serverUrlItem.getValue(), readToken(), userItem.getValue()]);
    return token && user ? { serverUrl, user } : null;
  },

  async signIn({ serverUrl, token }) {
    const address = normalizeServerUrl(serverUrl);
    if (!address.ok) throw ExtensionError.from(address.error);
    const secret = token.trim();
    if (!secret) throw new ExtensionError('INVALID_INPUT', 'Token: paste the token your admin gave you.', 'token');
    if (!(await browser.permissions.contains({ origins: [originPattern(address.origin)] }))) {
      throw new ExtensionError('NO_PERMISSION', `Handshake is not allowed to reach ${address.origin}: connect again and allow it when the browser asks.`, 'serverUrl');
    }
    const user = await createApi(address.url, secret).me.query();
    const previous = await userItem.getValue();
    await Promise.all([serverUrlItem.setValue(address.url), writeToken(secret), userItem.setValue(user)]);
    if (previous?.id !== user.id) await Promise.all([queueCacheItem.setValue(null), notifiedItem.setValue([])]);
    void tick();
    return { serverUrl: address.url, user };
  },

  async signOut() {
    // The outbox stays: its items are delivered when the same user signs in again.
    await Promise.all([writeToken(null), userItem.setValue(null), queueCacheItem.setValue(null)]);
    await showBadge('', '#000000');
    return null;
  },

  getPacket: (ref) =>
    call(async (api, { serverUrl }) => {
      const packet = await findPacket(api, ref);
      return { ...packet, lead: { ...packet.lead, recordUrl: resolveRecordUrl(packet.lead.recordUrl, serverUrl) } };
    }),

  accept: (input) => submit({ kind: 'accept', leadId: input.leadId, idempotencyKey: input.idempotencyKey, note: input.note }, input),
  reject: (input) => submit({ kind: 'reject', leadId: input.leadId, idempotencyKey: input.idempotencyKey, reason: input.reason, note: input.note }, input),
  logTouch: (input) =>
    submit({ kind: 'logTouch', leadId: input.leadId, idempotencyKey: input.idempotencyKey, channel: input.channel, at: withAt(input.at) }, input),

  getQueue: () => fetchQueue(),
  getTeamQueue: () =>
    call(async (api, { serverUrl }) => {
      const items = withRecordLinks(await api.queue.team.query(), serverUrl);
      return { items, fetchedAt: new Date().toISOString(), stale: null };
    }),
  getRepStats: (range) => call((api) => api.stats.reps.query(range)),
  getFunnel: (input) => call((api) => api.stats.funnel.query(input)),

  async getPending({ leadId }) {
    const items = await outbox.read();
    return leadId ? items.filter((item) => item.action.leadId === leadId) : items;
  },

  async syncNow() {
    await tick();
    return outbox.read();
  },

  async dismissPending({ idempotencyKey }) {
    return outbox.update((items) => dismiss(items, idempotencyKey));
  },

  async openOptions() {
    await browser.runtime.openOptionsPage();
    return null;
  },
};

export default defineBackground(() => {
  void forgetTokenInStorageLocal();
  handleMessages(handlers, { toError: toApiError });
  // Created once: re-creating it each time the worker wakes would push its first run back.
  void browser.alarms.get(TICK_ALARM).then(async (alarm) => {
    if (!alarm) await browser.alarms.create(TICK_ALARM, { periodInMinutes: 1 });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === TICK_ALARM) void tick();
  });
  browser.runtime.onStartup.addListener(() => void tick());
  siteSettingsItem.watch((settings) => void registerCustomSites(settings));
  browser.runtime.onInstalled.addListener(() => void syncCustomSites());
  browser.permissions.onAdded.addListener(() => void syncCustomSites());
  browser.permissions.onRemoved.addListener(() => void syncCustomSites());
  browser.notifications.onClicked.addListener((id) => void browser.notifications.clear(id));
  browser.commands.onCommand.addListener((command, tab) => {
    // Pages without the sidebar have no listener: nothing to do there.
    if (command === TOGGLE_SIDEBAR_COMMAND && tab?.id !== undefined) void browser.tabs.sendMessage(tab.id, { kind: 'toggleSidebar' }).catch(() => undefined);
  });
});
