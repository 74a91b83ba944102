import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { insertHandover, insertLead } from '../test/support/fixtures';
import { startTestServer } from '../test/support/server';
import { FirefoxRdp, type TPacket } from './firefox-rdp';

// The built Firefox add-on (.output/firefox-mv3) in a real headless Firefox, against a real
// server: installed as a temporary add-on, signed in from an extension page through the
// message protocol, the queue and its badge, a touch delivered, a custom site on a loopback
// port registered and showing the lead; no error in the add-on's console. Not part of
// `npm test`: `npm run smoke:firefox` builds and runs it (FIREFOX_PATH, else firefox-esr or firefox).

const ADDON = resolve(import.meta.dirname, '../.output/firefox-mv3');
const ADDON_ID = 'handshake@extension';
const firefox = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].find((path) => path && existsSync(path));
if (!firefox) {
  console.error('No Firefox: set FIREFOX_PATH, or on Debian `apt-get install -y firefox-esr`.');
  process.exit(1);
}

interface TConsoleResource {
  level?: string;
  arguments?: unknown[];
  message?: { level?: string; arguments?: unknown[] };
  pageError?: { errorMessage?: string };
}

const ALWAYS = { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7], dayStart: '00:00', dayEnd: '23:59' };
const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const server = await startTestServer({ demoPages: true });
const rep = await server.user({ ...ALWAYS, email: 'ines.moreau@example.com', name: 'Inès Moreau', role: 'rep' });
const leadId = await insertLead(server.database, { email: 'dana@example.com', firstName: 'Dana', lastName: 'Whitfield', title: 'CFO', ownerId: rep.id, stage: 'sql', hubspotId: '51234' });
await insertHandover(server.database, { leadId, ownerId: rep.id, startedAt: minutesFromNow(-200), warnAt: minutesFromNow(-20), deadline: minutesFromNow(30) });
// A team's own tool on a loopback port, as a custom site: a page naming the lead by address.
const site = http.createServer((_, response) => {
  response.setHeader('content-type', 'text/html; charset=utf-8');
  response.end('<!doctype html><title>Contact</title><h1>Dana Whitfield</h1><a href="mailto:dana@example.com">dana@example.com</a>');
});
await new Promise<void>((done) => site.listen(0, '127.0.0.1', done));
const siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

const rdp = await FirefoxRdp.launch(firefox);
let failures = 0;
async function step(name: string, run: () => string | Promise<string>): Promise<void> {
  try {
    console.log(`✓ ${name}: ${await run()}`);
  } catch (error) {
    failures++;
    console.log(`✗ ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
function expectThat(ok: boolean, what: unknown): string {
  if (!ok) throw new Error(`got ${JSON.stringify(what)}`);
  return JSON.stringify(what).slice(0, 160);
}

try {
  const { addonsActor } = (await rdp.request('root', 'getRoot')) as { addonsActor: string };
  await rdp.request(addonsActor, 'installTemporaryAddon', { addonPath: ADDON });
  const { addons } = (await rdp.request('root', 'listAddons')) as { addons: { id: string; actor: string }[] };
  const addon = addons.find(({ id }) => id === ADDON_ID);
  if (!addon) throw new Error(`${ADDON_ID} is not installed`);
  const { actor: watcher } = (await rdp.request(addon.actor, 'getWatcher', { isServerTargetSwitchingEnabled: true, isPopupDebuggingEnabled: false })) as { actor: string };
  await rdp.request(watcher, 'watchTargets', { targetType: 'frame' });
  await rdp.request(watcher, 'watchResources', { resourceTypes: ['console-message', 'error-message'] });
  const target = async (urlEnd: string) =>
    ((await rdp.waitFor((p) => p.type === 'target-available-form' && String((p.target as { url: string }).url).endsWith(urlEnd), 15_000)).target as { consoleActor: string }).consoleActor;
  const background = await target('/_generated_background_page.html');
  const inBackground = (body: string) => rdp.evaluate(background, body);

  /** Opens `url` in a tab and waits for the sidebar to name the lead; its first lines. */
  const sidebarTextAt = async (url: string) => {
    const text = await inBackground(
      `const tab = await browser.tabs.create({ url: ${JSON.stringify(url)} });
       for (let i = 0; i < 100; i++) {
         await new Promise((r) => setTimeout(r, 100));
         const [found] = await browser.scripting.executeScript({ target: { tabId: tab.id }, func: () => document.querySelector('handshake-sidebar')?.shadowRoot?.querySelector('.hs')?.innerText ?? '' }).catch(() => [{ result: '' }]);
         if (found.result.includes('Whitfield') && found.result.includes('first touch')) return found.result;
       }
       return null`,
    );
    return expectThat(typeof text === 'string', String(text).split('\n').slice(2, 9).join(' · '));
  };

  await inBackground(`await browser.tabs.create({ url: browser.runtime.getURL('/options.html') })`);
  const options = await target('/options.html');
  const send = async (kind: string, input: unknown) =>
    (await rdp.evaluate(options, `return await browser.runtime.sendMessage(${JSON.stringify({ kind, input })})`)) as { ok: boolean; value?: unknown; error?: unknown };

  // The page may still be loading, or the background starting: the first answer waits for both.
  for (let until = Date.now() + 15_000; ; ) {
    const reply = await send('getSession', null).catch((error: unknown) => ({ ok: false, error }));
    if (reply.ok) break;
    if (Date.now() > until) throw new Error(`the background does not answer: ${JSON.stringify(reply)}`);
    await new Promise((done) => setTimeout(done, 200));
  }
  await step('signs in to a server on a loopback port', async () => {
    const reply = await send('signIn', { serverUrl: server.url, token: rep.token });
    return expectThat(reply.ok && (reply.value as { user: { name: string } }).user.name === 'Inès Moreau', reply);
  });
  await step('keeps the token out of storage.local', async () => {
    const stored = JSON.stringify(await inBackground(`return await browser.storage.local.get(null)`));
    return expectThat(!stored.includes(rep.token), 'not there');
  });
  await step('shows the queue, and its count on the badge', async () => {
    const queue = await send('getQueue', null);
    const items = (queue.value as { items: { name: string }[] } | undefined)?.items ?? [];
    const badge = await inBackground(`return await browser.action.getBadgeText({})`);
    return expectThat(queue.ok && items.length === 1 && items[0]?.name === 'Dana Whitfield' && badge === '1', { items: items.map((i) => i.name), badge });
  });
  await step('delivers a touch', async () => {
    const reply = await send('logTouch', { leadId, idempotencyKey: 'firefox-smoke-touch', channel: 'call', leadName: 'Dana Whitfield' });
    return expectThat(reply.ok && (reply.value as { status: string }).status === 'delivered', reply);
  });
  // A built-in site loads the sidebar's code with import() of its web-accessible file (a
  // custom site gets it from the background): the demo CRM page on the server is one.
  await step('shows the sidebar with the lead on a built-in site (the demo HubSpot page)', () => sidebarTextAt(`${server.url}/demo/hubspot/51234`));
  await step('registers a custom site on a port by its host', async () => {
    const custom = [{ host: siteOrigin.slice('http://'.length), pattern: `${siteOrigin}/*` }];
    await inBackground(
      `const { siteSettings } = await browser.storage.local.get('siteSettings'); await browser.storage.local.set({ siteSettings: { enabled: { hubspot: true, salesforce: true, pipedrive: true, gmail: true, outlook: true }, ...siteSettings, custom: ${JSON.stringify(custom)} } })`,
    );
    for (const until = Date.now() + 10_000; Date.now() < until; ) {
      const scripts = (await inBackground(`return await browser.scripting.getRegisteredContentScripts()`)) as { matches: string[] }[];
      if (scripts.length > 0) return expectThat(JSON.stringify(scripts.map((s) => s.matches)) === '[["http://127.0.0.1/*"]]', scripts);
    }
    throw new Error('nothing registered');
  });
  await step('shows the sidebar with the lead on that site', () => sidebarTextAt(`${siteOrigin}/contact`));
  await step('logs no error in the add-on', () => {
    const errors = rdp.events
      .filter((p: TPacket) => p.type === 'resources-available-array')
      .flatMap((p) => (p.array as [string, TConsoleResource[]][]).flatMap(([, list]) => list))
      // A console message is the resource itself in recent Firefox, wrapped in `message` before.
      .map((r) => ({ pageError: r.pageError, message: r.message ?? r }))
      .filter((r) => r.pageError || r.message.level === 'error')
      .map((r) => r.pageError?.errorMessage ?? JSON.stringify(r.message.arguments));
    return expectThat(errors.length === 0, errors.length === 0 ? 'none' : errors);
  });
} finally {
  await rdp.close();
  site.close();
  await server.close();
}
console.log(failures === 0 ? `Firefox (${firefox}): every step passed.` : `Firefox (${firefox}): ${failures} step(s) failed.`);
process.exit(failures === 0 ? 0 : 1);
