import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiUsage, SalesforceAuth } from './salesforce-auth';
import { createOrgControl, type SalesforceOrgControl } from './salesforce-control';
import { SalesforceOrg } from './salesforce-org';
import { dataRoutes } from './salesforce-rest';
import { serveStandIn, type RefusalBody, type StandInBase } from './stand-in-server';

// A local Salesforce org behind its public REST API, for tests that drive it through jsforce:
// the OAuth 2.0 JWT bearer token endpoint, the data API (versions, limits, describe, SOQL
// query/queryAll with query locators, sObject rows, upsert by external id, sObject
// Collections, updated/deleted), and an `org` object through which a test sets the org up
// and reads it back. Its url is both the login URL and the instance URL.

export interface SalesforceStandInOptions {
  /** The newest API version served (default "62.0"); /services/data lists 31.0 up to it. */
  apiVersion?: string;
  now?: () => number;
  port?: number;
}

export interface SalesforceStandIn extends StandInBase {
  org: SalesforceOrgControl;
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Outages answered as Salesforce answers them: the OAuth error shape or the REST error array. */
const refusal = (usage: ApiUsage): RefusalBody => (outage, c) => {
  const status = outage.status as ContentfulStatusCode;
  if (c.req.path.startsWith('/services/oauth2')) return c.json({ error: 'unknown_error', error_description: 'retry your request' }, status);
  c.header('Sforce-Limit-Info', usage.header());
  const errors = {
    429: { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' },
    500: { message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1738420985-51272 (-1205846417)', errorCode: 'UNKNOWN_EXCEPTION' },
    502: { message: 'Bad Gateway', errorCode: 'BAD_GATEWAY' },
    503: { message: 'Server is temporarily unavailable. Please try again later.', errorCode: 'SERVER_UNAVAILABLE' },
  };
  return c.json([errors[outage.status]], status);
};

export async function startSalesforceStandIn(options: SalesforceStandInOptions = {}): Promise<SalesforceStandIn> {
  const now = options.now ?? Date.now;
  const apiVersion = options.apiVersion ?? '62.0';
  if (!/^\d+\.0$/.test(apiVersion) || Number(apiVersion) < 31) throw new Error(`apiVersion ${apiVersion}: expected a version such as 62.0 (31.0 or later)`);
  const org = new SalesforceOrg(now);
  const auth = new SalesforceAuth(now, org.orgId);
  const usage = new ApiUsage(now);
  const control = createOrgControl(org, auth, usage);

  const routes = new Hono();
  routes.post('/services/oauth2/token', async (c) => tokenEndpoint(c, org, auth));
  routes.get('/id/:orgId/:userId', (c) => identity(c, org, auth));
  routes.route('/', dataRoutes({ org, auth, usage, apiVersion }));

  const base = await serveStandIn(routes, refusal(usage), { now, port: options.port });
  return { ...base, org: control };
}

async function tokenEndpoint(c: Context, org: SalesforceOrg, auth: SalesforceAuth): Promise<Response> {
  const form = await c.req.parseBody();
  const grantType = typeof form.grant_type === 'string' ? form.grant_type : '';
  if (grantType !== JWT_BEARER) return c.json({ error: 'unsupported_grant_type', error_description: 'grant type not supported' }, 400);
  const assertion = typeof form.assertion === 'string' ? form.assertion : '';
  const origin = new URL(c.req.url).origin;
  const grant = auth.jwtBearer(assertion, origin, (username) => {
    const user = org.rows('User').find((u) => u.deletedAt === undefined && String(u.values.Username).toLowerCase() === username);
    return user && { id: user.id, active: user.values.IsActive === true };
  });
  if ('error' in grant) return c.json(grant, 400);
  return c.json({
    access_token: auth.issue(grant.userId),
    scope: 'api',
    instance_url: origin,
    id: `${origin}/id/${org.orgId}/${grant.userId}`,
    token_type: 'Bearer',
  });
}

/** The identity URL jsforce's identity() reads, with the token as a header or oauth_token. */
function identity(c: Context, org: SalesforceOrg, auth: SalesforceAuth): Response {
  const token = c.req.query('oauth_token') ?? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
  const userId = token ? auth.userFor(token) : undefined;
  const user = userId ? org.get(userId) : undefined;
  if (!user || user.id !== c.req.param('userId') || org.orgId !== c.req.param('orgId')) return c.text('Bad_OAuth_Token', 403);
  const origin = new URL(c.req.url).origin;
  return c.json({
    id: `${origin}/id/${org.orgId}/${user.id}`,
    user_id: user.id,
    organization_id: org.orgId,
    username: user.values.Username,
    email: user.values.Email,
    display_name: user.values.Name,
    active: user.values.IsActive,
    urls: { rest: `${origin}/services/data/v{version}/`, query: `${origin}/services/data/v{version}/query/` },
  });
}
