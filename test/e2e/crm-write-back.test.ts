import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCrm } from '../../server/connectors/connections';
import { startSyncLoop } from '../../server/connectors/sync';
import { SYSTEM } from '../../server/domain/audit';
import { launchWithExtension, signInThroughOptions, type ExtensionBrowser } from '../support/browser';
import { connectorContext } from '../support/connectors';
import { startHubSpotStandIn, type HubSpotStandIn } from '../support/crm/hubspot-stand-in';
import { insertHandover, insertLead, roundTheClock } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// A decision taken in the sidebar, in real Chromium, reaches the team's CRM: the server runs
// its sync loop against a local HubSpot (the official client, HubSpot's public API), and the
// contact gets the status, the reason and the note. The sidebar holds a decision 10 s for
// undo first; the figures printed are from the click and from the server's record.

const HUBSPOT_PAGE = readFileSync(join(import.meta.dirname, '../fixtures/pages/hubspot-contact.html'), 'utf8');
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const minutesAhead = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

describe('write-back from the sidebar to the CRM', () => {
  let server: TestServer;
  let hubspot: HubSpotStandIn;
  let browser: ExtensionBrowser;
  let stopSync: () => void;
  let rep: Awaited<ReturnType<TestServer['user']>>;

  const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Handshake' });

  async function contactWithHandover(email: string, firstName: string): Promise<string> {
    const recordId = hubspot.portal.addContact({ email, firstname: firstName, lastname: 'Durand' });
    const leadId = await insertLead(server.database, { email, firstName, lastName: 'Durand', title: 'VP Sales', hubspotId: recordId, ownerId: rep.id, stage: 'sql' });
    await insertHandover(server.database, { leadId, ownerId: rep.id, startedAt: minutesAgo(30), warnAt: minutesAhead(150), deadline: minutesAhead(210) });
    return recordId;
  }

  beforeAll(async () => {
    hubspot = await startHubSpotStandIn();
    server = await startTestServer();
    rep = await server.user({ email: 'ines.moreau@example.com', name: 'Inès Moreau', role: 'rep', ...roundTheClock() });
    const context = connectorContext(server.database, () => new Date());
    await connectCrm(context, 'hubspot', { apiUrl: hubspot.url }, { token: hubspot.token }, SYSTEM);
    // An interval far longer than the test: what reaches HubSpot is pushed because a decision queued it.
    stopSync = startSyncLoop(context, 3_600_000, () => undefined).stop;
    browser = await launchWithExtension();
    await browser.context.route('https://app.hubspot.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: HUBSPOT_PAGE }));
    const options = await signInThroughOptions(browser, server.url, rep.token);
    await options.getByRole('status').filter({ hasText: 'Signed in as Inès Moreau' }).waitFor();
    await options.close();
  });
  afterAll(async () => {
    stopSync?.();
    await browser?.close();
    await server?.close();
    await hubspot?.close();
  });

  it('a rejection with its reason and note, and an acceptance, land on the HubSpot contacts', async () => {
    const rejected = await contactWithHandover('camille.durand@northwind-analytics.fr', 'Camille');
    const accepted = await contactWithHandover('louise.durand@northwind-analytics.fr', 'Louise');

    const page = await browser.context.newPage();
    await page.goto(`https://app.hubspot.com/contacts/4471234/record/0-1/${rejected}`);
    const panel = sidebar(page);
    await expect.poll(() => panel.getByText('Camille Durand').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await panel.getByRole('button', { name: 'Reject' }).click();
    await panel.getByLabel('Rejection reason').selectOption('bad_timing');
    await panel.getByLabel(/^Note/).fill('Budget opens in Q2');
    const clicked = Date.now();
    await panel.getByRole('button', { name: 'Confirm reject' }).click();
    await expect.poll(() => hubspot.portal.properties('contacts', rejected).hs_lead_status, { timeout: 30_000, interval: 100 }).toBe('BAD_TIMING');
    const landed = Date.now();
    expect(hubspot.portal.properties('contacts', rejected)).toMatchObject({ handshake_rejection_reason: 'bad_timing', handshake_rejection_note: 'Budget opens in Q2' });
    const decided = (await server.database.db.query.decisions.findFirst())!.decidedAt;
    console.warn(`write-back: click → HubSpot ${landed - clicked} ms (10 s of it the sidebar's undo window); server's record → HubSpot ${landed - Date.parse(decided)} ms`);

    await page.goto(`https://app.hubspot.com/contacts/4471234/record/0-1/${accepted}`);
    await expect.poll(() => panel.getByText('Louise Durand').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await panel.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => hubspot.portal.properties('contacts', accepted).hs_lead_status, { timeout: 30_000, interval: 100 }).toBe('IN_PROGRESS');
    await page.close();
  });
});
