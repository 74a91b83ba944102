import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { defaultDates, formatRate, rangeFromDates } from '../../extension/ui/format';
import { handoverCells, leadCells } from '../../extension/dashboard/drill-view';
import { trendCells } from '../../extension/dashboard/trends-view';
import { firstTouchCells, outcomeCells } from '../../extension/dashboard/outcomes-view';
import { repCells, repCsvHeader, repCsvRow } from '../../extension/ui/stats-view';
import { launchWithExtension, openExtensionPage, signInThroughOptions, type ExtensionBrowser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { seedTeamHistory, type TTeamHistory } from '../support/team-history';
import { SCREENSHOTS } from './screenshots';

// The manager's dashboard (dashboard.html) in real Chromium against a real server: the
// per-rep figures equal to the server's stats.reps, sortable, charted and downloadable as CSV;
// the weeks equal to stats.trends; the funnel equal to stats.funnel with its overall rates;
// the weekly report; the drill-downs equal to team.handovers and team.leads; a nudge and a
// reassignment that the server records; at a laptop's and a desktop's size.

describe('the dashboard', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let team: TTeamHistory;

  beforeAll(async () => {
    server = await startTestServer();
    team = await seedTeamHistory(server);
    browser = await launchWithExtension();
    await (await signInThroughOptions(browser, server.url, team.mo.token)).close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const openDashboard = (width: number, height: number) => openExtensionPage(browser, 'dashboard.html', width, height);

  const bodyRows = (page: Page, name: string) =>
    page.getByRole('table', { name }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent ?? '')));

  it('shows the per-rep figures the server computes, sortable, charted, and as a CSV file', async () => {
    const page = await openDashboard(1366, 768);
    const table = page.getByRole('table', { name: 'Acceptance by rep' });
    await table.waitFor({ timeout: 15_000 });

    // The same range the page asked for (its default: the last 30 days), asked of the server directly.
    const dates = defaultDates(new Date());
    const expected = await team.mo.api.stats.reps.query(rangeFromDates(dates.from, dates.to));
    expect(await bodyRows(page, 'Acceptance by rep')).toEqual(expected.reps.map(repCells));
    expect((await bodyRows(page, 'Acceptance by rep')).map((row) => row.slice(0, 5))).toEqual([
      // SLA met: Priya in time, of Priya, Tom (late), Lena (rejected without contact, late) and Dana (open, overdue).
      ['Ana Silva', '2', '1', '66.7%', '25%'],
      ['Ben Okafor', '2', '0', '100%', '100%'],
    ]);

    const rate = page.getByRole('columnheader', { name: 'Rate' });
    expect(await rate.getAttribute('aria-sort')).toBe('none');
    await rate.getByRole('button').click();
    expect(await rate.getAttribute('aria-sort')).toBe('descending');
    expect((await bodyRows(page, 'Acceptance by rep')).map((row) => row[0])).toEqual(['Ben Okafor', 'Ana Silva']);
    await rate.getByRole('button').click();
    expect(await rate.getAttribute('aria-sort')).toBe('ascending');
    expect((await bodyRows(page, 'Acceptance by rep')).map((row) => row[0])).toEqual(['Ana Silva', 'Ben Okafor']);
    expect(await page.getByRole('img', { name: /Acceptance rate per rep.*Ana Silva: 66\.7%, Ben Okafor: 100%/ }).count()).toBe(1);

    // The CSV holds the same figures as numbers a spreadsheet computes with.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('region', { name: 'Acceptance by rep' }).getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`handshake-reps-${dates.from}-to-${dates.to}.csv`);
    const csv: string[][] = parse(await readFile(await download.path(), 'utf8'));
    expect(csv[0]).toEqual([...repCsvHeader]);
    expect(csv.slice(1)).toEqual(expected.reps.map((row) => repCsvRow(row).map((cell) => (cell === null ? '' : String(cell)))));
    // Rates as fractions, times in minutes: Ana accepted 2 of 3 and met 1 of 4 due SLAs.
    expect(csv[1]!.slice(0, 2)).toEqual(['Ana Silva', 'ana.silva@example.com']);
    expect([csv[1]![6], csv[1]![9]]).toEqual(['0.6667', '0.25']);
    await page.close();
  });

  it('shows the funnel the server computes, by source and by campaign, with the overall rates to won', async () => {
    const page = await openDashboard(1366, 768);
    const dates = defaultDates(new Date());
    const funnel = await team.mo.api.stats.funnel.query({ ...rangeFromDates(dates.from, dates.to), groupBy: 'source' });
    const bySource = page.getByRole('table', { name: 'Funnel by source' });
    await bySource.waitFor({ timeout: 15_000 });
    const groups = await bySource.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent]));
    expect(groups).toEqual(funnel.groups.map((g) => [g.key, String(g.leads)]));
    expect(groups).toEqual([
      ['webinar', '10'],
      ['paid_search', '4'],
    ]);
    // Priya, the one won deal, came from a webinar: 1 of its 8 MQLs and 1 of its 6 SQLs.
    const webinar = funnel.groups[0]!;
    expect(await bySource.locator('tbody tr').first().locator('td.overall').allTextContents()).toEqual([
      `${formatRate(webinar.rates.mqlToWon)}${webinar.mqlsWon} of ${webinar.mqls}`,
      `${formatRate(webinar.rates.sqlToWon)}${webinar.sqlsWon} of ${webinar.sqls}`,
    ]);
    expect(await bySource.locator('tbody tr').first().locator('td.overall').allTextContents()).toEqual(['12.5%1 of 8', '16.7%1 of 6']);

    await page.getByRole('radio', { name: 'Campaign' }).check();
    const byCampaign = await team.mo.api.stats.funnel.query({ ...rangeFromDates(dates.from, dates.to), groupBy: 'campaign' });
    const campaignTable = page.getByRole('table', { name: 'Funnel by campaign' });
    await campaignTable.waitFor();
    await expect
      .poll(() => campaignTable.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent])))
      .toEqual(byCampaign.groups.map((g) => [g.key, String(g.leads)]));
    expect(await campaignTable.locator('tfoot th').textContent()).toBe('All campaigns');

    // A range the server would refuse is said in words, before asking.
    await page.getByLabel('From').fill('2030-01-01');
    expect(await page.getByRole('alert').textContent()).toBe('“From” must be on or before “To”.');
    await page.close();
  });

  it('shows what became of the MQLs and of the rejected leads as stats.outcomes has it, and conversion by first-touch delay as stats.firstTouch has it', async () => {
    const page = await openDashboard(1366, 768);
    const dates = defaultDates(new Date());
    const range = rangeFromDates(dates.from, dates.to);
    const table = page.getByRole('table', { name: 'MQL outcomes by source' });
    await table.waitFor({ timeout: 15_000 });
    const outcomes = await team.mo.api.stats.outcomes.query({ ...range, groupBy: 'source' });
    const firstTouch = await team.mo.api.stats.firstTouch.query(range);
    expect(outcomes.total.mqls).toBeGreaterThan(0);
    expect(await bodyRows(page, 'MQL outcomes by source')).toEqual(outcomes.groups.map((g) => [g.key, ...outcomeCells(g)]));
    expect(await table.locator('tfoot tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent ?? '')))).toEqual([['All sources', ...outcomeCells(outcomes.total)]]);
    const section = page.getByRole('region', { name: 'MQL outcomes' });
    expect(await section.getByText(/rejected in the range; since then/).textContent()).toMatch(new RegExp(`^${outcomes.rejected.total} handovers? rejected in the range; since then ${outcomes.rejected.requalified} re-qualified`));
    expect(await bodyRows(page, 'Conversion by first-touch delay')).toEqual(firstTouch.buckets.map(firstTouchCells));
    expect((await bodyRows(page, 'Conversion by first-touch delay')).map((row) => row[4])).toEqual(['21%', '14%', '9%', '4%', '1.5%']);
    // The section's top just under the sticky bar, the window as a laptop shows it.
    await section.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 56));
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-outcomes-1366x768.png') });
    await page.close();
  });

  it('fits a laptop and a desktop screen without sideways scrolling', async () => {
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      const page = await openDashboard(width, height);
      await page.getByRole('table', { name: 'Funnel by source' }).waitFor({ timeout: 15_000 });
      await page.getByRole('list', { name: 'Open handovers in warning or breached, the overdue first' }).waitFor({ timeout: 15_000 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
      await page.screenshot({ path: join(SCREENSHOTS, `dashboard-team-${width}x${height}.png`), fullPage: true });
      await page.close();
    }
  });

  it("charts the team's weeks from stats.trends, the table equal to the server's figures, for the team and for one rep", async () => {
    const page = await openDashboard(1366, 768);
    const trends = await team.mo.api.stats.trends.query({});
    const teamTable = page.getByRole('table', { name: 'Weekly figures for the team' });
    await teamTable.waitFor({ timeout: 15_000 });
    expect(await bodyRows(page, 'Weekly figures for the team')).toEqual(trends.weeks.map((w) => trendCells(w, w.total)));
    // Over the weeks (the last hours may straddle a Monday): the five decided handovers and Ana's three open ones, 4 of 5 accepted; eight leads reached SQL.
    const sums = (rows: string[][]) => [1, 2, 3, 10].map((column) => rows.reduce((sum, row) => sum + Number(row[column]), 0));
    expect(sums(await bodyRows(page, 'Weekly figures for the team'))).toEqual([8, 4, 1, 8]);
    expect(await page.getByRole('img', { name: /^Acceptance rate by week, against the 70% target\. Sep|^Acceptance rate by week, against the 70% target\. [A-Z][a-z]{2} \d/ }).count()).toBe(1);

    await page.getByLabel('Show').selectOption({ label: 'Ana Silva' });
    const ana = trends.weeks[0]!.reps.find((r) => r.name === 'Ana Silva')!.repId;
    await page.getByRole('table', { name: 'Weekly figures for Ana Silva' }).waitFor();
    expect(await bodyRows(page, 'Weekly figures for Ana Silva')).toEqual(trends.weeks.map((w) => trendCells(w, w.reps.find((r) => r.repId === ana)!)));
    expect(sums(await bodyRows(page, 'Weekly figures for Ana Silva')).slice(0, 3)).toEqual([6, 2, 1]);
    await page.close();
  });

  it('shows the weekly sync report the server writes, and saves it as Markdown', async () => {
    const page = await openDashboard(1366, 768);
    const report = await team.mo.api.stats.weeklyReport.query({});
    const shown = page.getByRole('region', { name: 'Weekly sync report' }).locator('pre');
    await shown.waitFor({ timeout: 15_000 });
    expect(await shown.textContent()).toBe(report.markdown);
    expect(report.markdown).toContain('# Handshake weekly sync');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Markdown' }).click()]);
    expect(download.suggestedFilename()).toBe(`handshake-weekly-report-${report.weekEnding}.md`);
    expect(await readFile(await download.path(), 'utf8')).toBe(report.markdown);
    await page.close();
  });

  it("opens a rep's handovers and a source's leads from their rows, as the server lists them", async () => {
    const page = await openDashboard(1366, 768);
    const dates = defaultDates(new Date());
    const range = rangeFromDates(dates.from, dates.to);
    await page.getByRole('table', { name: 'Acceptance by rep' }).getByRole('button', { name: 'Ana Silva' }).click();
    const handovers = page.getByRole('table', { name: 'Handovers of Ana Silva' });
    await handovers.waitFor({ timeout: 15_000 });
    const expected = await team.mo.api.team.handovers.query({ repId: team.ana.id, ...range });
    expect(await bodyRows(page, 'Handovers of Ana Silva')).toEqual(expected.items.map((item) => handoverCells(item)));
    expect((await bodyRows(page, 'Handovers of Ana Silva')).map((row) => [row[0], row[3], row[4], row[8]]).sort()).toEqual([
      ['Camille Durand', 'Undecided', '', 'Pending'],
      ['Dana Whitfield', 'Undecided', '', 'Breached'],
      ['Jonas Weber', 'Undecided', '', 'Pending'],
      ['Lena Vogel', 'Rejected', 'No budget', 'Breached'],
      ['Priya Nair', 'Accepted', '', 'Met'],
      ['Tom Becker', 'Accepted', '', 'Breached'],
    ]);
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-rep-handovers.png') });
    // A lead opens its packet, as the sidebar shows it on the lead's record.
    await handovers.getByRole('button', { name: 'Dana Whitfield' }).click();
    const packet = page.getByRole('dialog', { name: 'Handover packet: Dana Whitfield' });
    await expect.poll(() => packet.locator('.hs-name').textContent(), { timeout: 15_000 }).toBe('Dana Whitfield');
    expect(await packet.locator('.hs-sla').textContent()).toMatch(/overdue.*Breached/);
    await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-packet.png') });
    await page.keyboard.press('Escape');
    await packet.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await handovers.waitFor({ state: 'detached' });

    await page.getByRole('table', { name: 'Funnel by source' }).getByRole('button', { name: 'paid_search' }).click();
    const leads = page.getByRole('table', { name: 'Leads from the source paid_search' });
    await leads.waitFor({ timeout: 15_000 });
    const paid = await team.mo.api.team.leads.query({ source: 'paid_search', ...range });
    expect(await bodyRows(page, 'Leads from the source paid_search')).toEqual(paid.items.map(leadCells));
    expect(paid.items).toHaveLength(4);
    await page.close();
  });

  it('lets a manager nudge the holder of a handover at risk and hand it to another rep', async () => {
    const page = await openDashboard(1366, 768);
    const atRisk = page.getByRole('list', { name: 'Open handovers in warning or breached, the overdue first' });
    await atRisk.waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Nudge Ana Silva about Dana Whitfield' }).click();
    await page.getByLabel('Message (optional)').fill('=Call Dana today, please');
    await page.getByRole('button', { name: 'Send nudge' }).click();
    await page.getByText('Nudge sent: Ana Silva gets a notification about Dana Whitfield.').waitFor({ timeout: 15_000 });
    const nudges = (await team.ana.api.notifications.mine.query()).filter((n) => n.kind === 'nudge');
    expect(nudges).toHaveLength(1);
    expect(JSON.stringify(nudges[0])).toContain('=Call Dana today, please');
    await page.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Reassign Camille Durand' }).click();
    await page.getByLabel('New holder').selectOption({ label: 'Ben Okafor' });
    await page.getByRole('button', { name: 'Reassign', exact: true }).click();
    await page.getByText('Moved to Ben Okafor.', { exact: false }).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Close' }).click();
    // The list is read again: Camille is now with Ben; the server says so too.
    await expect.poll(() => atRisk.getByRole('listitem').evaluateAll((items) => items.map((li) => [li.querySelector('.lead')?.textContent, li.querySelector('.owner')?.textContent]))).toEqual([
      ['Dana Whitfield', 'With Ana Silva'],
      ['Camille Durand', 'With Ben Okafor'],
    ]);
    const benQueue = await team.ben.api.queue.mine.query();
    expect(benQueue.map((item) => item.name)).toEqual(['Camille Durand']);
    await page.close();
  });

  it('tells a rep the dashboard is for managers', async () => {
    const other = await launchWithExtension();
    try {
      await (await signInThroughOptions(other, server.url, team.ana.token)).close();
      const page = await other.context.newPage();
      await page.goto(`chrome-extension://${other.extensionId}/dashboard.html`);
      await page.getByRole('heading', { name: 'For managers' }).waitFor({ timeout: 15_000 });
      expect(await page.getByRole('table').count()).toBe(0);
    } finally {
      await other.close();
    }
  });
});
