import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, signInThroughOptions, type ExtensionBrowser } from '../support/browser';
import { insertLead } from '../support/fixtures';
import { roundcubeMissing, startRoundcube, type RunningRoundcube } from '../support/roundcube';
import { ROUNDCUBE_LEADS, ROUNDCUBE_MAILS, ROUNDCUBE_PASSWORD, ROUNDCUBE_REP } from '../support/roundcube-mails';
import { startTestServer, type TestServer } from '../support/server';
import { SCREENSHOTS } from './screenshots';

// A real multi-pane web app as a custom site: Debian's Roundcube over a local Dovecot. Its
// message list (in the top page) shows many senders; the open message is a same-origin frame
// (#messagecontframe) that Roundcube navigates without reloading the top page.

const missing = roundcubeMissing();
if (missing) console.warn(`custom-site-roundcube: skipped. ${missing}`);

describe.skipIf(missing !== null)(`a custom site in real Roundcube webmail${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let server: TestServer;
  let roundcube: RunningRoundcube;
  let browser: ExtensionBrowser;
  let mail: Page;
  let panel: Locator;

  const open = async (subject: string) => {
    await mail.locator('#messagelist tbody tr', { hasText: subject }).click();
    await mail.frameLocator('#messagecontframe').locator('#message-header').getByText(subject).waitFor({ timeout: 15_000 });
  };
  /** The lead the sidebar shows the packet of, or null. */
  const leadShown = async () => {
    const name = panel.getByRole('region', { name: 'Lead' }).locator('.hs-name');
    return (await name.count()) > 0 ? name.first().textContent() : null;
  };
  /** Opens a message and waits for the sidebar to show `name`'s packet. */
  const openAndSee = async (subject: string, name: string) => {
    await open(subject);
    await expect.poll(leadShown, { timeout: 15_000, interval: 50 }).toBe(name);
  };

  beforeAll(async () => {
    server = await startTestServer();
    const { token } = await server.user({ email: ROUNDCUBE_REP, name: 'Inès Moreau', role: 'rep', timeZone: 'Europe/Paris' });
    for (const lead of ROUNDCUBE_LEADS) await insertLead(server.database, { ...lead });
    roundcube = await startRoundcube({ user: ROUNDCUBE_REP, password: ROUNDCUBE_PASSWORD, mails: ROUNDCUBE_MAILS });
    // localhost: granted by the manifest, so adding the site needs no permission prompt.
    const origin = roundcube.url.replace('127.0.0.1', 'localhost');
    const site = new URL(origin).host;

    browser = await launchWithExtension();
    const options = await signInThroughOptions(browser, server.url, token);
    await options.getByLabel('Add a site').fill(site);
    await options.getByRole('button', { name: 'Add', exact: true }).click();
    await options.getByRole('status').filter({ hasText: `Added ${site}` }).waitFor({ timeout: 10_000 });
    await options.close();

    mail = await browser.context.newPage();
    await mail.setViewportSize({ width: 1600, height: 900 });
    await mail.goto(`${origin}/`);
    await mail.getByLabel('Username').fill(ROUNDCUBE_REP);
    await mail.getByLabel('Password').fill(ROUNDCUBE_PASSWORD);
    await mail.getByRole('button', { name: 'Login' }).click();
    // Generous waits: Roundcube runs on PHP's one-process server, slow to log in and list the
    // mailbox when the rest of the suite loads the machine (15 s were not always enough).
    await mail.locator('#messagelist tbody tr').nth(ROUNDCUBE_MAILS.length - 1).waitFor({ timeout: 60_000 });
    panel = mail.getByRole('complementary', { name: 'Handshake' });
    await panel.waitFor({ timeout: 60_000 });
    // Set in the page: still there at the end, the top page was never reloaded.
    await mail.evaluate(() => ((globalThis as { handshakeTestMark?: number }).handshakeTestMark = 1));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await roundcube?.close();
    await server?.close();
  });

  it("shows the opened message's sender, not the list's first row, and follows the reading pane from message to message", async () => {
    await openAndSee('Pricing for 200 seats', 'Camille Durand');
    // The colleague in copy is offered; the list's other senders are not.
    const others = panel.getByRole('region', { name: 'Other addresses on this page' });
    await expect.poll(() => others.getByRole('button').allTextContents()).toEqual(['paul.marchand@northwind-analytics.fr']);
    await mail.screenshot({ path: join(SCREENSHOTS, 'sidebar-roundcube.png') });

    await openAndSee('Demo next week?', 'Jonas Weber');
    await openAndSee('Pricing for 200 seats', 'Camille Durand');
    expect(await mail.evaluate(() => (globalThis as { handshakeTestMark?: number }).handshakeTestMark)).toBe(1);
  });

  it('takes no robot or list address from a newsletter, nor a list row instead', async () => {
    await open('This week: pipeline hygiene');
    // No lead: the sidebar folds away, as on a CRM's other pages; opened, it says so.
    await expect.poll(leadShown, { timeout: 15_000 }).toBeNull();
    const toggle = panel.getByRole('button', { name: 'Show' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    await panel.getByText('No lead on this page.').waitFor();
    const text = (await panel.textContent()) ?? '';
    expect(text).not.toMatch(/saasweekly|Camille|Jonas/);
    expect(await panel.getByRole('region', { name: 'Other addresses on this page' }).count()).toBe(0);
  });

  it("reads a delivery report by the address that bounced, never the mailer daemon's", async () => {
    await openAndSee('Undelivered Mail Returned to Sender', 'Lucas Bernard');
    expect((await panel.textContent()) ?? '').not.toMatch(/mailer-daemon/i);
  });

  it('resets a lead picked by hand when another message is opened', async () => {
    await openAndSee('Pricing for 200 seats', 'Camille Durand');
    await panel.getByRole('region', { name: 'Other addresses on this page' }).getByRole('button', { name: 'paul.marchand@northwind-analytics.fr' }).click();
    await expect.poll(leadShown, { timeout: 15_000 }).toBe('Paul Marchand');

    await openAndSee('Demo next week?', 'Jonas Weber');
    await openAndSee('Pricing for 200 seats', 'Camille Durand');
    expect(await mail.evaluate(() => (globalThis as { handshakeTestMark?: number }).handshakeTestMark)).toBe(1);
  });
});
