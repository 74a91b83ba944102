import { Mutex } from 'async-mutex';
import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { ExtensionError, toApiError, type TApi } from '../background/api';
import { createNotifications } from '../background/notifications';
import { createOutboxRunner } from '../background/outbox-runner';
import { forgetTokenInStorageLocal } from '../background/secret';
import { createQueue } from '../background/queue';
import { createSession, type TSignedIn } from '../background/session';
import { createTick } from '../background/tick';
import { handleMessages, type THandlers } from '../lib/messaging';
import { resolveRecordUrl } from '../lib/queue-view';
import { siteSettingsItem } from '../lib/settings';
import type { TSiteSettings } from '../lib/site-settings';
import type { TLeadRef, TPacket } from '../lib/types';

// The background service worker: the extension's only network client and the only holder
// of the token. Pages and content scripts ask it through lib/messaging.ts. Every decision
// and touch goes through the outbox (lib/outbox.ts): delivered at once when the server
// answers; otherwise kept, and retried every minute and after any successful call.

/** The keyboard shortcut declared in wxt.config.ts. */
const TOGGLE_SIDEBAR_COMMAND = 'toggle-sidebar';

const session = createSession();
const outbox = createOutboxRunner({ session });
const signedIn = () => session.signedIn();

/** A call to the server; when it succeeds, whatever waits in the outbox is sent too. */
async function call<T>(run: (api: TApi, signedIn: TSignedIn) => Promise<T>): Promise<T> {
  const current = await signedIn();
  const value = await run(current.api, current);
  await outbox.flushIfWaiting(current.user.id);
  return value;
}

const queue = createQueue({ session, outbox });
const notifications = createNotifications({ session });
const ticks = createTick({ session, outbox, queue, notifications });

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
  getSession: () => session.current(),

  async signIn(input) {
    const { session: signedInAs, userChanged } = await session.signIn(input);
    if (userChanged) await Promise.all([queue.forget(), notifications.forget()]);
    void ticks.tick();
    return signedInAs;
  },

  async signOut() {
    // The outbox stays: its items are delivered when the same user signs in again.
    await Promise.all([session.signOut(), queue.forget()]);
    await queue.clearBadge();
    return null;
  },

  getPacket: (ref) =>
    call(async (api, { serverUrl }) => {
      const packet = await findPacket(api, ref);
      return { ...packet, lead: { ...packet.lead, recordUrl: resolveRecordUrl(packet.lead.recordUrl, serverUrl) } };
    }),

  accept: (input) => outbox.submit({ kind: 'accept', leadId: input.leadId, idempotencyKey: input.idempotencyKey, note: input.note }, input),
  reject: (input) => outbox.submit({ kind: 'reject', leadId: input.leadId, idempotencyKey: input.idempotencyKey, reason: input.reason, note: input.note }, input),
  logTouch: (input) =>
    outbox.submit({ kind: 'logTouch', leadId: input.leadId, idempotencyKey: input.idempotencyKey, channel: input.channel, at: withAt(input.at) }, input),

  getQueue: () => queue.mine(),
  getTeamQueue: () => queue.team(),
  getRepStats: (range) => call((api) => api.stats.reps.query(range)),
  getFunnel: (input) => call((api) => api.stats.funnel.query(input)),

  async getPending({ leadId }) {
    const items = await outbox.read();
    return leadId ? items.filter((item) => item.action.leadId === leadId) : items;
  },

  async syncNow() {
    await ticks.tick();
    return outbox.read();
  },

  dismissPending: ({ idempotencyKey }) => outbox.dismiss(idempotencyKey),

  async openOptions() {
    await browser.runtime.openOptionsPage();
    return null;
  },
};

export default defineBackground(() => {
  void forgetTokenInStorageLocal();
  handleMessages(handlers, { toError: toApiError });
  ticks.listen();
  siteSettingsItem.watch((settings) => void registerCustomSites(settings));
  browser.runtime.onInstalled.addListener(() => void syncCustomSites());
  browser.permissions.onAdded.addListener(() => void syncCustomSites());
  browser.permissions.onRemoved.addListener(() => void syncCustomSites());
  notifications.listen();
  browser.commands.onCommand.addListener((command, tab) => {
    // Pages without the sidebar have no listener: nothing to do there.
    if (command === TOGGLE_SIDEBAR_COMMAND && tab?.id !== undefined) void browser.tabs.sendMessage(tab.id, { kind: 'toggleSidebar' }).catch(() => undefined);
  });
});
