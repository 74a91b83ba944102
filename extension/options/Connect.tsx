import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { displayLine } from '../../shared/display-text';
import { request, sendMessage } from '../lib/messaging';
import { DEFAULT_SERVER_URL, normalizeServerUrl, originPattern } from '../lib/server-url';
import type { TApiError } from '../lib/types';
import { describeError } from '../ui/errors';

// Sign-in: the server URL and the token, checked with the server's `me`; who is signed in.
// Host permissions are asked for here, in the click that needs them: the browser shows its
// prompt only during a user gesture, so each request is the handler's first browser call.

const ROLE_WORDS = { rep: 'rep', manager: 'manager', admin: 'admin' } as const;

export function Connect() {
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
