import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { OBJECT_TYPES, objectTypeFrom, type HubSpotObjectType } from './hubspot-object-types';
import type { PropertyProblem } from './hubspot-properties';
import type { RefusalBody } from './stand-in-server';

// HubSpot's answers that are not data: its error bodies (status, message, correlationId, category),
// the bearer-token and scope checks, and the rate-limit headers counted per token.

export const DAILY_LIMIT = 650_000;
export const BURST_LIMIT = 190;
export const BURST_INTERVAL_MS = 10_000;

export function errorJson(c: Context, status: ContentfulStatusCode, message: string, category: string | undefined, extra: Record<string, unknown> = {}) {
  return c.json({ status: 'error', message, correlationId: randomUUID(), ...(category ? { category } : {}), ...extra }, status);
}

export const notFound = (c: Context, message = 'resource not found') => errorJson(c, 404, message, 'OBJECT_NOT_FOUND');

export const badRequest = (c: Context, message: string, extra: Record<string, unknown> = {}) => errorJson(c, 400, message, 'VALIDATION_ERROR', extra);

/** HubSpot's "Property values were not valid" answer, naming every refused property. */
export function invalidProperties(c: Context, problems: PropertyProblem[], portalId: number) {
  const listed = problems.map((problem) => ({ isValid: false, message: problem.message, error: problem.error, name: problem.name, localizedErrorMessage: problem.message, portalId }));
  return badRequest(c, `Property values were not valid: ${JSON.stringify(listed)}`, {
    errors: problems.map((problem) => ({ message: problem.message, code: problem.error, context: { propertyName: [problem.name] } })),
  });
}

export function missingScopes(c: Context, scopes: string[]) {
  return errorJson(c, 403, "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.", 'MISSING_SCOPES', {
    errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: scopes } }],
    links: { scopes: 'https://developers.hubspot.com/scopes' },
  });
}

export function invalidAuthentication(c: Context) {
  c.header('X-HubSpot-Auth-Failure', '401 Unauthorized');
  return errorJson(
    c,
    401,
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
    'INVALID_AUTHENTICATION',
  );
}

export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization') ?? '';
  return /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
}

/** Per-token call counts for the X-HubSpot-RateLimit-* headers: a rolling ten seconds and the (UTC) day. */
export function rateLimitCounter(now: () => number) {
  const seen = new Map<string, { recent: number[]; day: string; today: number }>();
  return (token: string, headers: Headers) => {
    const at = now();
    const day = new Date(at).toISOString().slice(0, 10);
    const counts = seen.get(token) ?? { recent: [], day, today: 0 };
    seen.set(token, counts);
    if (counts.day !== day) Object.assign(counts, { day, today: 0 });
    counts.today += 1;
    counts.recent = [...counts.recent.filter((time) => at - time < BURST_INTERVAL_MS), at];
    headers.set('X-HubSpot-RateLimit-Daily', String(DAILY_LIMIT));
    headers.set('X-HubSpot-RateLimit-Daily-Remaining', String(Math.max(0, DAILY_LIMIT - counts.today)));
    headers.set('X-HubSpot-RateLimit-Interval-Milliseconds', String(BURST_INTERVAL_MS));
    headers.set('X-HubSpot-RateLimit-Max', String(BURST_LIMIT));
    headers.set('X-HubSpot-RateLimit-Remaining', String(Math.max(0, BURST_LIMIT - counts.recent.length)));
  };
}

export type RateLimitCount = ReturnType<typeof rateLimitCounter>;

/** Counts the call, and answers 401 unless the bearer token is the portal's (the token-info endpoint checks its own). */
export function authenticate(token: () => string, count: RateLimitCount, open: string[]): MiddlewareHandler {
  return async (c, next) => {
    const given = bearerToken(c);
    if (!open.includes(c.req.path) && given !== token()) {
      const refused = invalidAuthentication(c);
      count(given ?? '', refused.headers);
      return refused;
    }
    await next();
    count(given ?? '', c.res.headers);
    c.res.headers.set('X-HubSpot-Correlation-Id', randomUUID());
  };
}

/** The base's outages in HubSpot's words: RATE_LIMIT with the policy hit (search has its own per-second one), or a server error. */
export function hubspotRefusal(count: RateLimitCount): RefusalBody {
  return (outage, c) => {
    const correlationId = randomUUID();
    let response: Response;
    if (outage.status === 429) {
      const search = c.req.path.endsWith('/search');
      const policyName = search ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING';
      const message = search ? 'You have reached your secondly limit.' : 'You have reached your ten_secondly_rolling limit.';
      response = c.json({ status: 'error', message, errorType: 'RATE_LIMIT', correlationId, policyName, groupName: 'publicapi:private-app' }, 429);
    } else {
      const message = { 500: 'internal error', 502: 'Bad Gateway', 503: 'Service Unavailable' }[outage.status];
      response = c.json({ status: 'error', message, correlationId }, outage.status);
    }
    count(bearerToken(c) ?? '', response.headers);
    if (outage.status === 429) response.headers.set('X-HubSpot-RateLimit-Remaining', '0');
    response.headers.set('X-HubSpot-Correlation-Id', correlationId);
    return response;
  };
}

export interface Access {
  scopes(): ReadonlySet<string>;
}

export function objectScope(type: HubSpotObjectType, mode: 'read' | 'write'): string {
  return `crm.objects.${OBJECT_TYPES[type].scopeObject}.${mode}`;
}

/** A 403 unless the token holds one of these scopes. */
export function refuseUnlessScope(c: Context, access: Access, anyOf: string[]): Response | undefined {
  const held = access.scopes();
  return anyOf.some((scope) => held.has(scope)) ? undefined : missingScopes(c, anyOf);
}

/** The object type a path names, or HubSpot's 400 for a name it cannot read. */
export function typeParam(c: Context, name: string): HubSpotObjectType | Response {
  const raw = c.req.param(name) ?? '';
  return objectTypeFrom(raw) ?? errorJson(c, 400, `Unable to infer object type from: ${raw}`, 'VALIDATION_ERROR');
}

export async function readJson(c: Context): Promise<Record<string, unknown> | Response> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : badRequest(c, 'Invalid input JSON: expected an object');
  } catch (error) {
    return badRequest(c, `Invalid input JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** An id or name from a JSON body ("123" or 123); anything else reads as empty. */
export function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
