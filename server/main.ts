import { fork } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crmSettings, limitSettings, loadConfig } from './config';
import type { Database } from './db/client';
import { users } from './db/schema';
import type { TCrmName } from './db/schema-connectors';
import { seedReporter } from './demo/progress';
import type { TSeedMessage } from './demo/seed-process';
import type { TSeedProgress } from './demo/seed';
import { CONNECTORS } from './connectors/registry';
import { defaultKeyFile, loadSecretKey } from './connectors/secrets';
import { startSyncLoop } from './connectors/sync';
import { startAlertDispatcher } from './alerts/dispatcher';
import { alertSenders } from './alerts/settings';
import { startRescoreJobs } from './domain/rescore-job';
import { startSweeper } from './domain/sweeper';
import { startServer } from './server';
import { StartupError } from './startup-error';
import { demoTokensFile } from './demo/tokens-file';

interface TDemoUser {
  email: string;
  name: string;
  role: string;
  token: string;
}


async function isEmpty(database: Database): Promise<boolean> {
  const rows = await database.db.select({ id: users.id }).from(users).limit(1);
  return rows.length === 0;
}

/** Runs the demo seed in its own process (server/demo/seed-process.ts) and waits for it. */
function seedInChildProcess(tokensFile: string, onProgress: (progress: TSeedProgress) => void): Promise<Record<string, unknown>> {
  const child = fork(fileURLToPath(new URL('./demo/seed-process.ts', import.meta.url)), [tokensFile], { stdio: 'inherit' });
  let counts: Record<string, unknown> | null = null;
  child.on('message', (message: TSeedMessage) => {
    if (message.kind === 'progress') onProgress(message.progress);
    else counts = message.counts;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => (counts && code === 0 ? resolve(counts) : reject(new Error(`the demo seed stopped (${signal ?? `exit ${code}`})`))));
  });
}

/** `npm start`'s server: a start-up problem (a setting, the database) is said in words, and the process ends with code 1. */
export async function main(options: { extensionDir?: string } = {}): Promise<void> {
  try {
    await serve(options);
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    console.error(`Handshake did not start: ${error.message}`);
    process.exit(1);
  }
}

async function serve(options: { extensionDir?: string }): Promise<void> {
  const config = loadConfig();
  const secretKey = loadSecretKey({ envKey: config.HANDSHAKE_SECRET_KEY, keyFile: config.HANDSHAKE_SECRET_KEY_FILE ?? defaultKeyFile(config.HANDSHAKE_DB_URL), create: true });
  // Webhooks are served from the start; they start passes once the sync loop runs.
  let pullSoon: (crm: TCrmName) => void = () => undefined;
  const server = await startServer({
    connectors: { secretKey, pullSoon: (crm) => pullSoon(crm) },
    dbUrl: config.HANDSHAKE_DB_URL,
    dbAuthToken: config.HANDSHAKE_DB_AUTH_TOKEN,
    dbSyncUrl: config.HANDSHAKE_DB_SYNC_URL,
    dbSyncSeconds: config.HANDSHAKE_DB_SYNC_SECONDS,
    port: config.PORT,
    hostname: config.HOST,
    demoPages: config.HANDSHAKE_DEMO === '1',
    crm: crmSettings(config),
    limits: limitSettings(config),
  });
  const { database } = server;
  const tokensFile = demoTokensFile(config.HANDSHAKE_DB_URL);

  if (config.HANDSHAKE_DEMO === '1' && (await isEmpty(database))) {
    console.log('Empty database: seeding demo data (reps, a manager, leads and their history)…');
    const started = Date.now();
    const reporter = seedReporter({ tty: Boolean(process.stderr.isTTY), print: (line) => console.log(line) });
    try {
      const counts = await seedInChildProcess(tokensFile, reporter.onProgress);
      console.log(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
      // The seed wrote to the libSQL server itself: a replica reads it once synced.
      await database.sync();
    } catch (error) {
      // Nothing was written (one transaction): tokens kept for it would name no one.
      rmSync(tokensFile, { force: true });
      throw error;
    } finally {
      reporter.stop();
    }
  }
  const stopSweeper = startSweeper(database, () => new Date(), config.HANDSHAKE_SWEEP_SECONDS * 1000);
  const sync = startSyncLoop({ database, secretKey, modules: CONNECTORS, now: () => new Date() }, config.HANDSHAKE_SYNC_SECONDS * 1000);
  pullSoon = sync.pullSoon;
  const stopRescore = startRescoreJobs(database, { now: () => new Date(), log: (line) => console.log(line), chunkSize: config.HANDSHAKE_RESCORE_CHUNK });
  const stopAlerts = startAlertDispatcher(
    database,
    { crm: crmSettings(config), chatDefault: Boolean(config.HANDSHAKE_SLACK_WEBHOOK_URL) },
    alertSenders(config, database, secretKey),
    config.HANDSHAKE_ALERTS_SECONDS * 1000,
    () => new Date(),
    (line) => console.error(line),
  );

  const replicaOf = config.HANDSHAKE_DB_SYNC_URL ? `, an embedded replica of ${config.HANDSHAKE_DB_SYNC_URL}` : '';
  const lines = [`\nHandshake server on ${server.url}  (database: ${config.HANDSHAKE_DB_URL}${replicaOf})`];
  if (config.HANDSHAKE_DEMO === '1' && existsSync(tokensFile)) {
    const demo = JSON.parse(readFileSync(tokensFile, 'utf8')) as { users: TDemoUser[]; ingestKey: string };
    lines.push('', 'Demo users (paste a token in the extension options, with the server URL above):');
    for (const user of demo.users) lines.push(`  ${user.role.padEnd(8)} ${user.name.padEnd(22)} ${user.email.padEnd(34)} ${user.token}`);
    lines.push('', `Demo ingest key (REST /api/v1/…): ${demo.ingestKey}`);
    lines.push(`Demo CRM and mail pages, for the sidebar without a CRM account: ${server.url}/demo`);
  } else if (await isEmpty(database)) {
    lines.push('', 'No users yet. Add the first one:', '  npm run cli -- user add --email you@company.com --name "Your Name" --role admin');
  }
  if (options.extensionDir) {
    lines.push(
      '',
      'Load the extension in Chrome or Chromium:',
      '  1. open chrome://extensions and switch on "Developer mode"',
      `  2. "Load unpacked" → ${options.extensionDir}`,
      '  3. in its options, enter the server URL above and a token',
    );
  }
  console.log(lines.join('\n'));

  const shutdown = () => {
    stopSweeper();
    sync.stop();
    stopRescore();
    stopAlerts();
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
