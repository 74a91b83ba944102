import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionCells, personCells } from '../../extension/people/people-view';
import { connectCrm } from '../../server/connectors/connections';
import { SYSTEM } from '../../server/domain/audit';
import { connectorContext } from '../support/connectors';
import { startHubSpotStandIn, type HubSpotStandIn } from '../support/crm/hubspot-stand-in';
import { launchWithExtension, openExtensionPage, signInThroughOptions, type ExtensionBrowser } from '../support/browser';
import { api, startTestServer, type TestServer } from '../support/server';
import { SCREENSHOTS } from './screenshots';

// People and keys (people.html) in real Chromium against a real server: an admin reads
// everyone as people.list has them, changes a rep's calendar, holiday region and what routing
// reads of them (a period away, capacity, weight, territories), adds a person
// whose token signs in, adds an ingest key that ingests and revokes it; a manager reads their
// team without the buttons.

describe('people and keys', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let admin: Awaited<ReturnType<TestServer['user']>>;
  let maria: Awaited<ReturnType<TestServer['user']>>;
  let hubspot: HubSpotStandIn;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.user({ email: 'sam@example.com', name: 'Sam Admin', role: 'admin', timeZone: 'Europe/London' });
    maria = await server.user({ email: 'maria@example.com', name: 'Maria Keller', role: 'manager', timeZone: 'Europe/Berlin' });
    await server.user({ email: 'tom@example.com', name: 'Tom Baker', role: 'rep', timeZone: 'Europe/London', managerEmail: 'maria@example.com' });
    await server.user({ email: 'ines@example.com', name: 'Inès Moreau', role: 'rep', timeZone: 'Europe/Paris' });
    hubspot = await startHubSpotStandIn({ now: () => Date.now() });
    await connectCrm(connectorContext(server.database, () => new Date()), 'hubspot', { apiUrl: hubspot.url }, { token: hubspot.token }, SYSTEM);
    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await hubspot?.close();
  });

  async function openPeople(token: string, width = 1366, height = 768): Promise<Page> {
    await (await signInThroughOptions(browser, server.url, token)).close();
    return openExtensionPage(browser, 'people.html', width, height);
  }

  const rows = (page: Page) =>
    page.getByRole('table', { name: 'Who works the handovers' }).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll<HTMLElement>('th, td:not(.actions)')].map((c) => c.innerText)));
  /** A person's row as the page shows it: each cell's lines, one under the other. */
  const shownCells = (person: Parameters<typeof personCells>[0]) => personCells(person, new Date()).map((lines) => lines.join('\n'));

  it("lets an admin read everyone, change a rep's calendar, add a person and an ingest key", async () => {
    const page = await openPeople(admin.token);
    await page.getByRole('table', { name: 'Who works the handovers' }).waitFor({ timeout: 15_000 });
    expect(await rows(page)).toEqual((await admin.api.people.list.query()).map(shownCells));
    // The CRM connected at the start, as connections.status has it: no token shown.
    const crm = page.getByRole('table', { name: 'CRM connections' });
    await crm.waitFor({ timeout: 15_000 });
    const statuses = await admin.api.connections.status.query();
    expect(await crm.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent ?? '')))).toEqual(statuses.map(connectionCells));
    expect(await page.locator('body').textContent()).not.toContain(hubspot.token);
    await page.screenshot({ path: join(SCREENSHOTS, 'people-1366x768.png'), fullPage: true });

    await page.getByRole('button', { name: 'Edit Tom Baker' }).click();
    await page.getByRole('checkbox', { name: 'Fri' }).uncheck();
    await page.getByLabel('Public holidays of (country or region, e.g. DE-BY; empty for none)').fill('gb-sct');
    await page.getByLabel('Backup at a breach').selectOption({ label: 'Inès Moreau' });
    // A period away well ahead of today wherever the test runs, so the row reads it as coming.
    const [awayFrom, awayTo] = [20, 24].map((days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)) as [string, string];
    await page.getByRole('button', { name: 'Add a period away' }).click();
    await page.getByLabel('First day of period 1').fill(awayFrom);
    await page.getByLabel('Last day of period 1').fill(awayTo);
    await page.getByLabel('Capacity (most open handovers from routing; empty for no limit)').fill('25');
    await page.getByLabel('Weight (share of a pool’s rotation, 1–100)').fill('2');
    await page.getByLabel('Territories (country codes, comma-separated, e.g. US, CA)').fill('gb, Ireland');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved. Open handovers keep their deadlines').waitFor({ timeout: 15_000 });
    // What Tom gets by e-mail, saved on its own.
    await page.getByRole('checkbox', { name: 'SLA warnings by e-mail' }).uncheck();
    await page.getByRole('checkbox', { name: 'The weekly sync report (managers and RevOps) by e-mail' }).uncheck();
    await page.getByRole('checkbox', { name: 'Nudges from a manager on the desktop' }).uncheck();
    await page.getByRole('button', { name: 'Save alerts' }).click();
    await page.getByText('Alerts saved.').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'people-alerts-1366x768.png'), fullPage: true });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: join(SCREENSHOTS, 'people-alerts-1920x1080.png'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
    expect((await admin.api.people.list.query()).find((p) => p.email === 'tom@example.com')).toMatchObject({ emailAlerts: ['sla_breach', 'reassigned', 'nudge'], desktopAlerts: ['sla_warning', 'sla_breach', 'reassigned'] });
    // Signing Tom in on a new browser, then out of every one.
    await page.getByRole('button', { name: 'New token for Tom Baker' }).click();
    const tomToken = await page.getByLabel('New token of Tom Baker').textContent({ timeout: 15_000 });
    expect((await api(server.url, tomToken!).me.query()).email).toBe('tom@example.com');
    await page.getByRole('button', { name: 'Sign Tom Baker out everywhere' }).click();
    await page.getByText('2 token(s) revoked.').waitFor({ timeout: 15_000 });
    await expect(api(server.url, tomToken!).me.query()).rejects.toThrow();
    await page.getByRole('button', { name: 'Close' }).click();
    const tom = (await admin.api.people.list.query()).find((p) => p.email === 'tom@example.com')!;
    expect(tom).toMatchObject({ emailAlerts: ['sla_breach', 'reassigned', 'nudge'], workingDays: [1, 2, 3, 4], holidayRegion: 'GB-SCT', backupEmail: 'ines@example.com', outOfOffice: [{ from: awayFrom, to: awayTo }], capacity: 25, weight: 2, territories: ['GB', 'IE'] });
    await expect.poll(() => rows(page)).toContainEqual(shownCells(tom));
    const tomRow = (await rows(page)).find((row) => row[0]!.endsWith('\ntom@example.com'))!;
    expect(tomRow.slice(-2)).toEqual(['Up to 25 open\nWeight 2', 'GB, IE']);

    // A bad time zone is refused by the server, in words naming it.
    await page.getByRole('button', { name: 'Edit Tom Baker' }).click();
    await page.getByLabel('Time zone').fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/time ?zone/i);
    await page.getByRole('button', { name: 'Close' }).click();
    // An unknown country is refused naming the field and the value; a removed period stays until saved.
    await page.getByRole('button', { name: 'Edit Tom Baker' }).click();
    await page.getByRole('button', { name: 'Remove period 1' }).click();
    await page.getByLabel('Territories (country codes, comma-separated, e.g. US, CA)').fill('GB, Atlantis');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect(await page.getByRole('alert').textContent()).toMatch(/territories\.1: "Atlantis" is not a country/i);
    await page.getByRole('button', { name: 'Close' }).click();
    expect((await admin.api.people.list.query()).find((p) => p.email === 'tom@example.com')).toEqual(tom);

    await page.getByRole('button', { name: 'Add a person' }).click();
    await page.getByLabel('E-mail', { exact: true }).fill('lena@example.com');
    await page.getByLabel('Name', { exact: true }).fill('Lena Vogel');
    await page.getByRole('dialog').getByRole('combobox', { name: 'Manager', exact: true }).selectOption({ label: 'Maria Keller' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const token = await page.getByLabel('Token of Lena Vogel').textContent({ timeout: 15_000 });
    expect((await api(server.url, token!).me.query()).email).toBe('lena@example.com');
    await page.getByRole('button', { name: 'Close' }).click();

    await page.getByLabel('New key named').fill('Website forms');
    await page.getByRole('button', { name: 'Add key' }).click();
    const key = await page.getByLabel('Ingest key Website forms').textContent({ timeout: 15_000 });
    expect((await server.post('/api/v1/leads', { leads: [{ email: 'new@example.com' }] }, key!)).status).toBe(200);
    await page.getByRole('button', { name: 'Revoke Website forms' }).click();
    await page.getByRole('table', { name: 'Ingest keys' }).getByText(/^Revoked /).waitFor({ timeout: 15_000 });
    expect((await server.post('/api/v1/leads', { leads: [{ email: 'new2@example.com' }] }, key!)).status).toBe(401);
    await page.setViewportSize({ width: 1920, height: 1080 });
    // On a full-HD screen every column is in view: none scrolled beyond the card or under the Edit column.
    const scroller = page.locator('.people-scroll');
    expect(await scroller.evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'people-keys-1920x1080.png'), fullPage: true });
    await page.close();
  });

  it('shows a manager their team without the buttons that change it', async () => {
    const page = await openPeople(maria.token);
    await page.getByRole('heading', { name: 'Your team' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => rows(page).then((r) => r.map((row) => row[0]!.split('\n')[1]))).toEqual(['lena@example.com', 'maria@example.com', 'tom@example.com']);
    expect(await page.getByRole('button', { name: /^Edit / }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Ingest keys' }).count()).toBe(0);
    await page.close();
  });
});
