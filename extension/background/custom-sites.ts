import { Mutex } from 'async-mutex';
import { browser } from 'wxt/browser';
import { hostPattern } from '../lib/server-url';
import { siteSettingsItem } from '../lib/settings';
import type { TSiteSettings } from '../lib/site-settings';

// Runs the sidebar on the custom sites the user allowed, and nowhere else: one content
// script registration, replaced whenever the list or the granted permissions change. A site
// whose permission was revoked (in the browser's extension settings) is left out until it
// is allowed again.

const CUSTOM_SITES_SCRIPT = 'handshake-custom-sites';
/** The sidebar's built content script (entrypoints/sidebar.content), run on the custom sites too. */
const SIDEBAR_SCRIPT = '/content-scripts/sidebar.js';

/** Tabs already open on a site just allowed get the sidebar now, not at their next load (the script runs once per page). */
async function showOnOpenTabs(patterns: string[]): Promise<void> {
  if (patterns.length === 0) return;
  for (const tab of await browser.tabs.query({ url: patterns })) {
    if (tab.id === undefined) continue;
    await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [SIDEBAR_SCRIPT] }).catch(() => undefined); // a tab closing meanwhile
  }
}

export interface TCustomSitesJob {
  /** Registers the sidebar for the allowed custom sites in `settings`, replacing the last registration. */
  register(settings: TSiteSettings): Promise<void>;
  /** Registers again when the settings or the granted permissions change, and at install or update. */
  listen(): void;
}

export function createCustomSites(): TCustomSitesJob {
  const lock = new Mutex();
  const register = (settings: TSiteSettings) =>
    lock.runExclusive(async () => {
      const allowed: string[] = [];
      for (const pattern of new Set(settings.custom.map((site) => hostPattern(site.pattern)))) {
        if (await browser.permissions.contains({ origins: [pattern] })) allowed.push(pattern);
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
  const sync = async () => register(await siteSettingsItem.getValue());
  return {
    register,
    listen() {
      siteSettingsItem.watch((settings) => void register(settings));
      browser.runtime.onInstalled.addListener(() => void sync());
      browser.permissions.onAdded.addListener(() => void sync());
      browser.permissions.onRemoved.addListener(() => void sync());
    },
  };
}
