import { useEffect, useState, type FormEvent } from 'react';
import { browser } from 'wxt/browser';
import { ask, type TSession } from '../../lib/protocol';

/** Asks for the server's origin unless the manifest already grants it (the local demo server). */
async function allowServer(serverUrl: string): Promise<boolean> {
  const origins = [`${new URL(serverUrl).origin}/*`];
  return (await browser.permissions.contains({ origins })) || browser.permissions.request({ origins });
}

export function OptionsPage() {
  const [serverUrl, setServerUrl] = useState('http://127.0.0.1:8787');
  const [token, setToken] = useState('');
  const [session, setSession] = useState<TSession>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void ask('session', null).then((reply) => {
      if (reply.ok && reply.value) {
        setSession(reply.value);
        setServerUrl(reply.value.serverUrl);
      }
    });
  }, []);

  async function connect(event: FormEvent) {
    event.preventDefault();
    setError(null);
    let origin: string;
    try {
      origin = new URL(serverUrl).origin;
    } catch {
      setError('Server URL: expected an address such as https://handshake.example.com');
      return;
    }
    setBusy(true);
    try {
      if (!(await allowServer(origin))) {
        setError('Handshake needs permission to reach that server.');
        return;
      }
      const reply = await ask('signIn', { serverUrl: origin, token });
      if (reply.ok) {
        setSession(reply.value);
        setToken('');
      } else setError(reply.error.message);
    } finally {
      setBusy(false);
    }
  }

  async function signOut() {
    await ask('signOut', null);
    setSession(null);
  }

  return (
    <main>
      <h1>Connect Handshake</h1>
      <form onSubmit={(event) => void connect(event)}>
        <label htmlFor="server-url">Server URL</label>
        <input id="server-url" type="url" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} required />
        <label htmlFor="token">Token</label>
        <input id="token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} required />
        <button type="submit" disabled={busy}>
          Connect
        </button>
        {session && (
          <button type="button" className="secondary" onClick={() => void signOut()}>
            Sign out
          </button>
        )}
      </form>
      {session && (
        <p role="status">
          Signed in as {session.user.name} ({session.user.role}) on {session.serverUrl}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </main>
  );
}
