import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { EXTENSION_DIR, launchWithExtension, type ExtensionBrowser } from '../support/browser';

describe('the built extension in real Chromium', () => {
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('starts its background service worker', () => {
    expect(browser.serviceWorker.url()).toBe(`chrome-extension://${browser.extensionId}/background.js`);
    expect(browser.extensionId).toMatch(/^[a-p]{32}$/);
  });

  it('runs the background code: it records the charter version it was built with', async () => {
    const stored = await browser.serviceWorker.evaluate(async () => {
      // Runs inside the service worker, where `chrome` is the extension API.
      const { chrome } = globalThis as unknown as {
        chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
      };
      const deadline = Date.now() + 5000;
      for (;;) {
        const value = await chrome.storage.local.get('builtWithCharterVersion');
        if (value.builtWithCharterVersion !== undefined || Date.now() > deadline) return value.builtWithCharterVersion;
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    expect(stored).toBe(DEFAULT_CHARTER.version);
  });

  it('asks for no more than it needs', async () => {
    const manifest = JSON.parse(await readFile(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
      manifest_version: number;
      permissions?: string[];
      host_permissions?: string[];
    };
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.permissions).toEqual(['storage']);
    expect(manifest.host_permissions ?? []).not.toContain('<all_urls>');
  });
});
