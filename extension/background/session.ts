import { browser } from 'wxt/browser';
import { normalizeServerUrl, originPattern } from '../lib/server-url';
import type { TSession } from '../lib/types';
import { createApi, ExtensionError, type TApi } from './api';
import { readToken, writeToken } from './secret';
import { serverUrlItem, userItem } from './storage';

// Who the extension talks to, as whom: the server's address and the user in storage.local,
// the token in the extension's own IndexedDB (secret.ts). The other jobs get a signed-in
// API client from here and never read the token themselves.

export interface TSignedIn extends TSession {
  api: TApi;
}

export interface TSessionJob {
  /** The signed-in user and server, without the token; null when signed out. */
  current(): Promise<TSession | null>;
  /** The session with an API client; throws NOT_SIGNED_IN when signed out. */
  signedIn(): Promise<TSignedIn>;
  /** Checks the token with the server's `me` and keeps it; says whether the user changed. */
  signIn(input: { serverUrl: string; token: string }): Promise<{ session: TSession; userChanged: boolean }>;
  /** Forgets the token and the user. */
  signOut(): Promise<void>;
}

export function createSession(): TSessionJob {
  const stored = () => Promise.all([serverUrlItem.getValue(), readToken(), userItem.getValue()]);
  return {
    async current() {
      const [serverUrl, token, user] = await stored();
      return token && user ? { serverUrl, user } : null;
    },

    async signedIn() {
      const [serverUrl, token, user] = await stored();
      if (!token || !user) throw new ExtensionError('NOT_SIGNED_IN', 'Not signed in: open the Handshake options and connect.');
      return { serverUrl, user, api: createApi(serverUrl, token) };
    },

    async signIn({ serverUrl, token }) {
      const address = normalizeServerUrl(serverUrl);
      if (!address.ok) throw ExtensionError.from(address.error);
      const secret = token.trim();
      if (!secret) throw new ExtensionError('INVALID_INPUT', 'Token: paste the token your admin gave you.', 'token');
      if (!(await browser.permissions.contains({ origins: [originPattern(address.origin)] }))) {
        throw new ExtensionError('NO_PERMISSION', `Handshake is not allowed to reach ${address.origin}: connect again and allow it when the browser asks.`, 'serverUrl');
      }
      const user = await createApi(address.url, secret).me.query();
      const previous = await userItem.getValue();
      await Promise.all([serverUrlItem.setValue(address.url), writeToken(secret), userItem.setValue(user)]);
      return { session: { serverUrl: address.url, user }, userChanged: previous?.id !== user.id };
    },

    async signOut() {
      await Promise.all([writeToken(null), userItem.setValue(null)]);
    },
  };
}
