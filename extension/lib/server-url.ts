import type { TApiError } from './types';

// The server's address as a person types it, and the host permission it needs. Pure: the
// options page and the background both use it, and neither bundles the other's code.

/** The demo server `npm start` runs. */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

/**
 * The server's base URL as typed by a person: http(s) only, no query or fragment, no
 * trailing slash. A path is kept (a server behind a reverse proxy at /handshake).
 */
export function normalizeServerUrl(input: string): { ok: true; url: string; origin: string } | { ok: false; error: TApiError } {
  const bad = (message: string) => ({ ok: false as const, error: { code: 'INVALID_INPUT', message, field: 'serverUrl' } });
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return bad('Server URL: expected an address such as https://handshake.example.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return bad('Server URL: must start with https://');
  // The token travels in every request: in clear text only to this computer.
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) return bad('Server URL: use https:// (plain http:// only for a server on this computer)');
  if (url.username || url.password) return bad('Server URL: must not contain a user name or password');
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.origin}${path}`, origin: url.origin };
}

/**
 * Whether this browser's match patterns may name a port. Firefox's may not: one that does
 * matches nothing there (MDN, "Match patterns"), and a host's pattern covers all its ports.
 */
const PATTERNS_NAME_PORTS = import.meta.env.BROWSER !== 'firefox';

/** A match pattern as this browser reads it: in Firefox, without its port. */
export function hostPattern(pattern: string, namePorts = PATTERNS_NAME_PORTS): string {
  return namePorts ? pattern : pattern.replace(/^([a-z*]+:\/\/(?:\[[^\]]*\]|[^/:]+)):\d+\//, '$1/');
}

/** The host permission an origin needs: what the options page requests and the background checks. */
export function originPattern(origin: string, namePorts = PATTERNS_NAME_PORTS): string {
  return hostPattern(`${new URL(origin).origin}/*`, namePorts);
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}
