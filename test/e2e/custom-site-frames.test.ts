import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, signInThroughOptions, type ExtensionBrowser } from '../support/browser';
import { insertLead } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// The frames a custom site's page holds besides its reading pane: a hidden one (an upload
// target, a keep-alive) and one of another origin (an embedded widget) come first in the
// page here, and neither is read; the pane is, as its links navigate it. The Roundcube test
// shows the same on a real webmail; this page isolates the frames it does not have.

const LEADS = [
  { email: 'camille.durand@northwind-analytics.fr', firstName: 'Camille', lastName: 'Durand' },
  { email: 'jonas.weber@brightlane.de', firstName: 'Jonas', lastName: 'Weber' },
  { email: 'hidden.frame@elsewhere.example', firstName: 'Hidden', lastName: 'Frame' },
  { email: 'other.origin@elsewhere.example', firstName: 'Other', lastName: 'Origin' },
];

const item = (email: string) => `<!doctype html><html><body><h1>Message</h1><p>From <a href="mailto:${email}">${email}</a></p></body></html>`;

describe('a custom site with several frames', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let site: Server;
  let page: Page;
  let panel: Locator;

  beforeAll(async () => {
    server = await startTestServer();
    const { token } = await server.user({ email: 'ines.moreau@example.com', name: 'Inès Moreau', role: 'rep', timeZone: 'Europe/Paris' });
    for (const lead of LEADS) await insertLead(server.database, lead);
    let port = 0;
    site = createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      const pages: Record<string, string> = {
        // The list shows its rows' addresses as text; the frames come before the reading pane.
        '/': `<!doctype html><html><body>
          <iframe src="/item/hidden" style="display:none"></iframe>
          <iframe src="http://127.0.0.1:${port}/item/other-origin" width="200" height="80"></iframe>
          <ul><li><a href="/item/1" target="pane">one</a> ${LEADS[0]!.email}</li><li><a href="/item/2" target="pane">two</a> ${LEADS[1]!.email}</li></ul>
          <iframe name="pane" src="/item/1" width="600" height="200"></iframe></body></html>`,
        '/item/1': item(LEADS[0]!.email),
        '/item/2': item(LEADS[1]!.email),
        '/item/hidden': item(LEADS[2]!.email),
        '/item/other-origin': item(LEADS[3]!.email),
      };
      response.end(pages[request.url ?? ''] ?? '');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    port = (site.address() as AddressInfo).port;

    browser = await launchWithExtension();
    const options = await signInThroughOptions(browser, server.url, token);
    await options.getByLabel('Add a site').fill(`localhost:${port}`);
    await options.getByRole('button', { name: 'Add', exact: true }).click();
    await options.getByRole('status').filter({ hasText: `Added localhost:${port}` }).waitFor({ timeout: 10_000 });
    await options.close();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 1400, height: 800 });
    await page.goto(`http://localhost:${port}/`);
    panel = page.getByRole('complementary', { name: 'Handshake' });
  });
  afterAll(async () => {
    await browser?.close();
    site?.closeAllConnections();
    await new Promise((resolve) => site?.close(resolve));
    await server?.close();
  });

  const leadShown = async () => {
    const name = panel.getByRole('region', { name: 'Lead' }).locator('.hs-name');
    return (await name.count()) > 0 ? name.first().textContent() : null;
  };

  it('reads the reading pane, not a hidden frame, a frame of another origin or the list, and follows the pane', async () => {
    await expect.poll(leadShown, { timeout: 15_000 }).toBe('Camille Durand');
    expect(await panel.getByRole('region', { name: 'Other addresses on this page' }).count()).toBe(0);
    await page.evaluate(() => ((globalThis as { handshakeTestMark?: number }).handshakeTestMark = 1));
    await page.getByRole('link', { name: 'two' }).click();
    await expect.poll(leadShown, { timeout: 15_000 }).toBe('Jonas Weber');
    expect(await panel.getByRole('region', { name: 'Other addresses on this page' }).count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { handshakeTestMark?: number }).handshakeTestMark)).toBe(1);
  });
});
