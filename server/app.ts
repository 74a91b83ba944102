import { trpcServer } from '@hono/trpc-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { TCrmSettings } from '../shared/record-links';
import { isBusy, type Database } from './db/client';
import { userForToken } from './domain/users';
import { APP_ERROR_CODES, AppError } from './errors';
import { demoPages } from './demo/pages';
import { ingestRoutes } from './rest/ingest';
import { appRouter } from './routers';

export interface TAppOptions {
  database: Database;
  now?: () => Date;
  /** Serve the demo CRM and mail pages at /demo (demo mode only). */
  demoPages?: boolean;
  /** The team's CRMs, for the links that open a lead in them. */
  crm?: TCrmSettings;
}

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** The HTTP surface: health, tRPC for people, REST for machines. */
export function createApp({ database, now = () => new Date(), demoPages: withDemoPages = false, crm = {} }: TAppOptions): Hono {
  const app = new Hono();
  const recordLinks = { ...crm, demo: withDemoPages };

  app.get('/healthz', async (c) => {
    await database.client.execute('SELECT 1');
    return c.json({ ok: true });
  });

  app.use(
    '/trpc/*',
    bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.json({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'request body over 256 KiB' } }, 413) }),
    trpcServer({
      endpoint: '/trpc',
      router: appRouter,
      createContext: async (_options, c) => {
        const token = bearer(c.req.header('authorization'));
        return { database, user: token ? await userForToken(database, token) : null, now, recordLinks };
      },
    }),
  );

  app.route('/api/v1', ingestRoutes({ database, now }));
  if (withDemoPages) app.route('/demo', demoPages(database));

  app.onError((thrown, c) => {
    const error = isBusy(thrown) ? new AppError('BUSY', 'the database is busy: retry the same request') : thrown;
    if (error instanceof AppError) {
      return c.json({ error: { code: error.code, message: error.message, field: error.field ?? null } }, APP_ERROR_CODES[error.code].http);
    }
    console.error(error);
    return c.json({ error: { code: 'INTERNAL', message: 'internal error' } }, 500);
  });
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` } }, 404));

  return app;
}
