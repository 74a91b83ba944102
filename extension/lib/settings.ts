import { storage } from 'wxt/utils/storage';
import { DEFAULT_SITE_SETTINGS, type TSiteSettings } from './site-settings';

// The one storage item a content script reads: where the sidebar runs. Nothing secret here;
// the token and the session live in background/storage.ts and background/secret.ts, read by the background only.

export const siteSettingsItem = storage.defineItem<TSiteSettings>('local:siteSettings', { fallback: DEFAULT_SITE_SETTINGS, version: 1 });
