import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDates, rangeFromDates } from '../../extension/ui/format';
import { repCells } from '../../extension/ui/stats-view';
import { notifications } from '../../server/db/schema';
import { sweepSla } from '../../server/domain/sweeper';
import { launchWithExtension, signInThroughOptions, type ExtensionBrowser } from '../support/browser';
import { insertHandover, insertLead, roundTheClock } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { SCREENSHOTS } from './screenshots';

// The popup in real Chromium against a real server: the rep's queue in deadline order with
// its states, the badge and the desktop notifications; the manager's per-rep figures equal
// to the server's own stats.reps, and the funnel equal to its stats.funnel.

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
/** Business hours around the clock, so business time equals elapsed time whenever the test runs. */
const ALWAYS = roundTheClock();
const COMPANIES = ['BigCo', 'Northwind Analytics', 'Bergmann Logistik', 'Acme Analytics'];

type TUserHandle = Awaited<ReturnType<TestServer['user']>>;

describe('the popup', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let mo: TUserHandle;
  let ana: TUserHandle;
  let n = 0;

  /** An SQL with a handover to `owner`, its clock set in minutes from now. */
  async function handover(owner: TUserHandle, name: string, clock: { started: number; warn: number; deadline: number }, source = 'webinar', won = false) {
    n += 1;
    const [firstName, lastName] = name.split(' ');
    const leadId = await insertLead(server.database, {
      email: `lead${n}@example.com`,
      firstName,
      lastName,
      title: 'VP Sales',
      company: { name: COMPANIES[n % COMPANIES.length]! },
      ownerId: owner.id,
      stage: 'sql',
      source,
      mqlAt: minutesFromNow(clock.started - 600),
      sqlAt: minutesFromNow(clock.started),
      ...(won ? { opportunityAt: minutesFromNow(-30), wonAt: minutesFromNow(-5) } : {}),
    });
    await insertHandover(server.database, {
      leadId,
      ownerId: owner.id,
      startedAt: minutesFromNow(clock.started),
      warnAt: minutesFromNow(clock.warn),
      deadline: minutesFromNow(clock.deadline),
    });
    return leadId;
  }

  /** Decided through the real API, with a first touch `touchAfter` minutes into the SLA when given. */
  async function decided(owner: TUserHandle, name: string, decision: 'accept' | { reject: string }, touchAfter: number | null, source?: string, won = false) {
    const started = -300;
    const leadId = await handover(owner, name, { started, warn: -120, deadline: -60 }, source, won);
    if (touchAfter !== null) await owner.api.touch.log.mutate({ leadId, channel: 'call', idempotencyKey: `touch-${leadId}`, at: minutesFromNow(started + touchAfter) });
    if (decision === 'accept') await owner.api.decision.accept.mutate({ leadId, idempotencyKey: `decide-${leadId}` });
    else await owner.api.decision.reject.mutate({ leadId, idempotencyKey: `decide-${leadId}`, reason: decision.reject });
  }

  beforeAll(async () => {
    server = await startTestServer();
    mo = await server.user({ ...ALWAYS, email: 'mo.khan@example.com', name: 'Mo Khan', role: 'manager' });
    ana = await server.user({ ...ALWAYS, email: 'ana.silva@example.com', name: 'Ana Silva', role: 'rep', managerEmail: 'mo.khan@example.com' });
    const ben = await server.user({ ...ALWAYS, email: 'ben.okafor@example.com', name: 'Ben Okafor', role: 'rep', managerEmail: 'mo.khan@example.com' });

    // History for the manager's figures: Ana 2 accepted, 1 rejected; Ben 2 accepted.
    await decided(ana, 'Priya Nair', 'accept', 30, 'webinar', true);
    await decided(ana, 'Tom Becker', 'accept', 270, 'paid_search'); // touched after the deadline
    await decided(ana, 'Lena Vogel', { reject: 'no_budget' }, null);
    await decided(ben, 'Omar Haddad', 'accept', 90, 'paid_search');
    await decided(ben, 'Sara Lind', 'accept', 10);

    // The top of the funnel: leads that did not reach SQL (yet).
    for (const [source, mql] of [['webinar', true], ['webinar', true], ['webinar', false], ['webinar', false], ['paid_search', true], ['paid_search', false]] as const) {
      n += 1;
      await insertLead(server.database, { email: `lead${n}@example.com`, source, stage: mql ? 'mql' : 'lead', ...(mql ? { mqlAt: minutesFromNow(-900) } : {}) });
    }

    // Ana's open queue, inserted out of order: on track, breached, warning.
    await handover(ana, 'Jonas Weber', { started: -10, warn: 170, deadline: 230 });
    await handover(ana, 'Dana Whitfield', { started: -360, warn: -120, deadline: -30 });
    await handover(ana, 'Camille Durand', { started: -200, warn: -20, deadline: 40 });
    // The server's SLA sweeper: a warning for Ana, a breach for her manager.
    await sweepSla(server.database, new Date());

    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(token: string): Promise<void> {
    await (await signInThroughOptions(browser, server.url, token)).close();
  }

  /** The popup's page in a tab of the popup's size (the screenshot grows with the content). */
  async function openPopup(width: number, height = 380): Promise<Page> {
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width, height });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    return popup;
  }

  /** Extension APIs a test reads from an extension page. */
  const extensionApi = (page: Page) => ({
    badge: () =>
      page.evaluate(async () => {
        const { chrome } = globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string>; getBadgeBackgroundColor(d: object): Promise<number[]> } } };
        return { text: await chrome.action.getBadgeText({}), color: await chrome.action.getBadgeBackgroundColor({}) };
      }),
    notificationIds: () =>
      page.evaluate(async () => {
        const { chrome } = globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } } };
        return Object.keys(await chrome.notifications.getAll());
      }),
    send: (message: unknown) =>
      page.evaluate(async (m) => {
        const { chrome } = globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } };
        return chrome.runtime.sendMessage(m);
      }, message),
  });

  it('offers the options page before anyone signs in', async () => {
    const popup = await openPopup(400);
    await popup.getByRole('heading', { name: 'Not connected' }).waitFor();
    expect(await popup.getByRole('button', { name: 'Open the options to connect' }).count()).toBe(1);
    await popup.close();
  });

  it('shows a rep their open handovers, soonest deadline first, with states in words and a live countdown; the badge counts the urgent ones', async () => {
    await signIn(ana.token);
    const popup = await openPopup(400);
    const queue = popup.getByRole('list', { name: 'Open handovers, soonest deadline first' });
    await queue.waitFor({ timeout: 15_000 });
    const rows = queue.getByRole('listitem');
    expect(await rows.evaluateAll((items) => items.map((li) => [li.querySelector('.lead')?.textContent, li.querySelector('.pill')?.textContent]))).toEqual([
      ['Dana Whitfield', 'Breached'],
      ['Camille Durand', 'Warning'],
      ['Jonas Weber', 'On track'],
    ]);
    expect(await rows.nth(0).locator('.countdown').textContent()).toMatch(/^Overdue by 3\d min \d\d s$/);
    expect(await rows.nth(2).locator('.countdown').textContent()).toMatch(/^3 h (4\d|50) min left$/);
    // Live: the seconds move without a new fetch.
    const before = await rows.nth(1).locator('.countdown').textContent();
    await expect.poll(() => rows.nth(1).locator('.countdown').textContent(), { timeout: 5_000 }).not.toBe(before);

    // Breached and warning: 2, red because one is breached.
    const api = extensionApi(popup);
    await expect.poll(() => api.badge()).toEqual({ text: '2', color: [198, 40, 40, 255] });

    // The sweeper's warning to Ana becomes one desktop notification, marked read on the server, never shown twice.
    const [warning] = await server.database.db.select().from(notifications).where(eq(notifications.userId, ana.id));
    expect(warning?.kind).toBe('sla_warning');
    await api.send({ kind: 'syncNow', input: null });
    await expect.poll(() => api.notificationIds()).toEqual([`handshake:${warning!.id}`]);
    const [read] = await server.database.db.select().from(notifications).where(eq(notifications.id, warning!.id));
    expect(read?.readAt).not.toBeNull();
    await api.send({ kind: 'syncNow', input: null });
    expect(await api.notificationIds()).toEqual([`handshake:${warning!.id}`]);

    await popup.screenshot({ path: join(SCREENSHOTS, 'popup-rep.png'), fullPage: true });
    await popup.close();
  });

  it('shows a manager the per-rep figures the server computes, sortable, with the chart and the funnel by source', async () => {
    await signIn(mo.token);
    const popup = await openPopup(780, 600);
    const table = popup.getByRole('table', { name: 'Acceptance by rep' });
    await table.waitFor({ timeout: 15_000 });

    // The same range the popup asked for (its default: the last 30 days), asked of the server directly.
    const dates = defaultDates(new Date());
    const expected = await mo.api.stats.reps.query(rangeFromDates(dates.from, dates.to));
    const cells = () => table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent ?? '')));
    expect(await cells()).toEqual(expected.reps.map(repCells));
    expect((await cells()).map((row) => row.slice(0, 5))).toEqual([
      // SLA met: Priya in time, of Priya, Tom (late), Lena (rejected without contact, late) and Dana (open, overdue).
      ['Ana Silva', '2', '1', '66.7%', '25%'],
      ['Ben Okafor', '2', '0', '100%', '100%'],
    ]);

    // Who to chase now: the team's handovers in warning or breached, the overdue first, with who holds each.
    const atRisk = popup.getByRole('list', { name: 'Open handovers in warning or breached, the overdue first' });
    await atRisk.waitFor({ timeout: 15_000 });
    expect(
      await atRisk.getByRole('listitem').evaluateAll((items) => items.map((li) => [li.querySelector('.lead')?.textContent, li.querySelector('.pill')?.textContent, li.querySelector('.owner')?.textContent])),
    ).toEqual([
      ['Dana Whitfield', 'Breached', 'With Ana Silva'],
      ['Camille Durand', 'Warning', 'With Ana Silva'],
    ]);
    expect(await popup.getByText('1 more open, on track or touched.').count()).toBe(1);

    const rate = popup.getByRole('columnheader', { name: 'Rate' });
    expect(await rate.getAttribute('aria-sort')).toBe('none');
    await rate.getByRole('button').click();
    expect(await rate.getAttribute('aria-sort')).toBe('descending');
    expect((await cells()).map((row) => row[0])).toEqual(['Ben Okafor', 'Ana Silva']);
    await popup.screenshot({ path: join(SCREENSHOTS, 'popup-manager.png'), fullPage: true });
    await rate.getByRole('button').click();
    expect(await rate.getAttribute('aria-sort')).toBe('ascending');
    expect((await cells()).map((row) => row[0])).toEqual(['Ana Silva', 'Ben Okafor']);

    expect(await popup.getByRole('img', { name: /Acceptance rate per rep.*Ana Silva: 66\.7%, Ben Okafor: 100%/ }).count()).toBe(1);

    const funnel = await mo.api.stats.funnel.query({ ...rangeFromDates(dates.from, dates.to), groupBy: 'source' });
    const funnelTable = popup.getByRole('table', { name: 'Funnel by source' });
    const shown = await funnelTable.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent]));
    expect(shown).toEqual(funnel.groups.map((g) => [g.key, String(g.leads)]));
    expect(shown).toEqual([
      ['webinar', '10'],
      ['paid_search', '4'],
    ]);

    // By campaign: the server's figures again, the total row named for what it totals.
    await popup.getByRole('radio', { name: 'Campaign' }).check();
    const byCampaign = await mo.api.stats.funnel.query({ ...rangeFromDates(dates.from, dates.to), groupBy: 'campaign' });
    const campaignTable = popup.getByRole('table', { name: 'Funnel by campaign' });
    await campaignTable.waitFor();
    await expect
      .poll(() => campaignTable.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent])))
      .toEqual(byCampaign.groups.map((g) => [g.key, String(g.leads)]));
    expect(await campaignTable.locator('tfoot th').textContent()).toBe('All campaigns');

    // A range the server would refuse is said in words, before asking.
    await popup.getByLabel('From').fill('2030-01-01');
    expect(await popup.getByRole('alert').textContent()).toBe('“From” must be on or before “To”.');
    await popup.close();
  });
});
