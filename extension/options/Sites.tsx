import { setSiteEnabled, SITE_IDS, SITE_LABELS } from '../lib/site-settings';
import { CustomSites } from './CustomSites';
import { useSiteSettings } from './use-site-settings';

/** Where the sidebar runs: each built-in site on or off, and the custom sites. */
export function Sites() {
  const [settings, save] = useSiteSettings();
  if (!settings) return null;
  return (
    <section aria-labelledby="sites-heading" className="card">
      <h2 id="sites-heading">Sites</h2>
      <p className="hint">Where the sidebar appears beside the lead.</p>
      <fieldset>
        <legend className="visually-hidden">Show the sidebar on</legend>
        {SITE_IDS.map((id) => (
          <label key={id} className="toggle">
            <input type="checkbox" checked={settings.enabled[id] !== false} onChange={(e) => void save(setSiteEnabled(settings, id, e.target.checked))} />
            <span>{SITE_LABELS[id]}</span>
          </label>
        ))}
      </fieldset>
      <CustomSites settings={settings} save={save} />
    </section>
  );
}
