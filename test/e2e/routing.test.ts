import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewLeadCells, loadCells, routeText, skipTexts } from '../../extension/charter/routing-preview-view';
import { shareCells, SHARES_CSV_HEADER, sharesCsvRows } from '../../extension/dashboard/routing-shares-view';
import { defaultDates, rangeFromDates } from '../../extension/ui/format';
import { users } from '../../server/db/schema';
import type { TCharter } from '../../shared/charter';
import { launchWithExtension, openExtensionPage, signInThroughOptions, type ExtensionBrowser } from '../support/browser';
import { dealLeads, ROUTING, seedRoutingTeam, type TRoutingTeam } from '../support/routing-team';
import { startTestServer, type TestServer } from '../support/server';
import { SCREENSHOTS } from './screenshots';

// Routing in the manager's pages, in real Chromium against a real server whose rotation has
// dealt real handovers: the dashboard's shares against the weights (stats.routing), empty
// before the first lead, downloadable as CSV; the charter studio's routing preview of the draft
// as the form holds it (routing.preview), refused at the field, then a lead going to the rule's rep.

const SIZES = [
  [1366, 768],
  [1920, 1080],
] as const;

describe('routing in the dashboard and the charter studio', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let team: TRoutingTeam;

  beforeAll(async () => {
    server = await startTestServer();
    team = await seedRoutingTeam(server);
    browser = await launchWithExtension();
    await (await signInThroughOptions(browser, server.url, team.mo.token)).close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const cells = (rows: Locator) => rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll(':scope > th, :scope > td')].map((c) => c.textContent ?? '')));

  async function screenshots(page: Page, name: string, part: Locator) {
    for (const [width, height] of SIZES) {
      await page.setViewportSize({ width, height });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
      await part.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.evaluate(() => window.scrollBy(0, -56));
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}x${height}.png`) });
      await part.screenshot({ path: join(SCREENSHOTS, `${name}-part-${width}x${height}.png`) });
    }
  }

  it("shows each pool's leads dealt against the weights' shares once the rotation deals, and downloads them", async () => {
    const page = await openExtensionPage(browser, 'dashboard.html', 1366, 768);
    const section = page.getByRole('region', { name: 'Routing: share against weight' });
    await section.getByText(/^No lead has been dealt by rotation yet\./).waitFor({ timeout: 15_000 });
    expect(await section.getByRole('button', { name: 'Download CSV' }).count()).toBe(0);

    // Five leads in France for the fallback pool, weights 3 to 1; one in the US for the rule.
    await dealLeads(server, ['FR', 'FR', 'FR', 'FR', 'FR', 'US']);
    await page.reload();
    const fallback = page.getByRole('table', { name: 'Shares: Fallback pool' });
    await fallback.waitFor({ timeout: 15_000 });
    const shares = await team.mo.api.stats.routing.query();
    expect(shares.pools.map((pool) => [pool.rule, pool.dealt])).toEqual([
      ['US', 1],
      [null, 5],
    ]);
    expect(await cells(fallback.locator('tbody tr'))).toEqual(shares.pools[1]!.reps.map(shareCells));
    expect(await cells(fallback.locator('tbody tr'))).toEqual([
      ['Ben Okafor', '3', '4', '80%', '75%', '+5 pts'],
      ['Ana Silva', '1', '1', '20%', '25%', '−5 pts'],
    ]);
    expect(await cells(page.getByRole('table', { name: 'Shares: Rule “US”' }).locator('tbody tr'))).toEqual([['Cy Young', '1', '1', '100%', '100%', '0 pts']]);
    expect(await section.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['Rule “US” · 1 lead dealt since the pool began', 'Fallback pool · 5 leads dealt since the pool began']);
    expect(await section.getByText(/^Counted since each pool began, not over the range above/).count()).toBe(1);
    expect(await section.getByRole('img', { name: /^Fallback pool: share of the leads dealt against the weight’s share\. Ben Okafor: 80% of the leads, 75% by weight; Ana Silva: 20%/ }).count()).toBe(1);

    const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('handshake-routing-shares.csv');
    const csv: string[][] = parse(await readFile(await download.path(), 'utf8'));
    expect(csv[0]).toEqual([...SHARES_CSV_HEADER]);
    expect(csv.slice(1)).toEqual(sharesCsvRows(shares).map((row) => row.map((cell) => (cell === null ? '' : String(cell)))));
    expect(csv[2]).toEqual(['fallback', '', 'yes', 'Ben Okafor', '3', '4', '0.8', '0.75', '0.05']);

    await screenshots(page, 'dashboard-routing-shares', section);
    await page.close();
  });

  it("previews the draft's routing: refused at the field, then the leads going to the new rule's rep, the changes of hands marked, and the load per rep", async () => {
    const page = await openExtensionPage(browser, 'charter.html', 1366, 768);
    await page.getByRole('table', { name: 'Charter versions' }).waitFor({ timeout: 15_000 });
    const rules = page.getByRole('group', { name: 'Routing rules' });
    const france = rules.getByRole('group', { name: /^Rule 2\b/ });
    const preview = page.getByRole('region', { name: 'Preview routing' });

    // A second rule, France to Ana, naming someone who is nobody here: refused at the reps' e-mails.
    await rules.getByRole('button', { name: 'Add a rule' }).click();
    await france.getByLabel('Name').fill('France');
    await france.getByLabel('Countries').fill('fr');
    await france.getByLabel('Pool').selectOption('reps');
    const reps = france.getByLabel('Reps’ e-mails');
    await reps.fill('ana.silva@example.com, nobody@example.com');
    await preview.getByRole('button', { name: 'Run preview' }).click();
    await preview.getByText('The server refused the draft: Routing rule 2, pool, reps: no user with the e-mail nobody@example.com').waitFor({ timeout: 15_000 });
    expect(await reps.getAttribute('aria-invalid')).toBe('true');
    await france.screenshot({ path: join(SCREENSHOTS, 'charter-routing-preview-refused-rule.png') });
    await preview.screenshot({ path: join(SCREENSHOTS, 'charter-routing-preview-refused.png') });

    await reps.fill('ana.silva@example.com');
    await preview.getByRole('button', { name: 'Run preview' }).click();
    const table = preview.getByRole('table', { name: 'Routing preview by lead' });
    await table.waitFor({ timeout: 30_000 });
    expect(await reps.getAttribute('aria-invalid')).toBeNull();

    // The same draft and range, asked of the server directly: nothing was written in between.
    const active = await team.mo.api.charter.current.query();
    const draft: TCharter = { ...active, handover: { ...active.handover, routing: { ...ROUTING, rules: [...ROUTING.rules, { name: 'France', when: { countries: ['FR'] }, pool: { kind: 'reps', emails: ['ana.silva@example.com'] } }] } } };
    const dates = defaultDates(new Date());
    const expected = await team.mo.api.routing.preview.mutate({ charter: draft, ...rangeFromDates(dates.from, dates.to) });
    const rows = table.locator('tbody tr');
    expect(await rows.locator('td .route').allTextContents()).toEqual(expected.leads.map(routeText));
    expect((await cells(rows)).map((row) => [row[1], row[3], row[4]])).toEqual(expected.leads.map((lead) => previewLeadCells(lead)).map((row) => [row[1], row[3], row[4]]));

    // Every French lead to Ana by the new rule (the four Ben holds change hands); the US lead stays with Cy by rule "US".
    const byLead = Object.fromEntries(expected.leads.map((lead) => [lead.email, [lead.owner?.name, routeText(lead), lead.heldBy?.name]]));
    expect(byLead['buyer6@us-6.example']).toEqual(['Cy Young', 'Rule "US"', 'Cy Young']);
    expect(expected.leads.filter((lead) => lead.email.includes('@fr-')).map((lead) => [lead.owner?.name, routeText(lead)])).toEqual(Array(5).fill(['Ana Silva', 'Rule "France"']));
    expect(await table.locator('tr.moves').count()).toBe(4);
    expect(await table.locator('tr.moves td:nth-child(4)').allTextContents()).toEqual(Array(4).fill('Ben Okafor'));
    expect(await preview.getByText(/^Leads handed over from .*6 leads: 4 would change hands\.$/).count()).toBe(1);
    expect(await preview.getByText(/more leads? handed over in the range left out/).count()).toBe(0);

    const load = await cells(preview.getByRole('table', { name: 'Load per rep' }).locator('tbody tr'));
    expect(load).toEqual(expected.load.map(loadCells));
    expect(Object.fromEntries(load.map(([name, , open, would]) => [name, [open, would]]))).toEqual({ 'Ana Silva': ['1', '5'], 'Ben Okafor': ['4', '0'], 'Cy Young': ['1', '1'] });

    await screenshots(page, 'charter-routing-preview', preview);

    // Cy away for a few days: the US lead falls to the fallback pool, the skip said under the route.
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await server.database.db.update(users).set({ outOfOffice: [{ from: day(-1), to: day(3) }] }).where(eq(users.id, team.cy.id));
    await preview.getByRole('button', { name: 'Run preview' }).click();
    const us = table.locator('tbody tr', { hasText: 'Buyer US 6' });
    await us.locator('.skips').waitFor({ timeout: 15_000 });
    const away = (await team.mo.api.routing.preview.mutate({ charter: draft, ...rangeFromDates(dates.from, dates.to) })).leads.find((lead) => lead.email === 'buyer6@us-6.example')!;
    expect(away.route).toMatchObject({ by: 'fallback', rule: 'US', skipped: [{ name: 'Cy Young', reason: 'out_of_office' }] });
    expect(await us.locator('.skips').textContent()).toBe(`Skipped: ${skipTexts(away).join('; ')}`);
    expect(await us.locator('td').nth(0).textContent()).toBe(away.owner!.name);
    expect(await us.getAttribute('class')).toBe('moves');
    await us.screenshot({ path: join(SCREENSHOTS, 'charter-routing-preview-skip.png') });
    await page.close();
  });
});
