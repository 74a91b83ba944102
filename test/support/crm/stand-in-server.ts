import { serve, type ServerType } from '@hono/node-server';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { AddressInfo } from 'node:net';

// What the three CRM stand-ins share: serving a Hono app on a free port, a log of the calls
// they answered (to count API calls), and the outages a CRM really has — rate limits with
// Retry-After, bursts of 5xx, slow answers — scheduled against a clock the test can move.

export interface StandInCall {
  method: string;
  path: string;
  status: number;
  /** The clock's reading when the call arrived. */
  at: number;
}

export interface StandInOutage {
  /** The answer while the outage lasts: 429 (with Retry-After) or a 5xx. */
  status: 429 | 500 | 502 | 503;
  /** The outage ends at this clock reading (ms). */
  until?: number;
  /** Or after this many refused calls. */
  count?: number;
  /** The Retry-After header sent with a 429, in seconds. */
  retryAfterSeconds?: number;
  /** Only calls whose method and path this says true for are refused. */
  matches?: (method: string, path: string) => boolean;
}

export interface StandInFaults {
  /** Refuses calls as a CRM in trouble does, until the outage ends (several can be queued). */
  outage(outage: StandInOutage): void;
  /** Every answer waits this long first (ms of real time). */
  delayMs: number;
  /** Matching calls are carried out, then their answer held this long (ms of real time): a caller may die before it hears. */
  heldAnswers: { ms: number; matches: (method: string, path: string) => boolean } | null;
  clear(): void;
}

export interface StandInBase {
  /** The API's base address: what `--api-url` (or the instance URL) is set to. */
  url: string;
  calls: StandInCall[];
  faults: StandInFaults;
  close(): Promise<void>;
}

export interface TStandInOptions {
  /** The stand-in's clock (ms since the epoch); defaults to the real one. */
  now?: () => number;
  port?: number;
}

/** The body a refused call gets; each CRM words its errors its own way. */
export type RefusalBody = (outage: StandInOutage, c: Context) => Response;

/** Wraps a CRM's routes with the call log and the fault schedule, and serves them. */
export async function serveStandIn(routes: Hono, refuse: RefusalBody, options: TStandInOptions = {}): Promise<StandInBase> {
  const now = options.now ?? Date.now;
  const calls: StandInCall[] = [];
  let outages: (StandInOutage & { refused: number })[] = [];
  const faults: StandInFaults = {
    delayMs: 0,
    heldAnswers: null,
    outage: (outage) => void outages.push({ ...outage, refused: 0 }),
    clear() {
      outages = [];
      faults.delayMs = 0;
      faults.heldAnswers = null;
    },
  };

  const faultsFirst: MiddlewareHandler = async (c, next) => {
    const at = now();
    if (faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, faults.delayMs));
    outages = outages.filter((o) => (o.until === undefined || at < o.until) && (o.count === undefined || o.refused < o.count));
    const outage = outages.find((o) => !o.matches || o.matches(c.req.method, c.req.path));
    if (outage) {
      outage.refused += 1;
      calls.push({ method: c.req.method, path: c.req.path, status: outage.status, at });
      const response = refuse(outage, c);
      if (outage.status === 429 && outage.retryAfterSeconds !== undefined) response.headers.set('Retry-After', String(outage.retryAfterSeconds));
      return response;
    }
    await next();
    calls.push({ method: c.req.method, path: c.req.path, status: c.res.status, at });
    const held = faults.heldAnswers;
    if (held?.matches(c.req.method, c.req.path)) await new Promise((resolve) => setTimeout(resolve, held.ms));
  };

  const app = new Hono();
  app.use('*', faultsFirst);
  app.route('/', routes);

  const server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
