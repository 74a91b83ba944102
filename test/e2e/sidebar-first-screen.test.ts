import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server';
import type { ExtensionBrowser } from '../support/browser';
import { startDemoWithExtension, type DemoWithExtension } from '../support/demo-browser';
import { SCREENSHOTS } from './screenshots';

// The sidebar read at a glance on a laptop: on the demo HubSpot record of `npm start`, the
// first screen of the sidebar holds who and what stage, the SLA, the four criteria and the
// actions; a criterion opens to its signals across the column; Hide is remembered per site.
// Each layout is also pictured (test-results/screenshots) to be looked at.

describe('the sidebar’s first screen on a laptop', () => {
  let demo: DemoWithExtension;
  let server: RunningServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    demo = await startDemoWithExtension();
    ({ server, browser } = demo);
  });
  afterAll(() => demo?.close());

  const sidebar = (page: Page) => page.getByRole('complementary', { name: 'Handshake' });

  async function open(path: string, width: number, height: number, name: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height });
    await page.goto(`${server.url}${path}`);
    await expect.poll(() => sidebar(page).locator('.hs-name').textContent(), { timeout: 15_000 }).toBe(name);
    return page;
  }

  /** The lowest edge of these, and of the sidebar's visible box. */
  async function bottoms(panel: Locator, parts: Locator[]) {
    const boxes = await Promise.all(parts.map((part) => part.boundingBox()));
    return { parts: Math.max(...boxes.map((box) => box!.y + box!.height)), panel: (await panel.boundingBox())!.y + (await panel.boundingBox())!.height };
  }

  it.each([
    [1366, 768],
    [1920, 1080],
  ])('holds the stage, the SLA, the four criteria and Accept, Log touch and Reject in its first screen at %i×%i', async (width, height) => {
    const page = await open('/demo/hubspot/51234', width, height, 'Camille Durand');
    const panel = sidebar(page);
    const accept = panel.getByRole('button', { name: 'Accept' });
    await accept.waitFor({ timeout: 15_000 });
    const rows = panel.getByRole('table', { name: 'Criteria' }).getByRole('row');
    expect(await rows.count()).toBe(5);
    const parts = [panel.locator('.hs-badge'), panel.locator('.hs-sla'), ...(await rows.all()), accept, panel.getByRole('button', { name: 'Log touch' }), panel.getByRole('button', { name: 'Reject' })];
    const edge = await bottoms(panel, parts);
    expect(edge.parts).toBeLessThanOrEqual(height);
    expect(edge.parts).toBeLessThanOrEqual(edge.panel);
    // Nothing needs the sidebar scrolled to be seen.
    expect(await panel.evaluate((el) => el.scrollTop)).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, `sidebar-first-screen-${width}x${height}.png`) });
    await page.close();
  });

  it('opens a criterion to its signals across the whole column, and the reject form only on Reject', async () => {
    const page = await open('/demo/hubspot/51234', 1366, 768, 'Camille Durand');
    const panel = sidebar(page);
    const table = panel.getByRole('table', { name: 'Criteria' });
    await table.getByRole('button', { name: 'Engagement' }).click();
    const signals = table.locator('.hs-signals td');
    await signals.locator('li').first().waitFor();
    const [cell, whole] = [(await signals.boundingBox())!, (await table.boundingBox())!];
    expect(cell.width).toBeGreaterThanOrEqual(whole.width - 1);
    expect(whole.width).toBeGreaterThan(300);
    // The signals themselves use that width: never a narrow column of one or two words a line.
    expect((await signals.locator('ul').boundingBox())!.width).toBeGreaterThan(whole.width * 0.85);
    // And the rows keep their layout: each criterion's level on one line.
    const lineHeight = await table.locator('.hs-level').first().evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    for (const level of await table.locator('.hs-level').all()) expect((await level.boundingBox())!.height).toBeLessThan(2 * lineHeight);

    expect(await panel.getByLabel('Rejection reason').count()).toBe(0);
    await panel.getByRole('button', { name: 'Reject' }).click();
    await panel.getByLabel('Rejection reason').waitFor();
    // The form comes into view with the focus on its reasons.
    const reasons = (await panel.getByLabel('Rejection reason').boundingBox())!;
    expect(reasons.y + reasons.height).toBeLessThanOrEqual((await panel.boundingBox())!.y + (await panel.boundingBox())!.height);
    expect(await panel.getByRole('button', { name: 'Confirm reject' }).isDisabled()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'sidebar-opened-1366x768.png') });
    await page.close();
  });

  it('shows a customer as a customer, with today’s signals below, and a breached handover in one state', async () => {
    const customer = await open('/demo/hubspot/51238', 1366, 768, 'Sophie Martin');
    const lead = sidebar(customer).getByRole('region', { name: 'Lead' });
    expect(await lead.locator('.hs-badge').textContent()).toBe('Customer');
    expect(await lead.locator('.hs-today').textContent()).toMatch(/^Today’s signals/);
    await customer.screenshot({ path: join(SCREENSHOTS, 'sidebar-customer-1366x768.png') });
    await customer.close();

    const breached = await open('/demo/pipedrive/780', 1366, 768, 'Dana Whitfield');
    const sla = sidebar(breached).locator('.hs-sla');
    expect(await sla.textContent()).toMatch(/^Breached/);
    expect(await sla.textContent()).not.toMatch(/left|paused/);
    await breached.screenshot({ path: join(SCREENSHOTS, 'sidebar-breached-1366x768.png') });
    await breached.close();
  });

  it('remembers Hide on its site across a reload, and not on another site', async () => {
    const page = await open('/demo/hubspot/51234', 1366, 768, 'Camille Durand');
    await sidebar(page).getByRole('button', { name: 'Hide' }).click();
    await page.reload();
    await sidebar(page).getByRole('button', { name: 'Show' }).waitFor({ timeout: 15_000 });
    expect(await sidebar(page).locator('.hs-name').count()).toBe(0);

    // The same demo on another host name is another site: open there.
    const other = await browser.context.newPage();
    await other.goto(`${server.url.replace('127.0.0.1', 'localhost')}/demo/hubspot/51234`);
    await expect.poll(() => sidebar(other).locator('.hs-name').textContent(), { timeout: 15_000 }).toBe('Camille Durand');
    await other.close();

    // Show undoes it: open again after the next reload.
    await sidebar(page).getByRole('button', { name: 'Show' }).click();
    await page.reload();
    await expect.poll(() => sidebar(page).locator('.hs-name').textContent(), { timeout: 15_000 }).toBe('Camille Durand');
    await page.close();
  });
});
