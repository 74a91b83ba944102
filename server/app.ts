import { trpcServer } from '@hono/trpc-server';
import { Hono } from 'hono';
import { bodyLimit } from './http/body-limit';
import type { TCrmSettings } from '../shared/record-links';
import type { Database } from './db/client';
import { userForToken } from './domain/users';
import { AppError } from './errors';
import { demoPages } from './demo/pages';
import { callerLimits } from './http/caller-limits';
import { appErrorOf, errorResponse, logFailure, restError } from './http/failures';
import { DEFAULT_LIMITS, type TLimits } from './http/limits';
import { batchLimit, timeLimit } from './http/request-limits';
import { crmWebhookRoutes, type TWebhookOptions } from './rest/crm-webhooks';
import { ingestRoutes } from './rest/ingest';
import { inProcessReports, type TReportRunner } from './reports/report-runner';
import { appRouter } from './routers';
import { asTRPCError } from './trpc';

export interface TAppOptions {
  database: Database;
  now?: () => Date;
  /** Serve the demo CRM and mail pages at /demo (demo mode only). */
  demoPages?: boolean;
  /** The team's CRMs, for the links that open a lead in them. */
  crm?: TCrmSettings;
  /** Batch size, time limit, per-caller limits (defaults: DEFAULT_LIMITS). */
  limits?: Partial<TLimits>;
  /** The CRM connectors, for the CRMs' webhooks (none without them). */
  webhooks?: Omit<TWebhookOptions, 'trustProxy'>;
  /** Where the long reads (stats) run; in this thread unless given (startServer gives a worker for a file). */
  reports?: TReportRunner;
}

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** The HTTP surface: health, tRPC for people, REST for machines. */
export function createApp({ database, now = () => new Date(), demoPages: withDemoPages = false, crm = {}, limits: given = {}, webhooks, reports = inProcessReports(database) }: TAppOptions): Hono {
  const app = new Hono();
  const recordLinks = { ...crm, demo: withDemoPages };
  const limits = { ...DEFAULT_LIMITS, ...given };
  const perCaller = callerLimits(limits);

  app.use('*', timeLimit(limits.requestTimeoutMs));

  app.get('/healthz', async (c) => {
    await database.client.execute('SELECT 1');
    return c.json({ ok: true });
  });

  app.use('/trpc/*', perCaller.concurrency, perCaller.signInFailures, batchLimit(limits.maxBatch));
  app.use('/api/*', perCaller.concurrency, perCaller.signInFailures);
  app.use('/api/v1/*', perCaller.ingestFlood);

  app.use(
    '/trpc/*',
    bodyLimit({ maxSize: 256 * 1024, onError: (c) => errorResponse(c, new AppError('PAYLOAD_TOO_LARGE', 'body: at most 256 KiB per request', 'body')) }),
    trpcServer({
      endpoint: '/trpc',
      router: appRouter,
      maxBatchSize: limits.maxBatch,
      createContext: async (_options, c) => {
        const token = bearer(c.req.header('authorization'));
        try {
          return { database, user: token ? await userForToken(database, token) : null, now, recordLinks, reports };
        } catch (error) {
          throw asTRPCError(error) ?? error;
        }
      },
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR' || error.code === 'SERVICE_UNAVAILABLE') logFailure(`tRPC ${path ?? '?'}`, error.cause ?? error);
      },
    }),
  );

  if (webhooks) app.route('/api/v1/webhooks', crmWebhookRoutes({ ...webhooks, trustProxy: limits.trustProxy }));
  app.route('/api/v1', ingestRoutes({ database, now, segmentPendingPerKey: limits.segmentPendingPerKey }));
  if (withDemoPages) app.route('/demo', demoPages(database));

  app.onError((thrown, c) => {
    const error = appErrorOf(thrown);
    logFailure(`${c.req.method} ${c.req.path}`, thrown);
    if (error) return c.req.path === '/healthz' ? c.json({ ok: false, error: { code: error.code, message: error.message } }, 503) : restError(c, error);
    return c.json({ error: { code: 'INTERNAL', message: 'internal error' } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` } }, 404));

  return app;
}
