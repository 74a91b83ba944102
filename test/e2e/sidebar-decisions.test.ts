import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handovers } from '../../server/db/schema';
import { launchWithExtension, signInThroughOptions, type ExtensionBrowser } from '../support/browser';
import { insertHandover, insertLead, roundTheClock } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// A decision the rep can take back for a moment, and an MQL handed over from the sidebar:
// real Chromium, the built extension, a real server. The undo window is 10 s: these tests
// wait past it, and never assert how soon after it a decision arrives.

const PAGES = join(import.meta.dirname, '../fixtures/pages');
const HUBSPOT_PAGE = readFileSync(join(PAGES, 'hubspot-contact.html'), 'utf8');
// A thread from someone who is not a lead (a supplier writing about an invoice, say).
const GMAIL_PAGE = readFileSync(join(PAGES, 'gmail-thread.html'), 'utf8').replaceAll('camille.durand@northwind-analytics.fr', 'accounts@supplier.example');
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const minutesAhead = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PAST_THE_WINDOW_MS = 11_000;

type TCaller = Awaited<ReturnType<TestServer['user']>>;

describe('decisions and hand-overs from the sidebar, against a real server', () => {
  let server: TestServer;
  let rep: TCaller;
  let manager: TCaller;
  const browsers: ExtensionBrowser[] = [];

  const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Handshake' });

  /** A browser signed in as `caller`, serving HubSpot's and Gmail's saved pages on their real addresses. */
  async function signedIn(caller: TCaller, name: string): Promise<ExtensionBrowser> {
    const browser = await launchWithExtension();
    browsers.push(browser);
    await browser.context.route('https://app.hubspot.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: HUBSPOT_PAGE }));
    await browser.context.route('https://mail.google.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: GMAIL_PAGE }));
    const options = await signInThroughOptions(browser, server.url, caller.token);
    await options.getByRole('status').filter({ hasText: `Signed in as ${name}` }).waitFor();
    await options.close();
    return browser;
  }

  /** A HubSpot contact page whose record id is `recordId`, in a browser signed in as `caller`. */
  async function openRecord(caller: TCaller, name: string, recordId: string): Promise<Page> {
    const page = await (await signedIn(caller, name)).context.newPage();
    await page.goto(`https://app.hubspot.com/contacts/4471234/record/0-1/${recordId}`);
    return page;
  }

  beforeAll(async () => {
    server = await startTestServer();
    manager = await server.user({ email: 'mo.keller@example.com', name: 'Mo Keller', role: 'manager', timeZone: 'UTC' });
    rep = await server.user({
      email: 'ines.moreau@example.com',
      name: 'Inès Moreau',
      role: 'rep',
      managerEmail: 'mo.keller@example.com',
      ...roundTheClock(),
    });
  });
  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await server?.close();
  });

  it('holds an accept for 10 s: undone, nothing reaches the server and the buttons return; not undone, it is delivered', async () => {
    const leadId = await insertLead(server.database, { email: 'camille.durand@northwind-analytics.fr', firstName: 'Camille', lastName: 'Durand', hubspotId: '51234', ownerId: rep.id, stage: 'sql' });
    await insertHandover(server.database, { leadId, ownerId: rep.id, startedAt: minutesAgo(30), warnAt: minutesAhead(150), deadline: minutesAhead(210) });
    const page = await openRecord(rep, 'Inès Moreau', '51234');
    const panel = sidebar(page);
    await expect.poll(() => panel.getByText('Camille Durand').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const decisionOnServer = async () => (await rep.api.packet.get.query({ email: 'camille.durand@northwind-analytics.fr' })).decision;

    await panel.getByRole('button', { name: 'Accept' }).click();
    await panel.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => panel.getByText('Undone: nothing was sent.').count()).toBe(1);
    expect(await panel.getByRole('button', { name: 'Accept' }).count()).toBe(1);
    await sleep(PAST_THE_WINDOW_MS);
    expect(await decisionOnServer()).toBeNull();
    expect(await panel.getByRole('button', { name: 'Accept' }).count()).toBe(1);

    await panel.getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => panel.getByRole('button', { name: 'Undo' }).count()).toBe(1);
    await sleep(PAST_THE_WINDOW_MS);
    await expect.poll(async () => (await decisionOnServer())?.kind, { timeout: 20_000 }).toBe('accepted');
    await expect.poll(() => panel.getByText(/^Accepted by Inès Moreau/).count(), { timeout: 10_000 }).toBe(1);
    expect(await panel.getByRole('button', { name: 'Undo' }).count()).toBe(0);
  }, 120_000);

  it('lets a manager hand an MQL nobody holds to a rep: the packet then shows the handover and its SLA', async () => {
    const leadId = await insertLead(server.database, { email: 'jonas.weber@bergmann-logistik.de', firstName: 'Jonas', lastName: 'Weber', hubspotId: '778', ownerId: null, stage: 'mql', intentLevel: 'low' });
    const page = await openRecord(manager, 'Mo Keller', '778');
    const panel = sidebar(page);
    await expect.poll(() => panel.getByText('Jonas Weber').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => panel.getByRole('option', { name: 'Inès Moreau' }).count()).toBe(1);
    await panel.getByLabel('Rep').selectOption({ label: 'Inès Moreau' });
    await panel.getByRole('button', { name: 'Hand over' }).click();

    await expect.poll(async () => (await server.database.db.select().from(handovers).where(and(eq(handovers.leadId, leadId), eq(handovers.state, 'open')))).map((h) => [h.ownerId, h.stage]), { timeout: 15_000 }).toEqual([[rep.id, 'mql']]);
    await expect.poll(() => panel.getByRole('region', { name: 'SLA' }).count(), { timeout: 10_000 }).toBe(1);
    expect(await panel.getByRole('region', { name: 'SLA' }).textContent()).toMatch(/business time/);
    expect(await panel.getByRole('button', { name: 'Hand over' }).count()).toBe(0);
  }, 120_000);

  it('on Gmail, keeps the sidebar folded to a quiet pill when the sender is not a lead; opened, it says so without an error', async () => {
    const browser = await signedIn(rep, 'Inès Moreau');
    const page = await browser.context.newPage();
    await page.goto('https://mail.google.com/mail/u/0/#inbox/FMfcgzQZTMKrGxkBbWlcnLgSsbVdpPxB');
    const panel = sidebar(page);
    await expect.poll(() => panel.getByText('Not a lead').count(), { timeout: 15_000 }).toBe(1);
    expect(await panel.getByRole('button', { name: 'Show' }).getAttribute('aria-expanded')).toBe('false');
    expect(await panel.getByRole('alert').count()).toBe(0);
    await panel.getByRole('button', { name: 'Show' }).click();
    await expect.poll(() => panel.getByText('No lead with the e-mail accounts@supplier.example.').count()).toBe(1);
    expect(await panel.getByRole('alert').count()).toBe(0);
    expect(await panel.getByLabel('Find a lead by e-mail').count()).toBe(1);
  }, 120_000);
});
