import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { createHash } from 'node:crypto';
import { RateLimited } from '../errors';
import { errorResponse } from './failures';
import type { TLimits } from './limits';
import { WindowCounter } from './window-counter';

// Per-caller limits: requests in flight per client address, failed sign-ins per address
// and per token prefix, ingest requests per ingest key. All state is in memory and
// bounded (see WindowCounter); a restart forgets it.

const MINUTE = 60_000;

/**
 * The client's address: the socket's peer, or — only when the server is configured as
 * being behind a proxy — the last address that proxy appended to X-Forwarded-For.
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // not served by @hono/node-server (app.request in a script)
  }
}

/** The secret a request presents: a Bearer token, or Basic auth's user name (Segment's write key). */
export function presentedSecret(c: Context): string | null {
  const [scheme = '', credentials] = (c.req.header('authorization') ?? '').trim().split(/\s+/, 2);
  if (!credentials) return null;
  if (/^bearer$/i.test(scheme)) return credentials;
  if (!/^basic$/i.test(scheme)) return null;
  return Buffer.from(credentials, 'base64').toString('utf8').split(':')[0] || null;
}

/** Secrets are `hs_…`/`hsk_…` and random after that: the prefix keeps 8 random characters. */
const prefixOf = (secret: string) => secret.slice(0, secret.indexOf('_') + 9);
const fingerprint = (secret: string) => createHash('sha256').update(secret).digest('base64url').slice(0, 22);

export function callerLimits(limits: TLimits) {
  const address = (c: Context) => clientAddress(c, limits.trustProxy);

  const inFlight = new Map<string, number>();
  /** At most `maxInFlightPerCaller` requests at once from one address. */
  const concurrency: MiddlewareHandler = async (c, next) => {
    const caller = address(c);
    const running = inFlight.get(caller) ?? 0;
    if (running >= limits.maxInFlightPerCaller || (running === 0 && inFlight.size >= limits.trackedCallers)) {
      return errorResponse(c, new RateLimited(`too many requests at once from ${caller}: at most ${limits.maxInFlightPerCaller} in flight; retry when one has answered`, 1));
    }
    inFlight.set(caller, running + 1);
    try {
      await next();
    } finally {
      const left = (inFlight.get(caller) ?? 1) - 1;
      if (left > 0) inFlight.set(caller, left);
      else inFlight.delete(caller);
    }
  };

  const failuresByAddress = new WindowCounter(limits.authFailuresPerMinute, MINUTE, limits.trackedCallers);
  const failuresByPrefix = new WindowCounter(limits.authFailuresPerMinute, MINUTE, limits.trackedCallers);
  /**
   * After `authFailuresPerMinute` 401s from one address, or for tokens sharing a prefix,
   * requests from there (or with that prefix) are refused with 429 until the minute is out.
   */
  const signInFailures: MiddlewareHandler = async (c, next) => {
    const caller = address(c);
    const secret = presentedSecret(c);
    const prefix = secret ? prefixOf(secret) : null;
    const wait = Math.max(failuresByAddress.retryAfter(caller), prefix ? failuresByPrefix.retryAfter(prefix) : 0);
    if (wait > 0) {
      return errorResponse(c, new RateLimited(`too many failed sign-ins (over ${limits.authFailuresPerMinute} a minute): retry in ${wait} s`, wait));
    }
    await next();
    if (c.res.status === 401) {
      failuresByAddress.hit(caller);
      if (prefix) failuresByPrefix.hit(prefix);
    }
  };

  const ingestByKey = new WindowCounter(limits.ingestPerMinute, MINUTE, limits.trackedCallers);
  /** At most `ingestPerMinute` requests a minute per ingest key (counted by a hash: no secret is kept). */
  const ingestFlood: MiddlewareHandler = async (c, next) => {
    const secret = presentedSecret(c);
    const wait = secret ? ingestByKey.hit(fingerprint(secret)) : 0;
    if (wait > 0) {
      return errorResponse(c, new RateLimited(`too many ingest requests for this key (over ${limits.ingestPerMinute} a minute): retry in ${wait} s`, wait));
    }
    await next();
  };

  return { concurrency, signInFailures, ingestFlood };
}
