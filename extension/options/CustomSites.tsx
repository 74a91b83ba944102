import { useId, useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { addCustomSite, builtInSiteCovering, DEFAULT_SITE_SETTINGS, isOnCustomSite, parseCustomSite, removeCustomSite, type TCustomSite, type TSiteSettings } from '../lib/site-settings';
import { sendMessage } from '../lib/messaging';
import { hostPattern, originPattern } from '../lib/server-url';
import { SITE_ADAPTERS } from '../sites';

// A team's own CRM or tool as a custom site: the host permission is asked for in the click
// that adds it (the browser prompts only during a user gesture), and given back on removal
// unless the Handshake server itself lives there.

export function CustomSites({ settings, save }: { settings: TSiteSettings; save: (next: TSiteSettings) => Promise<void> }) {
  const [input, setInput] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const inputId = useId();

  async function add(event: FormEvent) {
    event.preventDefault();
    setStatus(null);
    const parsed = parseCustomSite(input);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    const builtIn = builtInSiteCovering(parsed.site, SITE_ADAPTERS);
    if (builtIn) {
      setError(`${builtIn.name} is built in: switch it on above instead.`);
      return;
    }
    // First browser call of the gesture, so the browser may show its prompt.
    const allowed = browser.permissions.request({ origins: [hostPattern(parsed.site.pattern)] });
    if (!(await allowed)) {
      setError(`Handshake needs your permission to read pages on ${parsed.site.host}; nothing was added.`);
      return;
    }
    setError(null);
    setInput('');
    await save(addCustomSite(settings, parsed.site));
    setStatus(`Added ${parsed.site.host}: the sidebar shows on its pages.`);
  }

  async function remove(site: TCustomSite) {
    setError(null);
    const rest = removeCustomSite(settings, site.pattern);
    await save(rest);
    // Its permission goes too, unless the Handshake server lives there (signing in needs it). The
    // browser refuses to drop one granted at install (loopback); the site is off all the same.
    // In Firefox a permission covers every port of its host: kept while another site or the server needs it.
    const pattern = hostPattern(site.pattern);
    const session = await sendMessage('getSession');
    const serverUrl = session.ok && session.value !== null ? session.value.serverUrl : null;
    const serverHere = serverUrl !== null && (isOnCustomSite({ ...DEFAULT_SITE_SETTINGS, custom: [site] }, new URL(serverUrl)) || originPattern(serverUrl) === pattern);
    const sharedHere = rest.custom.some((other) => hostPattern(other.pattern) === pattern);
    if (!serverHere && !sharedHere) await browser.permissions.remove({ origins: [pattern] }).catch(() => false);
    setStatus(`Removed ${site.host}.`);
  }

  return (
    <div className="custom-sites">
      <h3>Custom sites</h3>
      <p className="hint">
        Another CRM or tool your team uses: the sidebar finds the lead by the e-mail address on the page. The browser asks you to allow each site.
      </p>
      {settings.custom.length > 0 && (
        <ul className="custom" aria-label="Custom sites">
          {settings.custom.map((site) => (
            <li key={site.pattern}>
              <span>{site.host}</span>
              <button type="button" className="secondary" onClick={() => void remove(site)} aria-label={`Remove ${site.host}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor={inputId}>Add a site</label>
      <form onSubmit={(event) => void add(event)} noValidate className="inline">
        <input
          id={inputId}
          type="text"
          spellCheck={false}
          placeholder="crm.example.com"
          value={input}
          onChange={(e) => setInput(e.target.value)}
          aria-invalid={error !== null}
        />
        <button type="submit" className="primary">
          Add
        </button>
      </form>
      <div className="outcome">
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {status && !error && (
          <p role="status" className="ok">
            {status}
          </p>
        )}
      </div>
    </div>
  );
}
