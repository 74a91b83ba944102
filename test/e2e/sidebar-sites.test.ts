import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, signInThroughOptions, type ExtensionBrowser } from '../support/browser';
import { insertHandover, insertLead, roundTheClock } from '../support/fixtures';
import { SAVED_PAGES } from '../support/saved-pages';
import { startTestServer, type TestServer } from '../support/server';

// The sites as they really are, in real Chromium with the built extension: saved pages served
// at their real URLs, so the production match patterns decide whether the sidebar comes.

async function serveSaved(browser: ExtensionBrowser, pattern: string, file: string) {
  const html = readFileSync(join(SAVED_PAGES, file), 'utf8');
  await browser.context.route(pattern, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
}

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

describe('the sidebar on HubSpot data centres and Outlook in other languages', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    server = await startTestServer();
    const rep = await server.user({ email: 'ines.moreau@example.com', name: 'Inès Moreau', role: 'rep', ...roundTheClock() });
    for (const values of [
      { email: 'camille.durand@northwind-analytics.fr', firstName: 'Camille', lastName: 'Durand', hubspotId: '73521' },
      { email: 'jonas.weber@bergmann-logistik.de', firstName: 'Jonas', lastName: 'Weber' },
    ]) {
      const leadId = await insertLead(server.database, { ...values, ownerId: rep.id, stage: 'sql' });
      await insertHandover(server.database, { leadId, ownerId: rep.id, startedAt: minutesFromNow(-30), warnAt: minutesFromNow(150), deadline: minutesFromNow(210) });
    }
    browser = await launchWithExtension();
    const options = await signInThroughOptions(browser, server.url, rep.token);
    await options.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Handshake' });

  it('shows the packet on a contact of a portal in the na2 data centre (app-na2.hubspot.com)', async () => {
    await serveSaved(browser, 'https://app-na2.hubspot.com/**', 'hubspot-contact.html');
    const page = await browser.context.newPage();
    await page.goto('https://app-na2.hubspot.com/contacts/243551234/record/0-1/73521');
    await expect.poll(() => sidebar(page).getByText('Camille Durand').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.close();
  });

  it('shows the sender of a message open in Outlook on the web in German', async () => {
    await serveSaved(browser, 'https://outlook.office365.com/**', 'outlook-reading-pane-de.html');
    const page = await browser.context.newPage();
    await page.goto('https://outlook.office365.com/mail/inbox/id/AAQkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgAQAGJ');
    await expect.poll(() => sidebar(page).getByText('Jonas Weber').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.close();
  });
});
