import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, decisions, touches } from '../../server/db/schema';
import type { TRoutingTrace } from '../../shared/routing';
import { launchWithExtension, signInThroughOptions, type ExtensionBrowser } from '../support/browser';
import { insertEvent, insertHandover, insertLead, roundTheClock } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { SCREENSHOTS } from './screenshots';

const PAGES = join(import.meta.dirname, '../fixtures/pages');

/** Serves a saved page on its real URL: the production match patterns and adapters run as on the live site. */
async function serveSaved(browser: ExtensionBrowser, pattern: string, file: string) {
  const html = readFileSync(join(PAGES, file), 'utf8');
  await browser.context.route(pattern, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const minutesAhead = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

describe('the sidebar on CRM and mail pages, against a real server', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let manager: Awaited<ReturnType<TestServer['user']>>;
  const leadIds: Record<string, string> = {};

  async function lead(key: string, values: Parameters<typeof insertLead>[1], ownerId: string, routing?: TRoutingTrace) {
    leadIds[key] = await insertLead(server.database, { ...values, ownerId, stage: 'sql' });
    await insertHandover(server.database, { leadId: leadIds[key], ownerId, startedAt: minutesAgo(30), warnAt: minutesAhead(150), deadline: minutesAhead(210), routing });
  }

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.user({ email: 'mo.keller@example.com', name: 'Mo Keller', role: 'manager', timeZone: 'UTC' });
    const rep = await server.user({
      email: 'ines.moreau@example.com',
      name: 'Inès Moreau',
      role: 'rep',
      managerEmail: 'mo.keller@example.com',
      ...roundTheClock(),
    });
    await server.database.db.insert(accounts).values({ id: 'acct-nw', domain: 'northwind-analytics.fr', name: 'Northwind Analytics', employees: 420, industry: 'Computer Software', country: 'FR', updatedAt: minutesAgo(0) });
    // Routed by a rule of the charter, the rep first in turn away (as the router writes it: test/integration/routing.test.ts).
    const routing: TRoutingTrace = { by: 'rule', rule: 'EMEA mid-market', skipped: [{ userId: 'u-tom', name: 'Tom Harrington', reason: 'out_of_office', until: '2027-01-04' }] };
    await lead('camille', { email: 'camille.durand@northwind-analytics.fr', firstName: 'Camille', lastName: 'Durand', title: 'Directrice commerciale', accountId: 'acct-nw', hubspotId: '51234', salesforceId: '00Q5g00000AbCdEFGH' }, rep.id, routing);
    await insertEvent(server.database, { id: 'e-demo', leadId: leadIds.camille!, type: 'demo_request', at: minutesAgo(35), properties: {} });
    await insertEvent(server.database, { id: 'e-dl', leadId: leadIds.camille!, type: 'content_download', at: minutesAgo(60 * 24), properties: { asset: 'Lead routing playbook' } });
    await lead('jonas', { email: 'jonas.weber@bergmann-logistik.de', firstName: 'Jonas', lastName: 'Weber', title: 'Leiter Vertrieb', pipedriveId: '778' }, rep.id);
    await lead('offline', { email: 'dana.whitfield@bigco.com', firstName: 'Dana', lastName: 'Whitfield', title: 'CFO' }, rep.id);

    browser = await launchWithExtension();
    const options = await signInThroughOptions(browser, server.url, rep.token);
    await options.getByRole('status').filter({ hasText: 'Signed in as Inès Moreau (rep)' }).waitFor();
    await options.screenshot({ path: join(SCREENSHOTS, 'options.png') });
    await options.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Handshake' });

  it('shows the packet on a HubSpot contact record, and the rep logs a touch and accepts', async () => {
    await serveSaved(browser, 'https://app.hubspot.com/**', 'hubspot-contact.html');
    const page = await browser.context.newPage();
    await page.goto('https://app.hubspot.com/contacts/4471234/record/0-1/51234');
    const panel = sidebar(page);
    await expect.poll(() => panel.getByText('Camille Durand').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await panel.locator('.hs-badge').textContent()).toBe('SQL');
    expect(await panel.locator('.hs-countdown').textContent()).toMatch(/^3 h \d+ min left$/);
    expect(await panel.getByLabel('Why this rep').textContent()).toBe('Why Inès Moreau: Rule "EMEA mid-market" · skipped Tom Harrington: out of office until Jan 4');
    // A criterion opens to the signals behind it.
    await panel.getByRole('table', { name: 'Criteria' }).getByRole('button', { name: 'Intent' }).click();
    expect(await panel.getByText('Requested a demo.').count()).toBeGreaterThan(0);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: join(SCREENSHOTS, 'sidebar-hubspot.png') });

    // Every channel the server knows is offered; one the old sidebar lacked reaches the server.
    await panel.getByLabel('Channel').selectOption('sms');
    await panel.getByRole('button', { name: 'Log touch' }).click();
    await expect.poll(() => panel.getByRole('status').last().textContent()).toBe('Saved.');
    await expect.poll(() => panel.getByRole('region', { name: 'Touches' }).getByText(/^SMS by Inès Moreau/).count()).toBe(1);
    await panel.getByRole('button', { name: 'Accept' }).click();
    // Held 10 s for the rep to undo (sidebar-decisions.test.ts), then sent.
    await expect.poll(async () => (await server.database.db.select().from(decisions).where(eq(decisions.leadId, leadIds.camille!))).map((d) => d.kind), { timeout: 25_000 }).toEqual(['accepted']);
    expect((await server.database.db.select().from(touches).where(eq(touches.leadId, leadIds.camille!))).map((t) => t.channel)).toEqual(['sms']);
    await expect.poll(() => panel.getByText(/^Accepted by Inès Moreau/).count()).toBe(1);
    await page.close();
  });

  it('rejects with a structured reason on a Pipedrive person; "other" needs a note', async () => {
    await serveSaved(browser, 'https://acme.pipedrive.com/**', 'pipedrive-person.html');
    const page = await browser.context.newPage();
    await page.goto('https://acme.pipedrive.com/person/778');
    const panel = sidebar(page);
    await expect.poll(() => panel.getByText('Jonas Weber').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await panel.getByRole('button', { name: 'Reject' }).click();
    await panel.getByLabel('Rejection reason').selectOption('other');
    expect(await panel.getByRole('button', { name: 'Confirm reject' }).isDisabled()).toBe(true);
    await panel.getByLabel('Note (required)').fill('Reseller, not an end customer');
    await panel.getByRole('button', { name: 'Confirm reject' }).click();
    await expect
      .poll(async () => (await server.database.db.select().from(decisions).where(and(eq(decisions.leadId, leadIds.jonas!), eq(decisions.kind, 'rejected')))).map((d) => [d.reasonId, d.note]), { timeout: 25_000 })
      .toEqual([['other', 'Reseller, not an end customer']]);
    await page.close();
  });

  it('finds the lead by its record id on a Salesforce Lightning lead page, and follows the app from the list', async () => {
    await serveSaved(browser, 'https://acme.lightning.force.com/**', 'salesforce-lead.html');
    const page = await browser.context.newPage();
    // The list first: the content script is there (the whole Lightning app), with nothing to show yet.
    await page.goto('https://acme.lightning.force.com/lightning/o/Lead/list');
    const panel = sidebar(page);
    await panel.getByRole('button', { name: 'Show' }).waitFor({ timeout: 15_000 });
    // Lightning opens a record without loading a page: the URL changes, the record is drawn.
    await page.evaluate(() => history.pushState({}, '', '/lightning/r/Lead/00Q5g00000AbCdEFGH/view'));
    await expect.poll(() => panel.locator('.hs-name').textContent(), { timeout: 15_000 }).toBe('Camille Durand');
    expect(await panel.getByRole('button', { name: 'Hide' }).count()).toBe(1);
    await page.close();
  });

  it('follows Outlook on the web to the sender of the open message', async () => {
    await serveSaved(browser, 'https://outlook.office.com/**', 'outlook-reading-pane.html');
    const page = await browser.context.newPage();
    await page.goto('https://outlook.office.com/mail/inbox/id/AAQkADAwATM0MDAAMS1iNTcwLWI2NTEtMDACLTAwCgAQAGJ');
    await expect.poll(() => sidebar(page).getByText('Jonas Weber').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.close();
  });

  it('says so when the page shows a lead Handshake does not know, and finds one by e-mail', async () => {
    const html = readFileSync(join(PAGES, 'salesforce-contact.html'), 'utf8').replaceAll(/Dana\.Whitfield@BigCo\.com/g, 'someone.else@elsewhere.org');
    await browser.context.route('https://acme.lightning.force.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
    const page = await browser.context.newPage();
    await page.goto('https://acme.lightning.force.com/lightning/r/Contact/0035g00000QwErTyUI/view');
    const panel = sidebar(page);
    await expect.poll(() => panel.getByText('No lead with the e-mail someone.else@elsewhere.org.').count(), { timeout: 15_000 }).toBe(1);
    expect(await panel.getByRole('alert').count()).toBe(0);
    await panel.getByLabel('Find a lead by e-mail').fill('jonas.weber@bergmann-logistik.de');
    await panel.getByRole('button', { name: 'Find' }).click();
    await expect.poll(() => panel.getByText('Jonas Weber').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.close();
  });

  it('keeps a decision made while the server is down and delivers it once when it is back', async () => {
    await serveSaved(browser, 'https://mail.google.com/**', 'gmail-thread.html');
    await browser.context.route('https://mail.google.com/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: readFileSync(join(PAGES, 'gmail-thread.html'), 'utf8').replaceAll('camille.durand@northwind-analytics.fr', 'dana.whitfield@bigco.com') }),
    );
    const page = await browser.context.newPage();
    await page.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQZTMKrGxkBbWlcnLgSsbVdpPxB');
    const panel = sidebar(page);
    await expect.poll(() => panel.getByText('Dana Whitfield').count(), { timeout: 15_000 }).toBeGreaterThan(0);

    await server.stop();
    await panel.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => panel.getByRole('status').last().textContent(), { timeout: 30_000 }).toMatch(/^Waiting to sync/);

    server = await server.startAgain();
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    // syncNow delivers what is waiting at once; the minute alarm does the same.
    const left = await options.evaluate(async () => {
      const { chrome } = globalThis as unknown as { chrome: { runtime: { sendMessage(message: unknown): Promise<{ value: unknown[] }> } } };
      const reply = await chrome.runtime.sendMessage({ kind: 'syncNow', input: null });
      return reply.value.length;
    });
    expect(left).toBe(0);
    const stored = await server.database.db.select().from(decisions).where(eq(decisions.leadId, leadIds.offline!));
    expect(stored.map((d) => d.kind)).toEqual(['accepted']);
    await page.close();
    await options.close();
  });

  it("shows the rep's decisions from the sidebar on the manager's dashboard", async () => {
    const options = await signInThroughOptions(browser, server.url, manager.token);
    await options.close();
    const dashboard = await browser.context.newPage();
    await dashboard.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    const row = dashboard.getByRole('table', { name: 'Acceptance by rep' }).locator('tbody tr', { hasText: 'Inès Moreau' });
    // Accepted on HubSpot and, after the outage, on Gmail; rejected on Pipedrive.
    await expect.poll(async () => (await row.locator('th, td').allTextContents()).slice(0, 4), { timeout: 15_000 }).toEqual(['Inès Moreau', '2', '1', '66.7%']);
    await dashboard.close();
  });
});
