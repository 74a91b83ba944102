import { browser } from 'wxt/browser';
import { DEFAULT_SITE_SETTINGS, type TSiteSettings } from './site-settings';

// What the sidebar's content script reads and writes in storage.local, straight through the
// browser's API: the storage library (lib/settings.ts) would be most of the script that runs
// on every page. Nothing secret here; the token and the session live in
// background/storage.ts and background/secret.ts, read by the background only.

/** Where the sidebar runs (lib/settings.ts, siteSettingsItem, is the same key). */
export const SITE_SETTINGS_KEY = 'siteSettings';
/** The hosts (`app.hubspot.com`, `localhost:3000`) on which the rep chose Hide: the sidebar starts folded there. */
export const HIDDEN_ON_SITES_KEY = 'sidebarHiddenOn';

export interface TPageSettings {
  settings: TSiteSettings;
  hiddenOnSites: string[];
}

export async function readPageSettings(): Promise<TPageSettings> {
  const stored = await browser.storage.local.get([SITE_SETTINGS_KEY, HIDDEN_ON_SITES_KEY]);
  return {
    settings: (stored[SITE_SETTINGS_KEY] as TSiteSettings | undefined) ?? DEFAULT_SITE_SETTINGS,
    hiddenOnSites: (stored[HIDDEN_ON_SITES_KEY] as string[] | undefined) ?? [],
  };
}

/** Remembers Hide (or Show) for one site; the other sites keep theirs. */
export async function rememberHidden(host: string, hidden: boolean): Promise<void> {
  const { [HIDDEN_ON_SITES_KEY]: stored } = await browser.storage.local.get(HIDDEN_ON_SITES_KEY);
  const hosts = ((stored as string[] | undefined) ?? []).filter((h) => h !== host);
  await browser.storage.local.set({ [HIDDEN_ON_SITES_KEY]: hidden ? [...hosts, host] : hosts });
}
