import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SITE_MATCHES, SITE_ORIGINS } from '../../extension/sites';
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

  it('asks for no more than it needs', async () => {
    const manifest = JSON.parse(await readFile(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
      manifest_version: number;
      permissions?: string[];
      host_permissions?: string[];
      optional_host_permissions?: string[];
      commands?: Record<string, unknown>;
      content_scripts: { matches: string[] }[];
      web_accessible_resources?: unknown[];
    };
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.permissions).toEqual(['storage', 'alarms', 'notifications', 'scripting']);
    // The local server only; any other server is asked for when the user connects to it.
    expect(manifest.host_permissions).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect(manifest.content_scripts.flatMap((c) => c.matches).sort()).toEqual([...SITE_MATCHES].sort());
    // A keyboard shortcut into the sidebar; commands need no permission.
    expect(manifest.commands).toEqual({ 'toggle-sidebar': { suggested_key: { default: 'Alt+Shift+H' }, description: 'Move into the Handshake sidebar, or fold it and go back to the page' } });
    // Other servers and custom sites: asked for at run time, one origin at a time.
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    // One file a page may load: the sidebar's UI (its styles inlined), by the built-in sites'
    // origins only, under a per-session address; nothing else, no tabs, no messages from the web.
    expect(manifest.web_accessible_resources).toEqual([{ resources: ['sidebar-ui.js'], matches: [...SITE_ORIGINS], use_dynamic_url: true }]);
    expect(SITE_ORIGINS.every((origin) => SITE_MATCHES.some((pattern) => pattern.startsWith(origin.slice(0, -1))))).toBe(true);
    expect(JSON.stringify(manifest)).not.toMatch(/<all_urls>|"tabs"|externally_connectable/);
  });
});
