import { eq } from 'drizzle-orm';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionRows, defaultBacktestDates, overallCells, sourceCells } from '../../extension/charter/backtest-view';
import { diagnosticCells, leakSentence } from '../../extension/charter/diagnostic-view';
import { setIn } from '../../shared/set-in';
import { reviewBannerText, reviewStatus } from '../../extension/charter/review';
import { attemptsBySourceText, attemptsText, EMPTY_QUEUE, leadText, reviewCells } from '../../extension/charter/review-view';
import { backtestLines, triggerText } from '../../extension/charter/suggestions-view';
import { formatDate, rangeFromDates, toDateInput } from '../../extension/ui/format';
import { charterVersions } from '../../server/db/schema';
import { launchWithExtension, openExtensionPage, signInThroughOptions, type ExtensionBrowser } from '../support/browser';
import { insertEvent, insertHandover, insertLead } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { seedTeamHistory, type TTeamHistory } from '../support/team-history';
import { SCREENSHOTS } from './screenshots';

// The charter studio (charter.html) in real Chromium against a real server: a manager reads
// the charter in force and its review date, drafts a change in the form, sees it in words,
// backtests it (the figures charter.backtest returns for the same draft and range), proposes
// it and signs it for sales; a rep is told the page is for managers.

const DAY = 86_400_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const COMPANY = { name: 'Acme', domain: 'acme.example', employees: 400, industry: 'Computer Software', country: 'US' };

/** In ICP, a decision-maker, medium engagement over two channels and medium intent (two pricing views): an MQL by default, an SQL once SQL needs medium engagement. */
async function engagedLead(server: TestServer, n: number, source: string) {
  const leadId = await insertLead(server.database, { email: `engaged${n}@acme.example`, firstName: 'Engaged', lastName: `Lead ${n}`, title: 'VP Sales', company: COMPANY, source, createdAt: ago(20 * DAY) });
  const events = [
    ['email_click', 2],
    ['pricing_view', 1.5],
    ['pricing_view', 1],
  ] as const;
  for (const [i, [type, days]] of events.entries()) await insertEvent(server.database, { id: `engaged-${n}-${i}`, leadId, type, at: ago(days * DAY), properties: {} });
}

describe('the charter studio', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let team: TTeamHistory;

  beforeAll(async () => {
    server = await startTestServer();
    team = await seedTeamHistory(server);
    for (const [n, source] of [[1, 'webinar'], [2, 'webinar'], [3, 'ebook']] as const) await engagedLead(server, n, source);
    // The default charter has been in force for 80 days: its 90-day review is 10 days away.
    await server.database.db.update(charterVersions).set({ activatedAt: ago(80 * DAY) }).where(eq(charterVersions.version, 1));
    browser = await launchWithExtension();
    await (await signInThroughOptions(browser, server.url, team.mo.token)).close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openStudio(width: number, height: number): Promise<Page> {
    const page = await openExtensionPage(browser, 'charter.html', width, height);
    await page.getByRole('table', { name: 'Charter versions' }).waitFor({ timeout: 15_000 });
    return page;
  }

  const rows = (page: Page, name: string, part = 'tbody') =>
    page.getByRole('table', { name }).locator(`${part} tr`).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent ?? '')));
  /** The page at both sizes, scrolled to `region` (its head under the sticky header), as wide as the window; left at 1366×768. */
  async function screenshotsOf(page: Page, region: Locator, name: string) {
    for (const [width, height] of [
      [1920, 1080],
      [1366, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
      await region.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 60));
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}x${height}.png`) });
    }
  }
  const localDate = (page: Page, iso: string) => page.evaluate((at) => new Date(at).toLocaleDateString(undefined, { dateStyle: 'medium' }), iso);

  it('drafts, backtests, proposes and signs a new version', async () => {
    const page = await openStudio(1366, 768);
    const [v1] = await team.mo.api.charter.versions.query();
    const active = await team.mo.api.charter.current.query();

    // The charter in force, and its review in 10 days.
    const inForce = page.getByRole('definition').filter({ hasText: /^1$/ });
    expect(await inForce.count()).toBe(1);
    const due = await localDate(page, v1!.reviewDueAt!);
    expect(await page.locator('.review-date').textContent()).toBe(`Review due ${due}`);
    expect(reviewBannerText(reviewStatus(v1!.reviewDueAt!, new Date()), due)).toMatch(/, in (9|10) days\.$/);
    expect(await page.locator('.review-banner').textContent()).toContain(reviewBannerText(reviewStatus(v1!.reviewDueAt!, new Date()), due));
    expect((await rows(page, 'Charter versions')).map((r) => [r[0], r[1]])).toEqual([['1', 'Active']]);

    // Every field the server refuses is named at its field, all at once.
    const high = page.getByLabel('High intent (business hours)');
    const review = page.getByLabel('Review every (days)');
    await high.fill('0');
    await review.fill('0');
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await page.getByText('The server refused the draft: Charter, review every (days):').waitFor({ timeout: 30_000 });
    expect(await page.getByText('(and 1 more, each marked at its field)').count()).toBe(1);
    for (const field of [high, review]) {
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('label.field', { has: field }).getByRole('alert').count()).toBe(1);
    }
    await review.fill('90');

    // An SLA tier and a threshold, changed in the form, in words.
    await high.fill('0.5');
    await page.getByRole('group', { name: 'SQL threshold' }).getByLabel('Engagement').selectOption('medium');
    await page.getByLabel('Label of reason 5').fill('No budget this quarter');
    await expect.poll(() => page.getByRole('list', { name: 'Changes' }).getByRole('listitem').allTextContents()).toEqual([
      'SQL threshold, engagement: high → medium',
      'SLA, high intent: 4 h → 30 min',
      'Rejection reasons: renamed “No budget” → “No budget this quarter”',
    ]);

    // The backtest: the figures charter.backtest returns for the same draft and range.
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await page.getByRole('table', { name: 'Backtest by source' }).waitFor({ timeout: 30_000 });
    expect(await high.getAttribute('aria-invalid')).toBeNull();
    const draft = setIn(setIn(setIn(active, 'sla.tiers.high', 0.5), 'thresholds.sql.engagement', 'medium'), 'rejectionReasons.4.label', 'No budget this quarter');
    const dates = defaultBacktestDates(new Date(), toDateInput);
    const expected = await team.mo.api.charter.backtest.mutate({ charter: draft, ...rangeFromDates(dates.from, dates.to) });
    expect(await rows(page, 'Backtest by source')).toEqual(expected.bySource.map(sourceCells));
    expect(await rows(page, 'Backtest by source', 'tfoot')).toEqual([overallCells(expected)]);
    expect(await rows(page, 'Backtest against sales’ decisions')).toEqual(decisionRows(expected));
    // The three engaged leads become SQL under the draft; sales decided five handovers and rejected one for no budget.
    expect(expected.overall, JSON.stringify(expected.overall)).toMatchObject({ mql: { active: 3, proposed: 3 }, becomeSql: 3 });
    expect((await rows(page, 'Backtest against sales’ decisions')).map((r) => [r[0], r[1]])).toEqual([
      ['Accepted', '4'],
      ['Rejected', '1'],
      ['Rejected: No budget', '1'],
    ]);

    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SCREENSHOTS, `charter-studio-${width}x${height}.png`) });
      await page.screenshot({ path: join(SCREENSHOTS, `charter-studio-${width}x${height}-full.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('region', { name: 'Backtest before signing' }).screenshot({ path: join(SCREENSHOTS, 'charter-studio-backtest.png') });
    await page.getByRole('group', { name: 'Rejection reasons' }).screenshot({ path: join(SCREENSHOTS, 'charter-studio-reasons.png') });
    await page.getByRole('form', { name: 'Draft charter' }).screenshot({ path: join(SCREENSHOTS, 'charter-studio-form.png') });

    // Proposed with a note: the history shows version 2, awaiting sign-off.
    await page.getByLabel('Note for the signers (optional)').fill('Faster first touch for high intent; SQL at medium engagement.');
    await page.getByRole('button', { name: 'Propose this draft' }).click();
    await page.getByText('Proposed as version 2.').waitFor({ timeout: 15_000 });
    await expect.poll(() => rows(page, 'Charter versions').then((r) => r.map((cells) => [cells[0], cells[1], cells[6]]))).toEqual([
      ['2', 'Awaiting sign-off', 'Faster first touch for high intent; SQL at medium engagement.'],
      ['1', 'Active', 'Default charter'],
    ]);
    const [v2] = await team.mo.api.charter.versions.query();
    expect(v2).toMatchObject({ version: 2, proposedBy: 'Mo Khan', activatedAt: null, note: 'Faster first touch for high intent; SQL at medium engagement.' });

    // Mo, a sales manager, signs for sales; version 2 waits for marketing.
    await page.getByRole('button', { name: 'Sign off version 2 for sales' }).click();
    await page.getByText('Signed for sales. Version 2 becomes the charter in force once the marketing lead signs too.').waitFor({ timeout: 15_000 });
    const [signed] = await team.mo.api.charter.versions.query();
    expect(signed!.signoffs.map((s) => [s.team, s.name])).toEqual([['sales', 'Mo Khan']]);
    await expect.poll(() => rows(page, 'Charter versions').then((r) => r[0]![4]!.startsWith('Mo Khan'))).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'charter-studio-proposed.png') });
    await page.close();
  });

  it('routes in the form: adds rules, is refused at the rule named twice, proposes them and the proposed version routes so', async () => {
    const page = await openStudio(1366, 768);
    const changes = () => page.getByRole('list', { name: 'Changes' }).getByRole('listitem').allTextContents();
    const rules = page.getByRole('group', { name: 'Routing rules' });
    const rule = (n: number) => rules.getByRole('group', { name: new RegExp(`^Rule ${n}\\b`) });

    await page.getByRole('group', { name: 'Routing', exact: true }).getByLabel('The CRM owner takes the lead').selectOption('when_available');
    await rules.getByRole('button', { name: 'Add a rule' }).click();
    await rule(1).getByLabel('Name').fill('EMEA enterprise');
    await rule(1).getByLabel('Countries').fill('fr, de');
    await rule(1).getByLabel('From').fill('1000');
    await rule(1).getByRole('group', { name: 'Stage' }).getByLabel('SQL').check();
    await rule(1).getByLabel('Pool').selectOption('team');
    await rule(1).getByLabel('Manager’s e-mail').fill('mo.khan@example.com');

    // A second rule under the first one's name: the server refuses it at that rule's name.
    await rules.getByRole('button', { name: 'Add a rule' }).click();
    const secondName = rule(2).getByLabel('Name');
    await secondName.fill('emea Enterprise');
    await page.getByRole('button', { name: 'Propose this draft' }).click();
    await page.getByText('The server refused the draft: Routing rule 2, name: two rules are named').waitFor({ timeout: 15_000 });
    expect(await secondName.getAttribute('aria-invalid')).toBe('true');
    expect(await rule(2).getByRole('alert').allTextContents()).toEqual(['two rules are named "emea Enterprise": rule names must be unique']);
    expect(await rule(1).getByLabel('Name').getAttribute('aria-invalid')).toBeNull();

    // Renamed, given its own conditions and reps, one of whom is nobody here: refused at the reps' e-mails.
    await secondName.fill('Webinars');
    await rule(2).getByLabel('Sources').fill('webinar, ebook');
    await rule(2).getByLabel('Pool').selectOption('reps');
    const reps = rule(2).getByLabel('Reps’ e-mails');
    await reps.fill('ana.silva@example.com, nobody@example.com');
    await page.getByRole('button', { name: 'Propose this draft' }).click();
    await page.getByText('The server refused the draft: Routing rule 2, pool, reps: no user with the e-mail nobody@example.com').waitFor({ timeout: 15_000 });
    expect(await reps.getAttribute('aria-invalid')).toBe('true');
    expect(await secondName.getAttribute('aria-invalid')).toBeNull();

    // Moved ahead of the first: focus stays on the rule moved, and the refusal moves with it.
    await page.getByRole('button', { name: 'Move rule 2 up' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move rule 1 down');
    expect(await rule(1).getByLabel('Name').inputValue()).toBe('Webinars');
    expect(await rule(2).getByLabel('Countries').inputValue()).toBe('FR, DE');
    expect(await rule(1).getByLabel('Reps’ e-mails').getAttribute('aria-invalid')).toBe('true');
    expect(await rule(2).getByRole('alert').count()).toBe(0);
    await rule(1).getByLabel('Reps’ e-mails').fill('ana.silva@example.com, ben.okafor@example.com');
    await expect.poll(changes).toEqual([
      'Routing, the CRM owner wins: always → only when available',
      'Routing rule “Webinars” added as rule 1: sources webinar, ebook; to reps ana.silva@example.com, ben.okafor@example.com',
      'Routing rule “EMEA enterprise” added as rule 2: countries FR, DE; employees 1000 or more; stages SQL; to the team of mo.khan@example.com',
    ]);

    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(width);
      await page.getByRole('group', { name: 'Routing', exact: true }).evaluate((group) => group.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: join(SCREENSHOTS, `charter-routing-${width}x${height}.png`) });
      await rules.screenshot({ path: join(SCREENSHOTS, `charter-routing-rules-${width}x${height}.png`) });
    }
    await page.setViewportSize({ width: 1366, height: 768 });

    await page.getByLabel('Note for the signers (optional)').fill('Webinar leads to Ana and Ben; EMEA enterprise SQLs to Mo’s team.');
    await page.getByRole('button', { name: 'Propose this draft' }).click();
    const proposed = await page.getByText(/^Proposed as version \d+\./).textContent({ timeout: 15_000 });
    const version = Number(/version (\d+)/.exec(proposed!)![1]);
    expect(await rule(1).getByLabel('Reps’ e-mails').getAttribute('aria-invalid')).toBeNull();
    const row = await server.database.db.query.charterVersions.findFirst({ where: eq(charterVersions.version, version) });
    expect((row!.body as { handover: { routing: unknown } }).handover.routing).toEqual({
      crmOwner: 'when_available',
      accountOwner: false,
      accountOwnerDays: 90,
      rules: [
        { name: 'Webinars', when: { sources: ['webinar', 'ebook'] }, pool: { kind: 'reps', emails: ['ana.silva@example.com', 'ben.okafor@example.com'] } },
        { name: 'EMEA enterprise', when: { countries: ['FR', 'DE'], employees: { min: 1000 }, stages: ['sql'] }, pool: { kind: 'team', managerEmail: 'mo.khan@example.com' } },
      ],
      fallback: { kind: 'everyone' },
      highTierWorkingNow: false,
    });
    await page.close();
  });

  it('opens on the four-question handoff diagnostic, the answers charter.diagnostic gives', async () => {
    const page = await openStudio(1366, 768);
    const table = page.getByRole('table', { name: 'Handoff diagnostic' });
    await table.waitFor({ timeout: 15_000 });
    const diagnostic = await team.mo.api.charter.diagnostic.query();
    expect(diagnostic.questions.map((q) => q.id)).toEqual(['definition', 'process', 'visibility', 'ownership']);
    expect(await rows(page, 'Handoff diagnostic')).toEqual(diagnostic.questions.map(diagnosticCells));
    // The default charter is unsigned and nobody is on RevOps: revenue leaks there at least.
    const leak = leakSentence(diagnostic.questions);
    expect(leak).toMatch(/^Revenue is leaking at the definition gap.* and the ownership gap\.$/);
    expect(await page.locator('.diagnostic-leak').textContent()).toBe(leak);
    // On the first screen at 1366×768, as wide as the window.
    const box = await table.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(768);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(1366);
    await page.screenshot({ path: join(SCREENSHOTS, 'charter-diagnostic-1366x768.png') });
    await page.close();
  });

  it('tells a rep the charter studio is for managers', async () => {
    const other = await launchWithExtension();
    try {
      await (await signInThroughOptions(other, server.url, team.ana.token)).close();
      const page = await other.context.newPage();
      await page.goto(`chrome-extension://${other.extensionId}/charter.html`);
      await page.getByRole('heading', { name: 'For managers' }).waitFor({ timeout: 15_000 });
      expect(await page.getByRole('button', { name: 'Propose this draft' }).count()).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('suggests the change the rejections call for, with its backtest, and applies it to the draft', async () => {
    // Five direct SQLs (a decision-maker's demo request) at a 60-person company, all rejected as the wrong size.
    const small = { name: 'Tiny Co', domain: 'tiny.example', employees: 60, industry: 'Computer Software', country: 'US' };
    for (let n = 1; n <= 5; n += 1) {
      const leadId = await insertLead(server.database, { email: `small${n}@tiny.example`, firstName: 'Small', lastName: `Lead ${n}`, title: 'VP Sales', company: small, source: 'webinar', ownerId: team.ana.id, stage: 'sql', createdAt: ago(3 * DAY) });
      await insertEvent(server.database, { id: `small-${n}`, leadId, type: 'demo_request', at: ago(2 * DAY), properties: {} });
      await insertHandover(server.database, { leadId, ownerId: team.ana.id, startedAt: ago(2 * DAY), warnAt: ago(DAY), deadline: ago(DAY / 2) });
      await team.ana.api.decision.reject.mutate({ leadId, idempotencyKey: `reject-small-${n}`, reason: 'wrong_company_size' });
    }
    const page = await openStudio(1366, 768);
    const region = page.getByRole('region', { name: 'Suggestions from the feedback loop' });
    await region.getByRole('listitem').filter({ has: page.getByRole('heading') }).first().waitFor({ timeout: 30_000 });

    // What charter.suggestions answers for the same range, in the same words.
    const dates = defaultBacktestDates(new Date(), toDateInput);
    const expected = await team.mo.api.charter.suggestions.query(rangeFromDates(dates.from, dates.to));
    // All five from the webinar source: one suggestion, for all sources.
    expect(expected.suggestions.map((s) => [s.reasonId, s.source])).toEqual([['wrong_company_size', null]]);
    const size = expected.suggestions[0]!;
    expect(size.change?.edits).toEqual([{ path: 'icp.employees.min', value: 61 }]);
    // Under the change the five are borderline fit: no longer SQL, none sent to sales.
    expect(size.backtest?.forReason).toEqual({ total: 5, keptFromSales: 5 });
    const card = region.getByRole('listitem').filter({ has: page.getByRole('heading', { name: triggerText(size) }) });
    expect(await card.getByText(size.change!.summary).count()).toBe(1);
    expect(await card.getByRole('list', { name: 'Backtest of this change' }).getByRole('listitem').allTextContents()).toEqual(backtestLines(size));

    await card.getByRole('button', { name: 'Use in the draft' }).click();
    await card.getByRole('status').waitFor();
    await expect.poll(() => page.getByRole('list', { name: 'Changes' }).getByRole('listitem').allTextContents()).toEqual(['ICP, employees, min: 50 → 61']);

    await screenshotsOf(page, region, 'charter-suggestions');
    await page.close();
  });

  it('reviews the marginal leads (just short of SQL, or from a source not proven): sends one for a single outreach attempt, leaves the others out', async () => {
    const levels = { fitLevel: 'in_icp', engagementLevel: 'high', intentLevel: 'medium', authorityLevel: 'decision_maker' };
    for (const [n, short] of [
      [1, { intentLevel: 'low' }],
      [2, { fitLevel: 'borderline' }],
      [3, { intentLevel: 'none', authorityLevel: 'influencer' }],
    ] as const) {
      await insertLead(server.database, {
        email: `marginal${n}@acme.example`,
        firstName: 'Marginal',
        lastName: `Lead ${n}`,
        title: 'VP Sales',
        company: COMPANY,
        source: ['webinar', 'ebook', 'a new podcast'][n - 1],
        stage: 'mql',
        ...levels,
        ...short,
        scoredAt: ago(n * 60_000),
        createdAt: ago(3 * DAY),
      });
    }
    const page = await openStudio(1366, 768);
    const table = page.getByRole('table', { name: 'Review queue' });
    await table.waitFor({ timeout: 15_000 });
    const expected = await team.mo.api.review.queue.query();
    expect(expected.leads.map((l) => l.email)).toEqual(['marginal1@acme.example', 'marginal2@acme.example', 'marginal3@acme.example']);
    expect(expected.leads[2]).toMatchObject({ reasons: ['unprovenSource'], sourceRecord: { sqls: 0, won: 0 } });
    const withActions = (cells: string[]) => [...cells, 'Send for one attemptLeave out'];
    expect(await rows(page, 'Review queue')).toEqual(expected.leads.map((lead) => withActions(reviewCells(lead, formatDate))));
    const region = page.getByRole('region', { name: 'Review queue: marginal leads' });
    await screenshotsOf(page, region, 'charter-review-queue');
    await region.screenshot({ path: join(SCREENSHOTS, 'charter-review-queue.png') });

    // Sent: routed as the charter says, a single attempt; it leaves the queue and counts above it.
    await table.getByRole('row', { name: /Marginal Lead 1/ }).getByRole('button', { name: 'Send for one attempt' }).click();
    await page.getByRole('status').filter({ hasText: /^Marginal Lead 1 sent to .+ for one outreach attempt\.$/ }).waitFor({ timeout: 15_000 });
    await expect.poll(() => rows(page, 'Review queue').then((r) => r.map((cells) => cells[0]))).toEqual(
      [2, 3].map((n) => leadText({ name: `Marginal Lead ${n}`, title: 'VP Sales', company: 'Acme' })),
    );
    const after = await team.mo.api.review.queue.query();
    expect(after.singleAttempts).toMatchObject({ sent: 1, open: 1 });
    expect(await page.getByText(attemptsText(after.singleAttempts)).count()).toBe(1);
    expect(await page.getByText(attemptsBySourceText(after.singleAttempts)!).count()).toBe(1);

    for (const n of [2, 3]) {
      await table.getByRole('row', { name: new RegExp(`Marginal Lead ${n}`) }).getByRole('button', { name: 'Leave out' }).click();
      await page.getByRole('status').filter({ hasText: `Marginal Lead ${n} left out until scored anew.` }).waitFor({ timeout: 15_000 });
    }
    await page.getByText(EMPTY_QUEUE).waitFor({ timeout: 15_000 });
    await page.close();
  });
});
