import { storage } from 'wxt/utils/storage';
import { SITE_SETTINGS_KEY } from './page-settings';
import { DEFAULT_SITE_SETTINGS, type TSiteSettings } from './site-settings';

// Where the sidebar runs, as the options page and the background read, write and watch it.
// The content script reads the same key without the storage library (lib/page-settings.ts).

export const siteSettingsItem = storage.defineItem<TSiteSettings>(`local:${SITE_SETTINGS_KEY}`, { fallback: DEFAULT_SITE_SETTINGS, version: 1 });
