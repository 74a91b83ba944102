import { Connection, type HttpRequest } from 'jsforce';
import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { CrmError, type TApiUsage } from '../types';

// The official Salesforce client (jsforce) on the org's instance, signed in with an access
// token or the OAuth 2.0 JWT bearer flow. Every call goes through `request` with jsforce's
// own retries off (the framework owns retries and backoff) and a time limit; calls are
// counted, the API usage is read from the Sforce-Limit-Info header jsforce parses, and
// failures become CrmError in words. A JWT session is kept for the next passes of this
// process; when it expires (INVALID_SESSION_ID) the call signs in again, once.

export const SALESFORCE_LOGIN_URL = 'https://login.salesforce.com';
export const SALESFORCE_API_VERSION = '62.0';
const CALL_TIMEOUT_MS = 30_000;
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Salesforce accepts an assertion whose exp is at most 3 minutes ahead. */
const ASSERTION_LIFETIME_S = 170;
/** Without Retry-After: a minute; once the daily allowance is spent, an hour of the rolling 24 hours. */
const RATE_LIMIT_WAIT_MS = 60_000;
const DAILY_LIMIT_WAIT_MS = 60 * 60_000;

export type TSalesforceCredentials =
  | { kind: 'token'; instanceUrl: string; token: string }
  | { kind: 'jwt'; instanceUrl: string; loginUrl: string; clientId: string; username: string; privateKey: string };

export interface TQueryPage<T> {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: T[];
}

export interface TSalesforceApi {
  /** Signs in (JWT) or checks nothing (token); names the org. */
  signIn(): Promise<void>;
  account(): string;
  get<T>(what: string, path: string): Promise<T>;
  send<T>(what: string, method: 'POST' | 'PATCH', path: string, body: unknown): Promise<T>;
  /** A SOQL query page by page (queryAll to include deleted records), following nextRecordsUrl. */
  query<T>(what: string, soql: string, options?: { all?: boolean }): AsyncGenerator<T[]>;
  usage(): TApiUsage | null;
  calls(): number;
}

interface TJsforceError {
  errorCode?: string;
  name?: string;
  message?: string;
  code?: string;
}

const TRANSIENT_CODES = new Set(['UNKNOWN_EXCEPTION', 'SERVER_UNAVAILABLE', 'BAD_GATEWAY', 'UNABLE_TO_LOCK_ROW', 'QUERY_TIMEOUT', 'INVALID_QUERY_LOCATOR', 'unknown_error', 'temporarily_unavailable']);
const SCOPE_CODES = new Set(['API_DISABLED_FOR_ORG', 'API_CURRENTLY_DISABLED', 'INSUFFICIENT_ACCESS', 'INSUFFICIENT_ACCESS_OR_READONLY', 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY', 'FUNCTIONALITY_NOT_ENABLED', 'insufficient_scope']);

/** An answer's errorCode is a Salesforce one; without one, the call never got an answer. */
function codeOf(error: unknown): string | undefined {
  const e = error as TJsforceError;
  return e.errorCode ?? (e.name && /^[a-z_]+$/.test(e.name) ? e.name : undefined);
}

export function salesforceError(what: string, error: unknown, usage: TApiUsage | null): CrmError {
  if (error instanceof CrmError) return error;
  const e = error as TJsforceError;
  const code = codeOf(error);
  const said = (e.message ?? String(error)).trim().slice(0, 400);
  if (!code || code.startsWith('ERROR_HTTP_5')) {
    if (code) return new CrmError('transient', `Salesforce answered ${code.slice('ERROR_HTTP_'.length)} while trying to ${what}`);
    return new CrmError('unreachable', `Salesforce cannot be reached to ${what}: ${said}`);
  }
  if (code === 'INVALID_SESSION_ID') {
    return new CrmError('auth', `Salesforce refused the session while trying to ${what} (INVALID_SESSION_ID: ${said}). The access token expired or was revoked: get a new one and connect again.`);
  }
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    const spent = usage?.limit !== undefined && usage.used !== undefined && usage.used >= usage.limit;
    return new CrmError('rate_limited', `Salesforce's API request limit was reached while trying to ${what} (REQUEST_LIMIT_EXCEEDED: ${said})`, spent ? DAILY_LIMIT_WAIT_MS : RATE_LIMIT_WAIT_MS);
  }
  if (TRANSIENT_CODES.has(code)) return new CrmError('transient', `Salesforce failed to ${what} (${code}: ${said}); it will be tried again`);
  if (SCOPE_CODES.has(code)) return new CrmError('scope', `Salesforce: the integration user may not ${what} (${code}: ${said}). Give its profile or a permission set "API Enabled" and access to Leads, Tasks, Events and Opportunities.`);
  return new CrmError('refused', `Salesforce refused to ${what} (${code}: ${said})`);
}

/** A JWT bearer refusal, with what to change in Salesforce. */
function signInError(credentials: Extract<TSalesforceCredentials, { kind: 'jwt' }>, error: unknown): CrmError {
  const code = codeOf(error);
  const said = `${code}: ${(error as TJsforceError).message ?? ''}`;
  if (!code) return new CrmError('unreachable', `Salesforce cannot be reached at ${credentials.loginUrl} to sign in: ${(error as TJsforceError).message ?? String(error)}`);
  if (code === 'invalid_client_id') {
    return new CrmError('auth', `Salesforce does not know the connected app's consumer key "${credentials.clientId}" (${said}). Copy it from Setup → App Manager → the app → View → Manage Consumer Details.`);
  }
  const description = (error as TJsforceError).message ?? '';
  if (code === 'invalid_grant') {
    if (/approved/i.test(description)) {
      return new CrmError(
        'auth',
        `Salesforce: ${credentials.username} is not pre-authorized for the connected app (${said}). In Setup → App Manager → the app → Manage → Edit Policies, set Permitted Users to "Admin approved users are pre-authorized", then add the user's profile or a permission set of theirs.`,
      );
    }
    if (/audience/i.test(description)) return new CrmError('auth', `Salesforce refused the login URL ${credentials.loginUrl} as the assertion's audience (${said}): use https://test.salesforce.com for a sandbox.`);
    if (/expired/i.test(description)) return new CrmError('auth', `Salesforce found the assertion expired on arrival (${said}): check this machine's clock.`);
    if (/inactive/i.test(description)) return new CrmError('auth', `Salesforce: the user ${credentials.username} is inactive (${said}).`);
    if (/assertion/i.test(description)) return new CrmError('auth', `Salesforce refused the signed assertion (${said}): the private key does not match the certificate uploaded to the connected app, or the username is wrong.`);
    return new CrmError('auth', `Salesforce refused to sign ${credentials.username} in (${said}).`);
  }
  if (TRANSIENT_CODES.has(code)) return new CrmError('transient', `Salesforce could not sign in just now (${said}); it will be tried again`);
  return new CrmError('auth', `Salesforce refused to sign ${credentials.username} in (${said}).`);
}

function readKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    throw new CrmError('auth', `The private key cannot be read (${(error as Error).message}): give the PEM file of the key whose certificate was uploaded to the connected app.`);
  }
}

/** An RS256-signed JWT bearer assertion: iss the consumer key, sub the username, aud the login URL. */
export function jwtAssertion(clientId: string, username: string, audience: string, key: KeyObject, now: Date): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { iss: clientId, sub: username, aud: audience, exp: Math.floor(now.getTime() / 1000) + ASSERTION_LIFETIME_S };
  const signed = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`;
  return `${signed}.${sign('RSA-SHA256', Buffer.from(signed), key).toString('base64url')}`;
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CrmError('unreachable', `Salesforce did not answer within ${CALL_TIMEOUT_MS / 1000} s while trying to ${what}`)), CALL_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const trimmed = (url: string) => url.replace(/\/+$/, '');

/** JWT sessions by app, user and key, so each pass does not sign in anew. */
const jwtSessions = new Map<string, { accessToken: string; instanceUrl: string; orgId?: string }>();
const sessionKey = (c: Extract<TSalesforceCredentials, { kind: 'jwt' }>) => createHash('sha256').update([trimmed(c.loginUrl), c.clientId, c.username.toLowerCase(), c.privateKey].join('\n')).digest('hex');

export function openSalesforceApi(credentials: TSalesforceCredentials, version: string, now: () => Date): TSalesforceApi {
  let connection: Connection | null = null;
  let orgId: string | undefined;
  let calls = 0;
  let signedIn: Promise<void> | null = null;
  const usage = (): TApiUsage | null => {
    const api = connection?.limitInfo.apiUsage;
    return api ? { used: api.used, limit: api.limit, remaining: Math.max(0, api.limit - api.used), window: 'daily' } : null;
  };

  function open(instanceUrl: string, accessToken?: string): Connection {
    try {
      return new Connection({ instanceUrl: trimmed(instanceUrl), accessToken, version, ...(credentials.kind === 'jwt' ? { loginUrl: trimmed(credentials.loginUrl) } : {}) });
    } catch (error) {
      throw new CrmError('refused', `Salesforce: ${(error as Error).message} (${instanceUrl}); give the org's My Domain address, such as https://acme.my.salesforce.com.`);
    }
  }

  async function signIn(): Promise<void> {
    if (credentials.kind === 'token') {
      connection ??= open(credentials.instanceUrl, credentials.token);
      return;
    }
    const cached = jwtSessions.get(sessionKey(credentials));
    if (cached) {
      connection = open(cached.instanceUrl, cached.accessToken);
      orgId = cached.orgId;
      return;
    }
    const key = readKey(credentials.privateKey);
    const fresh = open(credentials.instanceUrl);
    const assertion = jwtAssertion(credentials.clientId, credentials.username, trimmed(credentials.loginUrl), key, now());
    calls += 1;
    try {
      const user = await withTimeout(fresh.authorize({ grant_type: JWT_BEARER, assertion }), 'sign in');
      orgId = user.organizationId;
    } catch (error) {
      throw error instanceof CrmError ? error : signInError(credentials, error);
    }
    connection = fresh;
    jwtSessions.set(sessionKey(credentials), { accessToken: fresh.accessToken ?? '', instanceUrl: fresh.instanceUrl, orgId });
  }
  const ready = () => (signedIn ??= signIn().catch((error: unknown) => {
    signedIn = null;
    throw error;
  }));

  async function request<T>(what: string, httpRequest: HttpRequest): Promise<T> {
    await ready();
    for (let attempt = 0; ; attempt += 1) {
      calls += 1;
      try {
        return await withTimeout(Promise.resolve(connection!.request<T>(httpRequest, { retry: { maxRetries: 0 }, timeout: CALL_TIMEOUT_MS })), what);
      } catch (error) {
        // An expired JWT session signs in again, once per call; a token's cannot.
        if (codeOf(error) === 'INVALID_SESSION_ID' && credentials.kind === 'jwt' && attempt === 0) {
          jwtSessions.delete(sessionKey(credentials));
          signedIn = null;
          await ready();
          continue;
        }
        throw salesforceError(what, error, usage());
      }
    }
  }

  return {
    signIn: ready,
    account() {
      const host = connection ? new URL(connection.instanceUrl).host : new URL(credentials.instanceUrl).host;
      return orgId ? `Salesforce org ${orgId} (${host})` : `Salesforce org ${host}`;
    },
    get: (what, path) => request(what, { method: 'GET', url: path }),
    send: (what, method, path, body) => request(what, { method, url: path, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    async *query<T>(what: string, soql: string, options: { all?: boolean } = {}): AsyncGenerator<T[]> {
      let page = await request<TQueryPage<T>>(what, { method: 'GET', url: `/${options.all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}` });
      yield page.records;
      while (!page.done && page.nextRecordsUrl) {
        page = await request<TQueryPage<T>>(what, { method: 'GET', url: page.nextRecordsUrl });
        yield page.records;
      }
    },
    usage,
    calls: () => calls,
  };
}
