import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import { storage } from 'wxt/utils/storage';

// The user's token, in the extension's own IndexedDB. browser.storage.local is open to
// content scripts, which run inside the CRM's and the webmail's page processes; the
// extension origin's IndexedDB is reachable from the extension's own pages and its service
// worker only. The background alone reads and writes it.

let store: UseStore | undefined;
const secrets = () => (store ??= createStore('handshake', 'secrets'));

export async function readToken(): Promise<string | null> {
  return (await get<string>('token', secrets())) ?? null;
}

export async function writeToken(token: string | null): Promise<void> {
  if (token === null) await del('token', secrets());
  else await set('token', token, secrets());
}

/** An earlier version kept the token in storage.local: that copy is removed (its user signs in again). */
export async function forgetTokenInStorageLocal(): Promise<void> {
  await storage.removeItem('local:token');
}
