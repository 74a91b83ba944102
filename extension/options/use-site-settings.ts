import { useEffect, useState } from 'react';
import { siteSettingsItem } from '../lib/settings';
import type { TSiteSettings } from '../lib/site-settings';

/** Where the sidebar runs, as stored: shown at once when changed here, and kept in step with other options tabs. */
export function useSiteSettings(): [TSiteSettings | null, (next: TSiteSettings) => Promise<void>] {
  const [settings, setSettings] = useState<TSiteSettings | null>(null);
  useEffect(() => {
    void siteSettingsItem.getValue().then(setSettings);
    return siteSettingsItem.watch((next) => setSettings(next));
  }, []);
  // Shown at once, then stored; the watch brings in changes made elsewhere (another options tab).
  return [
    settings,
    (next) => {
      setSettings(next);
      return siteSettingsItem.setValue(next);
    },
  ];
}
