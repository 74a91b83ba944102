import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisions, handovers, notifications } from '../../server/db/schema';
import { launchWithExtension, type ExtensionBrowser } from '../support/browser';
import { insertHandover, insertLead } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

const SCREENSHOTS = join(import.meta.dirname, '../../docs/screenshots');
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

describe('the popup', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let tokens: { manager: string; ana: string };
  let anaId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const always = { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7], dayStart: '00:00', dayEnd: '23:59' };
    const manager = await server.user({ email: 'mo.manager@example.com', name: 'Mo Manager', role: 'manager' });
    const ana = await server.user({ ...always, email: 'ana.rep@example.com', name: 'Ana Rep', role: 'rep', managerEmail: 'mo.manager@example.com' });
    const ben = await server.user({ ...always, email: 'ben.rep@example.com', name: 'Ben Rep', role: 'rep', managerEmail: 'mo.manager@example.com' });
    tokens = { manager: manager.token, ana: ana.token };
    anaId = ana.id;

    let n = 0;
    const handover = async (ownerId: string, firstName: string, startedHoursAgo: number, deadlineInHours: number, decision?: { kind: 'accepted' | 'rejected'; reasonId?: string }) => {
      n += 1;
      const leadId = await insertLead(server.database, { email: `lead${n}@example.com`, firstName, lastName: 'Lead', ownerId, stage: 'sql' });
      const id = await insertHandover(server.database, {
        leadId,
        ownerId,
        startedAt: hoursFromNow(-startedHoursAgo),
        warnAt: hoursFromNow(deadlineInHours - 1),
        deadline: hoursFromNow(deadlineInHours),
        state: decision ? decision.kind : 'open',
      });
      if (decision) {
        await server.database.db.insert(decisions).values({
          id: `d${n}`,
          handoverId: id,
          leadId,
          kind: decision.kind,
          reasonId: decision.reasonId ?? null,
          decidedById: ownerId,
          withoutContact: true,
          charterVersion: 1,
          idempotencyKey: `key-${n}`,
          decidedAt: hoursFromNow(-1),
        });
      }
    };
    await handover(ana.id, 'Accepted', 30, -26, { kind: 'accepted' });
    await handover(ana.id, 'Accepted', 30, -26, { kind: 'accepted' });
    await handover(ana.id, 'Rejected', 30, -26, { kind: 'rejected', reasonId: 'no_budget' });
    await handover(ben.id, 'Accepted', 30, -26, { kind: 'accepted' });
    await handover(ana.id, 'Later', 1, 6);
    await handover(ana.id, 'Sooner', 1, 2);

    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(token: string): Promise<Page> {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByLabel('Server URL').fill(server.url);
    await options.getByLabel('Token').fill(token);
    await options.getByRole('button', { name: 'Connect' }).click();
    await options.getByRole('status').waitFor({ timeout: 15_000 });
    await options.close();
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 600, height: 640 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    return popup;
  }

  const rowTexts = (page: Page, table: string) =>
    page
      .getByRole('region', { name: table })
      .locator('table')
      .first()
      .locator('tbody tr')
      .evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim() ?? '')));

  it('shows a manager per-rep acceptance (Ana 2 of 3, Ben 1 of 1), sortable, with a chart and the funnel', async () => {
    const popup = await signIn(tokens.manager);
    await popup.getByRole('table').first().waitFor({ timeout: 15_000 });
    const rows = await rowTexts(popup, 'Team');
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      ['Ana Rep', '2', '1', '67%'],
      ['Ben Rep', '1', '0', '100%'],
    ]);
    expect(rows[0]![7]).toBe('No budget (1)');
    await popup.getByRole('button', { name: 'Rate' }).click();
    expect((await rowTexts(popup, 'Team')).map((r) => r[0])).toEqual(['Ben Rep', 'Ana Rep']);
    expect(await popup.getByRole('img', { name: /Acceptance rate by rep/ }).count()).toBe(1);
    expect(await popup.getByRole('row', { name: /^Total/ }).count()).toBe(1);
    await popup.screenshot({ path: join(SCREENSHOTS, 'popup-manager.png'), fullPage: true });
    await popup.close();
  });

  it('shows a rep their open handovers, soonest deadline first, counting down', async () => {
    const popup = await signIn(tokens.ana);
    await popup.getByRole('region', { name: 'My queue' }).locator('table').waitFor({ timeout: 15_000 });
    const rows = await rowTexts(popup, 'My queue');
    expect(rows.map((r) => [r[0]!.split('Lead')[0]!.trim(), r[1]])).toEqual([
      ['Sooner', 'on track'],
      ['Later', 'on track'],
    ]);
    expect(rows[0]![2]).toMatch(/^1 h 5\d min$|^2 h$/);
    await popup.screenshot({ path: join(SCREENSHOTS, 'popup-rep.png'), fullPage: true });
    await popup.close();
  });

  it('shows the rep a desktop notification for an SLA notice, once', async () => {
    const [handover] = await server.database.db.select().from(handovers).limit(1);
    await server.database.db.insert(notifications).values({ id: 'notice-1', userId: anaId, handoverId: handover!.id, kind: 'sla_warning', message: 'SLA warning: Sooner Lead is due soon.', at: new Date().toISOString() });
    const popup = await signIn(tokens.ana);
    const shown = async () =>
      browser.serviceWorker.evaluate(async () => {
        const { chrome } = globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } } };
        return Object.keys(await chrome.notifications.getAll());
      });
    await expect.poll(shown, { timeout: 15_000 }).toEqual(['notice-1']);
    await expect.poll(async () => (await server.database.db.select().from(notifications)).map((n) => n.readAt !== null)).toEqual([true]);
    await popup.close();
  });
});
