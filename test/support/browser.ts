import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');

/** Debian's Chromium; CHROMIUM_PATH points elsewhere when it lives elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  close(): Promise<void>;
}

/** Real headless Chromium with the built extension loaded, on a fresh profile. */
export async function launchWithExtension(): Promise<ExtensionBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'handshake-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(serviceWorker.url()).host;
  return {
    context,
    serviceWorker,
    extensionId,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Signs in the way a rep does: the options page, "Server URL", "Token", "Connect". Returns
 * the options page, showing who is signed in; the caller closes it.
 */
export async function signInThroughOptions(browser: ExtensionBrowser, serverUrl: string, token: string): Promise<Page> {
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.getByLabel('Server URL').fill(serverUrl);
  await options.getByLabel('Token').fill(token);
  await options.getByRole('button', { name: 'Connect' }).click();
  await options.getByText(/^Signed in as/).waitFor({ timeout: 15_000 });
  return options;
}

/** One of the extension's pages (`dashboard.html`, `charter.html`, …) in a new tab of this size. */
export async function openExtensionPage(browser: ExtensionBrowser, page: string, width: number, height: number): Promise<Page> {
  const tab = await browser.context.newPage();
  await tab.setViewportSize({ width, height });
  await tab.goto(`chrome-extension://${browser.extensionId}/${page}`);
  return tab;
}
