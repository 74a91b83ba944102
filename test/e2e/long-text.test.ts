import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leads } from '../../server/db/schema';
import { launchWithExtension, signInThroughOptions, type ExtensionBrowser } from '../support/browser';
import { insertHandover, roundTheClock } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { SCREENSHOTS } from './screenshots';

// The longest values the schemas accept (shared/schemas.ts, server/domain/users.ts), as
// single unbroken words, and a name with a right-to-left override: in real Chromium, the
// popups and the dashboard keep their width, the sidebar keeps its column, and the override is gone. The
// screenshots (an ignored folder) are for a person to look at.

const SHOTS = join(SCREENSHOTS, 'long-text');
const RLO = '\u202E';
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
/** Business hours around the clock, so the SLA runs whenever the test runs. */
const ALWAYS = roundTheClock();

/** One word of exactly `length` characters. */
const word = (seed: string, length: number) => seed.repeat(Math.ceil(length / seed.length)).slice(0, length);

const LONG = {
  firstName: word('Maximiliane', 200),
  lastName: word('Wolfeschlegelsteinhausen', 200),
  title: word('ChiefRevenueOfficer', 300),
  company: word('NorthwindAnalyticsGmbH', 300),
  source: word('paid_search_', 200),
  campaign: word('q4-launch-', 200),
  asset: word('LeadRoutingPlaybook', 300),
  url: `https://example.com/${word('pricing', 1980)}`,
  repName: word('Bartholomew', 200),
  managerName: word('Konstantinopolous', 200),
};

/** How far an element's content reaches past its box, in CSS pixels, and its width. */
const overflow = (locator: Locator) =>
  locator.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, width: Math.round(el.getBoundingClientRect().width) }));
const documentWidth = (page: Page) => page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, viewport: window.innerWidth }));

describe('the longest names and words the schemas accept, in real Chromium', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let rep: Awaited<ReturnType<TestServer['user']>>;
  let manager: Awaited<ReturnType<TestServer['user']>>;

  async function handOver(email: string) {
    const lead = await server.database.db.query.leads.findFirst({ where: eq(leads.email, email) });
    await server.database.db.update(leads).set({ stage: 'sql', sqlAt: minutesFromNow(-30), ownerId: rep.id }).where(eq(leads.id, lead!.id));
    await insertHandover(server.database, { leadId: lead!.id, ownerId: rep.id, startedAt: minutesFromNow(-30), warnAt: minutesFromNow(150), deadline: minutesFromNow(210) });
  }

  beforeAll(async () => {
    server = await startTestServer({ demoPages: true });
    manager = await server.user({ ...ALWAYS, email: 'manager@example.com', name: LONG.managerName, role: 'manager' });
    rep = await server.user({ ...ALWAYS, email: 'rep@example.com', name: LONG.repName, role: 'rep', managerEmail: 'manager@example.com' });
    const key = await server.ingestKey();
    const ingested = await server.post(
      '/api/v1/leads',
      {
        leads: [
          {
            email: 'longest@example.com',
            firstName: LONG.firstName,
            lastName: LONG.lastName,
            title: LONG.title,
            company: { name: LONG.company, domain: 'example.com' },
            source: LONG.source,
            campaign: LONG.campaign,
            crmIds: { hubspot: '777001' },
          },
          { email: 'spoof@bigco-example.com', firstName: 'Invoice', lastName: `${RLO}gnp.exe`, title: `CFO${RLO}`, company: { name: `Big${RLO}Co` }, crmIds: { hubspot: '777002' } },
        ],
      },
      key,
    );
    expect(ingested.status).toBe(200);
    const events = await server.post(
      '/api/v1/events',
      {
        events: [
          { id: 'long-asset', email: 'longest@example.com', type: 'content_download', at: minutesFromNow(-120), properties: { asset: LONG.asset } },
          { id: 'long-url', email: 'longest@example.com', type: 'page_view', at: minutesFromNow(-90), properties: { url: LONG.url } },
        ],
      },
      key,
    );
    expect(events.status).toBe(200);
    await handOver('longest@example.com');
    await handOver('spoof@bigco-example.com');
    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(token: string) {
    await (await signInThroughOptions(browser, server.url, token)).close();
  }

  async function openPopup(width: number): Promise<Page> {
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width, height: 600 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    return popup;
  }

  it("keeps the rep's popup at 400 px, each long name cut to one line and whole on hover", async () => {
    await signIn(rep.token);
    const popup = await openPopup(400);
    const queue = popup.getByRole('list', { name: 'Open handovers, soonest deadline first' });
    await queue.getByRole('listitem').nth(1).waitFor({ timeout: 15_000 });
    const fullName = `${LONG.firstName} ${LONG.lastName}`;
    const row = queue.getByRole('listitem').filter({ hasText: LONG.firstName.slice(0, 20) });
    expect(await row.locator('.lead').getAttribute('title')).toBe(fullName);
    expect(await row.getByText(LONG.title.slice(0, 20)).getAttribute('title')).toBe(`${LONG.title} · ${LONG.company}`);
    expect(await popup.locator('.who .name').getAttribute('title')).toBe(LONG.repName);
    expect(await overflow(popup.locator('main'))).toMatchObject({ width: 400 });
    expect((await documentWidth(popup)).scrollWidth).toBe(400);
    // The spoofed name shows in its real order.
    expect(await queue.getByRole('listitem').filter({ hasText: 'Invoice' }).locator('.lead').textContent()).toBe('Invoice gnp.exe');
    expect(await popup.locator('body').textContent()).not.toMatch(BIDI);
    await popup.screenshot({ path: join(SHOTS, 'popup-rep.png'), fullPage: true });
    await popup.close();
  });

  it.each([
    [1366, 768],
    [1920, 1080],
  ])('keeps the sidebar in its column and the demo page in its window at %i×%i', async (width, height) => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height });
    await page.goto(`${server.url}/demo/hubspot/777001`);
    const panel = page.getByRole('complementary', { name: 'Handshake' });
    await panel.locator('.hs-name').waitFor({ timeout: 15_000 });
    // The name, title and company: three lines each at most, whole on hover.
    const name = panel.locator('.hs-name bdi');
    expect(await name.textContent()).toBe(`${LONG.firstName} ${LONG.lastName}`);
    expect(await name.getAttribute('title')).toBe(`${LONG.firstName} ${LONG.lastName}`);
    const lineHeight = await name.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    expect((await name.boundingBox())!.height).toBeLessThanOrEqual(3 * lineHeight + 1);
    // Every signal and the whole timeline laid out: the page's 2,000-character address shortened, whole on hover.
    for (const criterion of await panel.getByRole('table', { name: 'Criteria' }).getByRole('button').all()) await criterion.click();
    const visited = panel.getByRole('region', { name: 'Timeline' }).locator(`bdi[title*="${LONG.url}"]`);
    expect((await visited.textContent())!.length).toBeLessThanOrEqual(160);
    expect(await panel.locator(`bdi[title*="${LONG.asset}"]`).count()).toBeGreaterThan(0);
    const box = await overflow(panel);
    expect(box.width).toBe(360);
    expect(box.scrollWidth).toBeLessThanOrEqual(box.clientWidth);
    expect(await documentWidth(page)).toEqual({ scrollWidth: width, viewport: width });
    await page.screenshot({ path: join(SHOTS, `sidebar-${width}x${height}.png`) });
    await panel.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.screenshot({ path: join(SHOTS, `sidebar-${width}x${height}-end.png`) });
    await page.close();
  });

  it('shows the spoofed name in the sidebar and on the demo page without the override', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/demo/hubspot/777002`);
    const panel = page.getByRole('complementary', { name: 'Handshake' });
    await expect.poll(() => panel.locator('.hs-name').textContent(), { timeout: 15_000 }).toBe('Invoice gnp.exe');
    expect(await panel.textContent()).not.toMatch(BIDI);
    expect(await page.locator('h1').textContent()).toBe('Invoice gnp.exe');
    await page.close();
  });

  it("keeps the manager's popup at 780 px and the dashboard at a laptop's and a desktop's width with the longest rep names, sources and campaigns", async () => {
    await signIn(manager.token);
    const popup = await openPopup(780);
    await popup.locator('dl.figures').waitFor({ timeout: 15_000 });
    expect((await documentWidth(popup)).scrollWidth).toBe(780);
    expect(await popup.locator('body').textContent()).not.toMatch(BIDI);
    await popup.screenshot({ path: join(SHOTS, 'popup-manager.png'), fullPage: true });
    await popup.close();

    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width, height });
      await page.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
      const table = page.getByRole('table', { name: 'Acceptance by rep' });
      await table.waitFor({ timeout: 15_000 });
      expect(await table.getByRole('rowheader').first().locator('button').getAttribute('title')).toBe(`${LONG.repName}: the handovers behind these figures`);
      const funnel = page.getByRole('table', { name: 'Funnel by source' });
      await funnel.getByRole('rowheader', { name: LONG.source }).waitFor({ timeout: 15_000 });
      expect((await documentWidth(page)).scrollWidth).toBe(width);
      await page.screenshot({ path: join(SHOTS, `dashboard-source-${width}x${height}.png`), fullPage: true });
      await page.getByRole('radio', { name: 'Campaign' }).check();
      await page.getByRole('table', { name: 'Funnel by campaign' }).getByRole('rowheader', { name: LONG.campaign }).waitFor({ timeout: 15_000 });
      expect((await documentWidth(page)).scrollWidth).toBe(width);
      expect(await page.locator('body').textContent()).not.toMatch(BIDI);
      await page.screenshot({ path: join(SHOTS, `dashboard-campaign-${width}x${height}.png`), fullPage: true });
      await page.close();
    }
  });
});
