import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisions, handovers, touches } from '../../server/db/schema';
import { launchWithExtension, signInThroughOptions, type ExtensionBrowser } from '../support/browser';
import { insertHandover, insertLead, roundTheClock } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { SCREENSHOTS } from './screenshots';

// Nothing a rep submits is lost while the server is down: decisions and touches wait in the
// background's outbox with their idempotency keys, show as "waiting to sync", and reach the
// server exactly once, in order, when it is back; one someone else decided meanwhile is
// shown as refused, in words, and never retried.

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
/** Business hours around the clock, so business time equals elapsed time whenever the test runs. */
const ALWAYS = roundTheClock();

describe('the outbox, with the server down and back', () => {
  let server: TestServer;
  let browser: ExtensionBrowser;
  let popup: Page;
  const lead: Record<'dana' | 'jonas', string> = { dana: '', jonas: '' };
  let managerApi: Awaited<ReturnType<TestServer['user']>>['api'];

  /** Sends a message to the background from an extension page, as the popup and the sidebar do. */
  const send = (message: unknown) =>
    popup.evaluate(async (m) => {
      const { chrome } = globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } };
      return chrome.runtime.sendMessage(m);
    }, message);
  const pending = async () => ((await send({ kind: 'getPending', input: {} })) as { value: { action: { idempotencyKey: string }; failed: { code: string } | null }[] }).value;

  beforeAll(async () => {
    server = await startTestServer();
    managerApi = (await server.user({ ...ALWAYS, email: 'mo.khan@example.com', name: 'Mo Khan', role: 'manager' })).api;
    const rep = await server.user({ ...ALWAYS, email: 'ines.moreau@example.com', name: 'Inès Moreau', role: 'rep', managerEmail: 'mo.khan@example.com' });
    for (const [key, firstName, lastName, deadline] of [
      ['dana', 'Dana', 'Whitfield', 90],
      ['jonas', 'Jonas', 'Weber', 200],
    ] as const) {
      lead[key] = await insertLead(server.database, { email: `${firstName.toLowerCase()}@example.com`, firstName, lastName, title: 'CFO', ownerId: rep.id, stage: 'sql' });
      await insertHandover(server.database, { leadId: lead[key], ownerId: rep.id, startedAt: minutesFromNow(-20), warnAt: minutesFromNow(deadline - 60), deadline: minutesFromNow(deadline) });
    }

    browser = await launchWithExtension();
    const options = await signInThroughOptions(browser, server.url, rep.token);
    await options.getByText('Signed in as Inès Moreau (rep)').waitFor();
    await options.close();

    popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 400, height: 380 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await popup.getByRole('list', { name: 'Open handovers, soonest deadline first' }).waitFor({ timeout: 15_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('retries on a one-minute alarm', async () => {
    const alarms = await popup.evaluate(async () => {
      const { chrome } = globalThis as unknown as { chrome: { alarms: { getAll(): Promise<{ name: string; periodInMinutes?: number }[]> } } };
      return chrome.alarms.getAll();
    });
    expect(alarms.map(({ name, periodInMinutes }) => ({ name, periodInMinutes }))).toEqual([{ name: 'handshake-tick', periodInMinutes: 1 }]);
  });

  it('keeps decisions and touches made while the server is down, and delivers each exactly once when it is back', async () => {
    // Meanwhile, the rep's manager decides Jonas: the rep's extension does not know yet.
    await managerApi.decision.reject.mutate({ leadId: lead.jonas, idempotencyKey: 'mo-decides-jonas', reason: 'bad_timing' });

    await server.stop();
    const touchKey = crypto.randomUUID();
    const acceptKey = crypto.randomUUID();
    const jonasKey = crypto.randomUUID();
    const touch = await send({ kind: 'logTouch', input: { leadId: lead.dana, idempotencyKey: touchKey, channel: 'call', leadName: 'Dana Whitfield' } });
    const accept = await send({ kind: 'accept', input: { leadId: lead.dana, idempotencyKey: acceptKey, leadName: 'Dana Whitfield' } });
    const lateAccept = await send({ kind: 'accept', input: { leadId: lead.jonas, idempotencyKey: jonasKey, leadName: 'Jonas Weber' } });
    for (const reply of [touch, accept, lateAccept]) expect(reply).toMatchObject({ ok: true, value: { status: 'waiting', reason: { code: 'OFFLINE' } } });

    // The popup says so: the queue as last fetched, and what waits.
    await popup.reload();
    await popup.getByText('3 actions waiting to sync', { exact: false }).waitFor({ timeout: 15_000 });
    const dana = popup.getByRole('listitem').filter({ hasText: 'Dana Whitfield' });
    expect(await dana.locator('.sync').textContent()).toBe('Waiting to sync 2: Touch, Accept');
    expect(await popup.getByText(/^Offline · as of/).count()).toBe(1);
    await popup.screenshot({ path: join(SCREENSHOTS, 'popup-offline.png'), fullPage: true });

    // Still down: another try changes nothing and loses nothing.
    await send({ kind: 'syncNow', input: null });
    expect(await pending()).toHaveLength(3);

    server = await server.startAgain();
    await send({ kind: 'syncNow', input: null });
    await send({ kind: 'syncNow', input: null }); // a second retry must not decide twice

    const stored = await server.database.db.select().from(decisions).where(eq(decisions.idempotencyKey, acceptKey));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ leadId: lead.dana, kind: 'accepted' });
    // In order: the touch reached the server before the decision, so it was not "without contact".
    expect(stored[0]!.withoutContact).toBe(false);
    expect(await server.database.db.select().from(touches).where(eq(touches.idempotencyKey, touchKey))).toHaveLength(1);
    const [danaHandover] = await server.database.db.select().from(handovers).where(eq(handovers.leadId, lead.dana));
    expect(danaHandover?.firstTouchAt).not.toBeNull();

    // Jonas was decided by someone else: the rep's accept is refused, kept to be read, never retried.
    expect((await server.database.db.select().from(decisions).where(eq(decisions.leadId, lead.jonas))).map((d) => d.idempotencyKey)).toEqual(['mo-decides-jonas']);
    expect((await pending()).map((item) => [item.action.idempotencyKey, item.failed?.code])).toEqual([[jonasKey, 'CONFLICT']]);

    const refused = popup.getByRole('listitem').filter({ hasText: 'was not delivered' });
    await refused.waitFor({ timeout: 15_000 });
    expect(await refused.textContent()).toMatch(/^Accept for Jonas Weber was not delivered: Someone else got there first: This handover was already rejected by Mo Khan at .+\.Dismiss$/);
    expect(await popup.getByText(/waiting to sync/).count()).toBe(0);
    await popup.screenshot({ path: join(SCREENSHOTS, 'popup-refused.png'), fullPage: true });
    await refused.getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => popup.getByText('was not delivered').count()).toBe(0);
    expect(await pending()).toEqual([]);
  });
});
