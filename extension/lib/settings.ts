import { storage } from 'wxt/utils/storage';
import { DEFAULT_SITE_SETTINGS, type TSiteSettings } from './site-settings';

// The storage items a content script reads: where the sidebar runs, and the sites on which
// the rep hid it. Nothing secret here; the token and the session live in
// background/storage.ts and background/secret.ts, read by the background only.

export const siteSettingsItem = storage.defineItem<TSiteSettings>('local:siteSettings', { fallback: DEFAULT_SITE_SETTINGS, version: 1 });

/** The hosts (`app.hubspot.com`, `localhost:3000`) on which the rep chose Hide: the sidebar starts folded there. */
export const hiddenOnSitesItem = storage.defineItem<string[]>('local:sidebarHiddenOn', { fallback: [], version: 1 });

/** Remembers Hide (or Show) for one site; the other sites keep theirs. */
export async function rememberHidden(host: string, hidden: boolean): Promise<void> {
  const hosts = (await hiddenOnSitesItem.getValue()).filter((h) => h !== host);
  await hiddenOnSitesItem.setValue(hidden ? [...hosts, host] : hosts);
}

export async function isHiddenOn(host: string): Promise<boolean> {
  return (await hiddenOnSitesItem.getValue()).includes(host);
}
