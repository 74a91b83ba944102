import { Hono } from 'hono';
import { PipedriveCompany } from './pipedrive/company';
import { v1Routes } from './pipedrive/routes-v1';
import { v2PersonRoutes } from './pipedrive/routes-v2-persons';
import { v2RecordRoutes } from './pipedrive/routes-v2-records';
import { DAY_MS } from './pipedrive/records';
import { UNAUTHORIZED_BODY, v1ErrorBody } from './pipedrive/wire';
import { serveStandIn, type RefusalBody, type StandInBase } from './stand-in-server';

// A local Pipedrive for tests, driven through the official `pipedrive` client: API v1 under
// /v1 and /api/v1, API v2 under /api/v2, as Pipedrive serves them. Point the clients at it with
//   new v1.Configuration({ apiKey: token, basePath: standIn.basePath.v1 })   // `${url}/api/v1`
//   new v2.Configuration({ apiKey: token, basePath: standIn.basePath.v2 })   // `${url}/api/v2`
// The token is accepted as the x-api-token header (what the client sends), the api_token
// query parameter, or a Bearer token. Every answer carries Pipedrive's rate-limit headers,
// counted per token on the stand-in's clock; refusals come only from `faults.outage`.

export interface PipedriveStandInOptions {
  /** The API token the stand-in accepts (default "pipedrive-stand-in-token"). */
  token?: string;
  /** The company's domain, as GET /v1/users/me reports it (default "handshake-test"). */
  companyDomain?: string;
  /** The stand-in's clock (ms since the epoch); defaults to the real one. */
  now?: () => number;
  port?: number;
}

export interface PipedriveStandIn extends StandInBase {
  token: string;
  /** What the official clients' Configuration takes as basePath. */
  basePath: { v1: string; v2: string };
  /** The company behind the API: seed it, read back what the API wrote. */
  company: PipedriveCompany;
}

/** Requests per token in each 2-second window (Pipedrive's Professional plan, api_token). */
export const RATE_LIMIT_PER_WINDOW = 80;
const WINDOW_MS = 2000;
/** POST/PUT requests per token per UTC day (Pipedrive's fair usage limit). */
export const DAILY_WRITE_LIMIT = 10_000;

function tokenOf(req: { header(name: string): string | undefined; query(name: string): string | undefined }): string {
  const bearer = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1];
  return req.header('x-api-token') ?? req.query('api_token') ?? bearer ?? '';
}

/** Counts requests per token: in the current 2-second window, and writes in the current UTC day. */
function rateLimits(now: () => number) {
  const windows = new Map<string, { start: number; count: number }>();
  const days = new Map<string, { day: number; writes: number }>();
  return (token: string, method: string, refused429?: number): Record<string, string> => {
    const at = now();
    const start = at - (at % WINDOW_MS);
    const window = windows.get(token)?.start === start ? windows.get(token)! : { start, count: 0 };
    window.count += 1;
    windows.set(token, window);
    const day = Math.floor(at / DAY_MS);
    const daily = days.get(token)?.day === day ? days.get(token)! : { day, writes: 0 };
    if (['POST', 'PUT', 'PATCH'].includes(method)) daily.writes += 1;
    days.set(token, daily);
    const reset = refused429 ?? Math.max(1, Math.ceil((start + WINDOW_MS - at) / 1000));
    return {
      'x-ratelimit-limit': String(RATE_LIMIT_PER_WINDOW),
      'x-ratelimit-remaining': String(refused429 === undefined ? Math.max(0, RATE_LIMIT_PER_WINDOW - window.count) : 0),
      'x-ratelimit-reset': String(reset),
      'x-daily-requests-left': String(Math.max(0, DAILY_WRITE_LIMIT - daily.writes)),
    };
  };
}

const REFUSALS: Record<number, string> = {
  429: 'Request over limit',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export async function startPipedriveStandIn(options: PipedriveStandInOptions = {}): Promise<PipedriveStandIn> {
  const now = options.now ?? Date.now;
  const token = options.token ?? 'pipedrive-stand-in-token';
  const company = new PipedriveCompany(now, options.companyDomain ?? 'handshake-test');
  const count = rateLimits(now);

  const app = new Hono();
  app.use('*', async (c, next) => {
    const headers = count(tokenOf(c.req), c.req.method);
    if (tokenOf(c.req) !== token) return c.json(UNAUTHORIZED_BODY, 401, headers);
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    await next();
  });
  const v1 = v1Routes(company);
  app.route('/v1', v1);
  app.route('/api/v1', v1);
  app.route('/api/v2', v2PersonRoutes(company));
  app.route('/api/v2', v2RecordRoutes(company));
  app.all('*', (c) => c.json(v1ErrorBody('Unknown method .'), 404));

  const refuse: RefusalBody = (outage, c) => {
    const headers = count(tokenOf(c.req), c.req.method, outage.status === 429 ? (outage.retryAfterSeconds ?? 2) : undefined);
    return c.json(v1ErrorBody(REFUSALS[outage.status] ?? 'Requested service is not available', { errorCode: outage.status }), outage.status, headers);
  };

  const base = await serveStandIn(app, refuse, { now, port: options.port });
  return { ...base, token, basePath: { v1: `${base.url}/api/v1`, v2: `${base.url}/api/v2` }, company };
}
