import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { displayLine } from '../../../shared/display-text';
import { describeError } from '../../ui/errors';
import { request, sendMessage } from '../../lib/messaging';
import { DEFAULT_SERVER_URL, normalizeServerUrl, originPattern } from '../../lib/server-url';
import { siteSettingsItem } from '../../lib/settings';
import {
  addCustomSite,
  builtInSiteCovering,
  DEFAULT_SITE_SETTINGS,
  isOnCustomSite,
  parseCustomSite,
  removeCustomSite,
  setSiteEnabled,
  SITE_IDS,
  SITE_LABELS,
  type TCustomSite,
  type TSiteSettings,
} from '../../lib/site-settings';
import { SITE_ADAPTERS } from '../../sites';
import type { TApiError } from '../../lib/types';

// Sign-in (server URL and token, checked with the server's `me`), and where the sidebar runs.
// Host permissions are asked for here, in the click that needs them: the browser shows its
// prompt only during a user gesture, so each request is the handler's first browser call.

const ROLE_WORDS = { rep: 'rep', manager: 'manager', admin: 'admin' } as const;

function Connect() {
  const queryClient = useQueryClient();
  const session = useQuery({ queryKey: ['session'], queryFn: () => request('getSession') });
  // What the person typed; until then, the server signed in to (or the demo server's address).
  const [typedUrl, setServerUrl] = useState<string | null>(null);
  const serverUrl = typedUrl ?? session.data?.serverUrl ?? DEFAULT_SERVER_URL;
  const [token, setToken] = useState('');
  const [error, setError] = useState<TApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const serverId = useId();
  const tokenId = useId();

  async function connect(event: FormEvent) {
    event.preventDefault();
    const address = normalizeServerUrl(serverUrl);
    if (!address.ok) {
      setError(address.error);
      return;
    }
    // First call of the gesture: resolves at once, without a prompt, when already granted (the local server).
    const allowed = browser.permissions.request({ origins: [originPattern(address.origin)] });
    setError(null);
    setBusy(true);
    try {
      if (!(await allowed)) {
        setError({ code: 'NO_PERMISSION', message: `Handshake needs your permission to reach ${address.origin}.`, field: 'serverUrl' });
        return;
      }
      const result = await sendMessage('signIn', { serverUrl: address.url, token });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setToken('');
      queryClient.setQueryData(['session'], result.value);
    } finally {
      setBusy(false);
    }
  }

  const signOut = useMutation({
    mutationFn: () => request('signOut'),
    onSuccess: () => queryClient.setQueryData(['session'], null),
  });

  const signedIn = session.data;
  return (
    <section aria-labelledby="connect-heading" className="card">
      <h2 id="connect-heading">Server</h2>
      <form onSubmit={(event) => void connect(event)} noValidate>
        <label htmlFor={serverId}>Server URL</label>
        <input
          id={serverId}
          type="url"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          value={serverUrl}
          onChange={(e) => setServerUrl(e.target.value)}
          aria-invalid={error?.field === 'serverUrl'}
        />
        <label htmlFor={tokenId}>Token</label>
        <input
          id={tokenId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-invalid={error?.field === 'token' || error?.code === 'UNAUTHORIZED'}
          aria-describedby={`${tokenId}-hint`}
        />
        <p id={`${tokenId}-hint`} className="hint">
          Your personal token, from your admin. It stays in the extension’s background and is never shown to a web page.
        </p>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Connecting…' : 'Connect'}
          </button>
          {signedIn && (
            <button type="button" className="secondary" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
              Sign out
            </button>
          )}
        </div>
      </form>
      <div className="outcome">
        {signedIn ? (
          <p role="status" className="ok">
            Signed in as {displayLine(signedIn.user.name)} ({ROLE_WORDS[signedIn.user.role]}) on {signedIn.serverUrl}
          </p>
        ) : (
          session.isSuccess && (
            <p role="status" className="muted">
              Not signed in.
            </p>
          )
        )}
        {error && (
          <p role="alert" className="error">
            {describeError(error)}
          </p>
        )}
      </div>
    </section>
  );
}

function useSiteSettings(): [TSiteSettings | null, (next: TSiteSettings) => Promise<void>] {
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

function CustomSites({ settings, save }: { settings: TSiteSettings; save: (next: TSiteSettings) => Promise<void> }) {
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
    const allowed = browser.permissions.request({ origins: [parsed.site.pattern] });
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
    await save(removeCustomSite(settings, site.pattern));
    // Its permission goes too, unless the Handshake server lives there (signing in needs it). The
    // browser refuses to drop one granted at install (loopback); the site is off all the same.
    const session = await sendMessage('getSession');
    const serverHere = session.ok && session.value !== null && isOnCustomSite({ ...DEFAULT_SITE_SETTINGS, custom: [site] }, new URL(session.value.serverUrl));
    if (!serverHere) await browser.permissions.remove({ origins: [site.pattern] }).catch(() => false);
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

function Sites() {
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

export function OptionsPage() {
  return (
    <main>
      <header className="page-head">
        <img src="/icon/48.png" alt="" width={32} height={32} />
        <div>
          <h1>Handshake</h1>
          <p className="muted">The MQL→SQL handover, beside your CRM.</p>
        </div>
      </header>
      <Connect />
      <Sites />
    </main>
  );
}
