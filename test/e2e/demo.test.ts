import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server';
import { launchWithExtension, signInThroughOptions, type ExtensionBrowser } from '../support/browser';
import { startDemoWithExtension, type DemoWithExtension } from '../support/demo-browser';
import { SCREENSHOTS } from './screenshots';

// What a newcomer sees after `npm start`: the demo data, the demo CRM and mail pages the
// server serves, and the extension showing real packets on them. A smaller quarter than
// `npm start` seeds (the five documented leads are the same).

describe('the demo, as a newcomer without a CRM account sees it', () => {
  let demo: DemoWithExtension;
  let server: RunningServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    demo = await startDemoWithExtension();
    ({ server, browser } = demo);
  });
  afterAll(() => demo?.close());

  const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Handshake' });
  const sla = (page: Page) => sidebar(page).locator('.hs-sla');

  it.each([
    ['HubSpot', 'Camille Durand', 'SQL', /On track/],
    ['Salesforce', 'Jonas Weber', 'SQL', /Warning/],
    ['Pipedrive', 'Dana Whitfield', 'SQL', /^Breached/],
  ])('opens %s from the demo index: %s, %s, the SLA in words', async (crm, name, stage, state) => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/demo`);
    await page.locator('.card', { hasText: name }).getByRole('link', { name: crm }).click();
    await page.waitForURL(new RegExp(`/demo/${crm.toLowerCase()}/`));
    await expect.poll(() => sidebar(page).locator('.hs-name').textContent(), { timeout: 15_000 }).toBe(name);
    expect(await sidebar(page).locator('.hs-badge').textContent()).toBe(stage);
    expect(await sla(page).textContent()).toMatch(state);
    if (crm === 'HubSpot') {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: join(SCREENSHOTS, 'sidebar-demo.png') });
    }
    await page.close();
  });

  it('reads the sender on the demo inbox: an MQL, not yet handed over', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/demo`);
    await page.locator('.card', { hasText: 'Jordan Ellis' }).getByRole('link', { name: 'Mail' }).click();
    await expect.poll(() => sidebar(page).locator('.hs-name').textContent(), { timeout: 15_000 }).toBe('Jordan Ellis');
    expect(await sidebar(page).locator('.hs-badge').textContent()).toBe('MQL');
    expect(await sidebar(page).getByRole('region', { name: 'SLA' }).count()).toBe(0);
    await page.close();
  });

  it("opens a lead of the rep's queue on its demo page from the popup", async () => {
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const queue = popup.getByRole('list', { name: 'Open handovers, soonest deadline first' });
    const opened = browser.context.waitForEvent('page');
    await queue.getByRole('button', { name: 'Camille Durand' }).click({ timeout: 15_000 });
    const record = await opened;
    await record.waitForLoadState();
    expect(record.url()).toBe(`${server.url}/demo/hubspot/51234`);
    await expect.poll(() => sidebar(record).locator('.hs-name').textContent(), { timeout: 15_000 }).toBe('Camille Durand');
    // On the record itself, no link back to it.
    expect(await sidebar(record).getByRole('link', { name: 'Open the record' }).count()).toBe(0);
    await record.close();
    await popup.close();
  });

  it('shows a colleague’s lead without the buttons only its owner may use', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/demo/salesforce/00Q5g00000DemoBEAR`);
    await expect.poll(() => sidebar(page).locator('.hs-name').textContent(), { timeout: 15_000 }).toBe('Jonas Weber');
    expect(await sidebar(page).getByText('Tom Harrington owns this lead: only they, their manager or an admin can log touches and decide.').count()).toBe(1);
    expect(await sidebar(page).getByRole('button', { name: /Accept|Reject|Log touch/ }).count()).toBe(0);
    await page.close();
  });

  it('moves the keyboard focus into the sidebar on the shortcut, and back out on the next press', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/demo/hubspot/51234`);
    await expect.poll(() => sidebar(page).locator('.hs-name').textContent(), { timeout: 15_000 }).toBe('Camille Durand');
    // On Alt+Shift+H the background hears the command and tells the tab. A headless browser does
    // not route shortcuts to extensions, so the test sends the tab the message that handler sends
    // (lib/messaging.ts, TabProtocolMap).
    const press = () =>
      browser.serviceWorker.evaluate(async (url) => {
        const { chrome } = globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id: number }[]>; sendMessage(id: number, m: unknown): Promise<unknown> } } };
        const [tab] = await chrome.tabs.query({ url });
        await chrome.tabs.sendMessage(tab!.id, { kind: 'toggleSidebar', input: null }).catch(() => undefined);
      }, page.url());
    const focused = () => page.evaluate(() => document.querySelector('handshake-sidebar')?.shadowRoot?.activeElement?.textContent ?? null);
    await press();
    await expect.poll(focused).toBe('Hide');
    await press();
    await expect.poll(() => sidebar(page).getByRole('button', { name: 'Show' }).count()).toBe(1);
    expect(await focused()).toBeNull();
    await page.close();
  });

  it('follows the single-page app to another record without a reload', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/demo/hubspot/51234`);
    await expect.poll(() => sidebar(page).locator('.hs-name').textContent(), { timeout: 15_000 }).toBe('Camille Durand');
    // As a CRM does: the URL changes through the History API, then the record is drawn — on a
    // page that never stops changing (a ticking clock), which must not hold the sidebar back.
    await page.evaluate(() => {
      const clock = document.body.appendChild(document.createElement('time'));
      setInterval(() => (clock.textContent = new Date().toISOString()), 40);
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
      history.pushState({}, '', '/demo/pipedrive/780');
      document.querySelector('h1')!.textContent = 'Dana Whitfield';
    });
    await expect.poll(() => sidebar(page).locator('.hs-name').textContent(), { timeout: 15_000 }).toBe('Dana Whitfield');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // And to a page that shows no lead: the sidebar folds away.
    await page.evaluate(() => history.pushState({}, '', '/demo/zoho/1'));
    await expect.poll(() => sidebar(page).getByRole('button', { name: 'Show' }).count(), { timeout: 15_000 }).toBe(1);
    await page.close();
  });

  it("shows a manager the team's dashboard on the demo's quarter", async () => {
    const caroline = demo.users.find((user) => user.name === 'Caroline Hughes')!;
    const managerBrowser = await launchWithExtension();
    try {
      await (await signInThroughOptions(managerBrowser, server.url, caroline.token)).close();
      for (const [width, height] of [
        [1366, 768],
        [1920, 1080],
      ] as const) {
        const page = await managerBrowser.context.newPage();
        await page.setViewportSize({ width, height });
        await page.goto(`chrome-extension://${managerBrowser.extensionId}/dashboard.html`);
        const weeks = page.getByRole('table', { name: 'Weekly figures for the team' });
        await weeks.waitFor({ timeout: 15_000 });
        // A quarter of history: handovers in most of the twelve weeks.
        const handovers = await weeks.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.querySelectorAll('td')[0]?.textContent)));
        expect(handovers.filter((count) => count > 0).length).toBeGreaterThanOrEqual(8);
        await page.getByRole('table', { name: 'Acceptance by rep' }).waitFor({ timeout: 15_000 });
        await page.screenshot({ path: join(SCREENSHOTS, `dashboard-${width}x${height}.png`) });
        await page.close();
      }
    } finally {
      await managerBrowser.close();
    }
  });
});
