import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '../../server/demo/seed';
import { startServer, type RunningServer } from '../../server/server';
import { launchWithExtension, signInThroughOptions, type ExtensionBrowser } from './browser';

export interface DemoWithExtension {
  server: RunningServer;
  browser: ExtensionBrowser;
  /** The seeded users with their tokens (a test may sign in as another in a browser of its own). */
  users: Awaited<ReturnType<typeof seedDemo>>['users'];
  close(): Promise<void>;
}

/**
 * A demo server as `npm start` runs it (a smaller quarter: the documented leads are the same)
 * on a fresh libSQL file, and Chromium with the built extension signed in as Inès Moreau.
 */
export async function startDemoWithExtension(): Promise<DemoWithExtension> {
  const dir = await mkdtemp(join(tmpdir(), 'handshake-demo-e2e-'));
  const server = await startServer({ dbUrl: `file:${join(dir, 'handshake.db')}`, port: 0, demoPages: true });
  const seeded = await seedDemo(server.database, { now: new Date(), leads: 600 });
  const browser = await launchWithExtension();
  const ines = seeded.users.find((user) => user.name === 'Inès Moreau')!;
  await (await signInThroughOptions(browser, server.url, ines.token)).close();
  return {
    server,
    browser,
    users: seeded.users,
    async close() {
      await browser.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
