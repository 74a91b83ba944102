import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDates, formatBusinessDuration, formatRate, rangeFromDates } from '../../extension/ui/format';
import { notifications } from '../../server/db/schema';
import { seedTeamHistory, type TTeamHistory } from '../support/team-history';
import { launchWithExtension, signInThroughOptions, type ExtensionBrowser } from '../support/browser';
import { startTestServer, type TestServer } from '../support/server';
import { SCREENSHOTS } from './screenshots';

// The popup in real Chromium against a real server: the rep's queue in deadline order with
// its states, the badge and the desktop notifications; the manager's glance (the team's
// figures equal to the server's own stats.reps, who to chase) and the way to the dashboard
// (test/e2e/dashboard.test.ts).

type TUserHandle = TTeamHistory['mo'];

describe('the popup', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let mo: TUserHandle;
  let ana: TUserHandle;

  beforeAll(async () => {
    server = await startTestServer();
    ({ mo, ana } = await seedTeamHistory(server));
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

  it("shows a manager the team's four figures and who to chase, and opens the dashboard", async () => {
    await signIn(mo.token);
    const popup = await openPopup(780, 600);
    const dates = defaultDates(new Date());
    const expected = await mo.api.stats.reps.query(rangeFromDates(dates.from, dates.to));
    const figures = popup.locator('dl.figures');
    await figures.waitFor({ timeout: 15_000 });
    expect(await figures.locator('dt').allTextContents()).toEqual(['Handovers', 'Acceptance', 'SLA met', 'First touch']);
    const shown = [String(expected.total.handovers), formatRate(expected.total.acceptanceRate), formatRate(expected.total.slaMetRate), formatBusinessDuration(expected.total.firstTouchBusinessMs.median)];
    expect(await figures.locator('dd:not(.small)').allTextContents()).toEqual(shown);
    // Ana 2 of 3 and Ben 2 of 2 accepted.
    expect(shown[1]).toBe('80%');

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
    // A glance: the per-rep table and the funnel live on the dashboard.
    expect(await popup.getByRole('table').count()).toBe(0);
    await popup.screenshot({ path: join(SCREENSHOTS, 'popup-manager.png'), fullPage: true });

    const [dashboard] = await Promise.all([browser.context.waitForEvent('page'), popup.getByRole('button', { name: 'Open dashboard' }).click()]);
    await dashboard.waitForLoadState();
    expect(dashboard.url()).toBe(`chrome-extension://${browser.extensionId}/dashboard.html`);
    await dashboard.getByRole('heading', { name: 'Team dashboard' }).waitFor({ timeout: 15_000 });
    await dashboard.close();
    await popup.close();
  });
});
