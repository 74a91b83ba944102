import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from '../support/browser';
import { insertLead } from '../support/fixtures';
import { api, startTestServer, type TestServer } from '../support/server';
import { SCREENSHOTS } from './screenshots';

// The options page in real Chromium against a real server: sign-in by its visible labels,
// errors in words, sign-out, and the site settings the content script reads.
//
// Headless Chromium cannot answer a permission prompt. The test server listens on
// 127.0.0.1, which the manifest grants (host_permissions, loopback only), so
// permissions.request resolves at once without a prompt, as it does for `npm start`'s demo.

describe('the options page', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let page: Page;
  let token: string;

  const storageLocal = () =>
    page.evaluate(async () => {
      const { chrome } = globalThis as unknown as { chrome: { storage: { local: { get(): Promise<Record<string, unknown>> } } } };
      return chrome.storage.local.get();
    });
  const send = (message: unknown) =>
    page.evaluate(async (m) => {
      const { chrome } = globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } };
      return chrome.runtime.sendMessage(m);
    }, message);

  beforeAll(async () => {
    server = await startTestServer();
    ({ token } = await server.user({ email: 'ines.moreau@example.com', name: 'Inès Moreau', role: 'rep', timeZone: 'Europe/Paris' }));
    browser = await launchWithExtension();
    page = await browser.context.newPage();
    await page.setViewportSize({ width: 900, height: 860 });
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('starts with the local demo server and nobody signed in', async () => {
    expect(await page.getByLabel('Server URL').inputValue()).toBe('http://127.0.0.1:8787');
    await page.getByText('Not signed in.').waitFor();
  });

  it('says in words when the token is wrong, and keeps nobody signed in', async () => {
    await page.getByLabel('Server URL').fill(server.url);
    await page.getByLabel('Token').fill('hs_not-a-real-token');
    await page.getByRole('button', { name: 'Connect' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 15_000 });
    expect(await alert.textContent()).toBe('The server did not accept this token. Check it, or ask your admin for a new one.');
    expect(await send({ kind: 'getSession', input: null })).toEqual({ ok: true, value: null });
  });

  it('says in words when the server is not there, or the address is not one', async () => {
    await page.getByLabel('Server URL').fill('http://127.0.0.1:9');
    await page.getByLabel('Token').fill(token);
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 15_000 }).toBe('The Handshake server cannot be reached. Check your connection and the server URL.');
    await page.getByLabel('Server URL').fill('http://handshake.example.com');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Server URL: use https:// (plain http:// only for a server on this computer).');
  });

  it('signs in with the labels a person sees, shows who, and never hands the token out', async () => {
    await page.getByLabel('Server URL').fill(server.url);
    await page.getByLabel('Token').fill(token);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByText(`Signed in as Inès Moreau (rep) on ${server.url}`).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByLabel('Token').inputValue()).toBe('');
    const session = await send({ kind: 'getSession', input: null });
    expect(session).toMatchObject({ ok: true, value: { serverUrl: server.url, user: { name: 'Inès Moreau', role: 'rep' } } });
    expect(JSON.stringify(session)).not.toContain(token);
    // Not in storage.local either, which content scripts can read: the background keeps it in the extension's IndexedDB.
    expect(JSON.stringify(await storageLocal())).not.toContain(token);
  });

  it('signed in, a rep chooses which alerts reach them by e-mail and on the desktop', async () => {
    const alerts = page.getByRole('region', { name: 'Your alerts' });
    await alerts.getByRole('checkbox', { name: 'SLA warnings by e-mail' }).waitFor({ timeout: 15_000 });
    expect(await alerts.getByRole('checkbox').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).checked))).toEqual(Array(9).fill(true));
    await alerts.getByRole('checkbox', { name: 'Nudges from a manager by e-mail' }).uncheck();
    await alerts.getByRole('checkbox', { name: 'The weekly sync report (managers and RevOps) by e-mail' }).uncheck();
    await alerts.getByRole('checkbox', { name: 'SLA warnings on the desktop' }).uncheck();
    await alerts.getByRole('button', { name: 'Save alerts' }).click();
    await alerts.getByText('Alerts saved.').waitFor({ timeout: 15_000 });
    expect(await api(server.url, token).people.myAlerts.query()).toMatchObject({ emailAlerts: ['sla_warning', 'sla_breach', 'reassigned'], desktopAlerts: ['sla_breach', 'reassigned', 'nudge'] });
    for (const [width, height] of [[1366, 768], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: join(SCREENSHOTS, `options-alerts-${width}x${height}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 900, height: 860 });
  });

  it('switches a site off: the setting is kept, and that site gets no sidebar', async () => {
    await page.getByLabel('Gmail').uncheck();
    await expect
      .poll(async () => (await storageLocal()).siteSettings)
      .toEqual({ enabled: { hubspot: true, salesforce: true, pipedrive: true, gmail: false, outlook: true }, custom: [] });
    const html = await readFile(join(import.meta.dirname, '../fixtures/pages/gmail-thread.html'), 'utf8');
    await browser.context.route('https://mail.google.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
    const gmail = await browser.context.newPage();
    await gmail.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQZTMKrGxkBbWlcnLgSsbVdpPxB');
    await gmail.waitForTimeout(1500);
    expect(await gmail.locator('handshake-sidebar').count()).toBe(0);
    await gmail.close();
    await page.reload();
    await page.getByText('Signed in as Inès Moreau (rep)', { exact: false }).waitFor({ timeout: 15_000 });
    expect(await page.getByLabel('Gmail').isChecked()).toBe(false);
  });

  it('adds a custom site: the sidebar finds the lead by the address on its pages; removed, it is gone', async () => {
    await insertLead(server.database, { email: 'camille.durand@northwind-analytics.fr', firstName: 'Camille', lastName: 'Durand', title: 'Head of Revenue Operations' });
    await insertLead(server.database, { email: 'paul.marchand@northwind-analytics.fr', firstName: 'Paul', lastName: 'Marchand', title: 'Analyst' });
    // A team's own CRM: a real HTTP server on this machine, serving the saved page with the signed-in rep in its header.
    const saved = await readFile(join(import.meta.dirname, '../fixtures/pages/custom-crm-person.html'), 'utf8');
    const crm: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(saved.replace('sam.rep@handshake-demo.com', 'ines.moreau@example.com'));
    });
    await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
    const crmPort = (crm.address() as AddressInfo).port;
    const personUrl = `http://localhost:${crmPort}/people/42`;
    try {
      // Open before the site is added: it gets the sidebar when added, without a reload.
      const person = await browser.context.newPage();
      await person.goto(personUrl);
      await person.getByRole('heading', { name: 'Camille Durand' }).waitFor();
      expect(await person.locator('handshake-sidebar').count()).toBe(0);
      await page.bringToFront();

      // A built-in site is refused in words; the custom one is asked for (loopback: granted without a prompt) and kept.
      await page.getByLabel('Add a site').fill('app.hubspot.com');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByRole('alert').filter({ hasText: 'HubSpot is built in: switch it on above instead.' }).waitFor();
      await page.getByLabel('Add a site').fill(`localhost:${crmPort}`);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByRole('status').filter({ hasText: `Added localhost:${crmPort}: the sidebar shows on its pages.` }).waitFor({ timeout: 10_000 });
      await expect.poll(async () => ((await storageLocal()).siteSettings as { custom: unknown[] }).custom).toEqual([{ host: `localhost:${crmPort}`, pattern: `http://localhost:${crmPort}/*` }]);
      await page.bringToFront(); // a tab left behind another paints no frame to capture
      await page.screenshot({ path: join(SCREENSHOTS, 'options.png'), fullPage: true });

      const registered = async () =>
        browser.serviceWorker.evaluate(async () => {
          const { chrome } = globalThis as unknown as { chrome: { scripting: { getRegisteredContentScripts(): Promise<{ id: string; matches: string[] }[]> } } };
          return (await chrome.scripting.getRegisteredContentScripts()).map(({ id, matches }) => ({ id, matches }));
        });
      await expect.poll(registered).toEqual([{ id: 'handshake-custom-sites', matches: [`http://localhost:${crmPort}/*`] }]);

      const panel = person.getByRole('complementary', { name: 'Handshake' });
      await expect.poll(() => panel.getByText('Camille Durand').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      // The rep's own address is not offered; the colleague on the page is, and one click shows them.
      const others = panel.getByRole('region', { name: 'Other addresses on this page' });
      expect(await others.getByRole('button').allTextContents()).toEqual(['paul.marchand@northwind-analytics.fr']);
      await person.bringToFront();
      await person.setViewportSize({ width: 1280, height: 800 });
      await person.screenshot({ path: join(SCREENSHOTS, 'sidebar-custom-site.png') });
      await others.getByRole('button', { name: 'paul.marchand@northwind-analytics.fr' }).click();
      await expect.poll(() => panel.getByText('Paul Marchand').count(), { timeout: 15_000 }).toBeGreaterThan(0);

      await page.getByRole('button', { name: `Remove localhost:${crmPort}` }).click();
      await expect.poll(registered).toEqual([]);
      await person.reload();
      await person.getByRole('heading', { name: 'Camille Durand' }).waitFor();
      await person.waitForTimeout(1500);
      expect(await person.locator('handshake-sidebar').count()).toBe(0);
      await person.close();
    } finally {
      crm.closeAllConnections(); // the browser keeps its connections alive
      await new Promise((resolve) => crm.close(resolve));
    }
  });

  it('signs out: the token is gone, the popup offers to connect', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('Not signed in.').waitFor();
    const stored = await storageLocal();
    expect(stored.token ?? null).toBeNull();
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await send({ kind: 'getSession', input: null })).toEqual({ ok: true, value: null });
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.getByRole('button', { name: 'Open the options to connect' }).waitFor();
    await popup.close();
  });
});
