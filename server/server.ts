import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { TCrmSettings } from '../shared/record-links';
import { createApp } from './app';
import { CONNECTORS } from './connectors/registry';
import type { TSecretKey } from './connectors/secrets';
import type { TCrmName } from './db/schema-connectors';
import { checkpointInBackground } from './db/background-checkpoints';
import { migrateDatabase, openDatabase, type Database } from './db/client';
import { ensureDefaultCharter } from './domain/charter';
import type { TLimits } from './http/limits';
import { reportRunnerFor } from './reports/report-runner';

export interface TServerOptions {
  dbUrl: string;
  dbAuthToken?: string;
  /** A libSQL server `dbUrl` (a file) is an embedded replica of, and how often it syncs. */
  dbSyncUrl?: string;
  dbSyncSeconds?: number;
  port: number;
  hostname?: string;
  now?: () => Date;
  demoPages?: boolean;
  crm?: TCrmSettings;
  limits?: Partial<TLimits>;
  /** The CRM connectors' sealing key and how to start a pass: their webhooks are served with them. */
  connectors?: { secretKey: TSecretKey; pullSoon: (crm: TCrmName) => void };
}

export interface RunningServer {
  url: string;
  port: number;
  database: Database;
  close(): Promise<void>;
}

/** Opens and migrates the database, then serves the app. */
export async function startServer(options: TServerOptions): Promise<RunningServer> {
  const database = await openDatabase(options.dbUrl, { authToken: options.dbAuthToken, syncUrl: options.dbSyncUrl, syncSeconds: options.dbSyncSeconds, timeoutMs: options.limits?.dbTimeoutMs });
  await migrateDatabase(database);
  await ensureDefaultCharter(database);
  const checkpoints = await checkpointInBackground(database, { onError: (message) => console.error(`Checkpointing the database: ${message}`) });
  const reports = reportRunnerFor(database, { timeoutMs: options.limits?.dbTimeoutMs });
  const app = createApp({ database, reports, now: options.now, demoPages: options.demoPages, crm: options.crm, limits: options.limits, webhooks: options.connectors && { connectors: { database, secretKey: options.connectors.secretKey, modules: CONNECTORS, now: options.now ?? (() => new Date()) }, pullSoon: options.connectors.pullSoon } });
  const hostname = options.hostname ?? '127.0.0.1';
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${hostname === '0.0.0.0' ? '127.0.0.1' : hostname}:${port}`,
    port,
    database,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          void reports.close();
          void checkpoints.stop().finally(() => {
            database.close();
            if (error) reject(error);
            else resolve();
          });
        });
      }),
  };
}
