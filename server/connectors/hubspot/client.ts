import { Client } from '@hubspot/api-client';
import { CrmError, type TApiUsage } from '../types';

// The official HubSpot client, opened on the connection's base address, with our own
// retries (the framework's backoff) instead of the client's, a time limit on each call, and
// HubSpot's rate-limit headers read from every answer.

export const HUBSPOT_API_URL = 'https://api.hubapi.com';
const CALL_TIMEOUT_MS = 30_000;

export interface THubSpotApi {
  client: Client;
  /**
   * Runs one client call — a `…WithHttpInfo` method, so HubSpot's rate-limit headers are
   * read — with the time limit, counted, its failures as CrmError in words.
   */
  call<T>(what: string, run: (client: Client) => Promise<{ headers: Record<string, string>; data: T }>): Promise<T>;
  /** A call the typed client has no method for (account details, token scopes). */
  request<T>(what: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  usage(): TApiUsage | null;
  calls(): number;
}

interface THubSpotErrorBody {
  message?: string;
  category?: string;
  errorType?: string;
  policyName?: string;
  errors?: { message?: string; context?: Record<string, string[]> }[];
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key ? headers[key] : undefined;
}

function parseBody(body: unknown): THubSpotErrorBody {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as THubSpotErrorBody;
    } catch {
      return { message: body.slice(0, 300) };
    }
  }
  return (body ?? {});
}

/** A HubSpot answer that is not a success, as what to do about it, in words. */
export function hubspotError(what: string, status: number, rawBody: unknown, headers?: Record<string, string>): CrmError {
  const body = parseBody(rawBody);
  const said = body.message ? `: ${body.message}` : '';
  if (status === 401) return new CrmError('auth', `HubSpot refused the token (401)${said}. Create a new private app token and connect again.`);
  if (status === 403) {
    const scopes = body.errors?.flatMap((e) => Object.values(e.context ?? {}).flat()) ?? [];
    const missing = scopes.length > 0 ? ` Missing scope: ${[...new Set(scopes)].join(', ')}.` : '';
    return new CrmError('scope', `HubSpot: the token may not ${what} (403)${said}.${missing} Add the scope to the private app and connect again.`);
  }
  if (status === 429) {
    const retryAfter = Number(header(headers, 'retry-after'));
    const retryAfterMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : body.policyName === 'DAILY' ? 60 * 60_000 : 10_000;
    return new CrmError('rate_limited', `HubSpot rate limit reached while trying to ${what}${body.policyName ? ` (${body.policyName})` : ''}`, retryAfterMs);
  }
  if (status >= 500) return new CrmError('transient', `HubSpot answered ${status} while trying to ${what}${said}`);
  return new CrmError('refused', `HubSpot refused to ${what} (${status})${said}`);
}

function asCrmError(what: string, error: unknown): CrmError {
  if (error instanceof CrmError) return error;
  const e = error as { code?: unknown; body?: unknown; headers?: Record<string, string>; message?: string; cause?: { code?: string } };
  if (typeof e.code === 'number' && e.code >= 400) return hubspotError(what, e.code, e.body, e.headers);
  return new CrmError('unreachable', `HubSpot cannot be reached to ${what}: ${e.message ?? String(error)}`);
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CrmError('unreachable', `HubSpot did not answer within ${CALL_TIMEOUT_MS / 1000} s while trying to ${what}`)), CALL_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function openHubSpotApi(accessToken: string, basePath: string): THubSpotApi {
  let usage: TApiUsage | null = null;
  let calls = 0;
  const readUsage = (headers: Record<string, string>) => {
    const number = (name: string) => {
      const value = Number(header(headers, name));
      return Number.isFinite(value) && header(headers, name) !== undefined ? value : undefined;
    };
    const limit = number('x-hubspot-ratelimit-daily');
    const remaining = number('x-hubspot-ratelimit-daily-remaining');
    if (limit !== undefined && remaining !== undefined) usage = { limit, remaining, used: limit - remaining, window: 'daily' };
  };
  const client = new Client({
    accessToken,
    basePath: basePath.replace(/\/+$/, ''),
    numberOfApiCallRetries: 0,
    // HubSpot's documented burst limit for private apps is 100 calls per 10 s (190 on higher tiers).
    limiterOptions: { maxConcurrent: 4, minTime: 110 },
  });
  return {
    client,
    async call(what, run) {
      calls += 1;
      try {
        const answer = await withTimeout(run(client), what);
        readUsage(answer.headers);
        return answer.data;
      } catch (error) {
        if (error && typeof error === 'object' && 'headers' in error) readUsage((error as { headers: Record<string, string> }).headers);
        throw asCrmError(what, error);
      }
    },
    async request<T>(what: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
      try {
        calls += 1;
        const response = await withTimeout(client.apiRequest({ method, path, body }), what);
        const headers = Object.fromEntries(response.headers.entries());
        readUsage(headers);
        const text = await response.text();
        if (!response.ok) throw hubspotError(what, response.status, text, headers);
        return (text ? JSON.parse(text) : {}) as T;
      } catch (error) {
        throw asCrmError(what, error);
      }
    },
    usage: () => usage,
    calls: () => calls,
  };
}
