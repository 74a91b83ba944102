import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCrm } from '../../server/connectors/connections';
import { CONNECTORS } from '../../server/connectors/registry';
import { loadSecretKey } from '../../server/connectors/secrets';
import { startSyncLoop, type TSyncLoop } from '../../server/connectors/sync';
import { leads } from '../../server/db/schema';
import type { TCrmName } from '../../server/db/schema-connectors';
import { SYSTEM } from '../../server/domain/audit';
import { hubspotSignatureV3 } from '../../server/rest/crm-webhooks';
import { startHubSpotStandIn, type HubSpotStandIn } from '../support/crm/hubspot-stand-in';
import { startTestServer, type TestServer } from '../support/server';

// HubSpot's webhooks as a nudge: a signed contact change starts a pull at once (the sync
// interval here is an hour); an unsigned, wrongly signed or stale one changes nothing.

const APP_SECRET = 'a3c1e0f2-7b44-4d2b-9a0e-5f1c2d3e4b5a';

describe('HubSpot webhooks', () => {
  let hubspot: HubSpotStandIn;
  let server: TestServer;
  let loop: TSyncLoop;
  let pullSoon: (crm: TCrmName) => void = () => undefined;
  const started: TCrmName[] = [];

  beforeAll(async () => {
    hubspot = await startHubSpotStandIn();
    const secretKey = loadSecretKey({ envKey: randomBytes(32).toString('base64'), keyFile: 'unused', create: false });
    server = await startTestServer({
      connectors: {
        secretKey,
        pullSoon: (crm) => {
          started.push(crm);
          pullSoon(crm);
        },
      },
    });
    const context = { database: server.database, secretKey, modules: CONNECTORS, now: () => new Date() };
    await connectCrm(context, 'hubspot', { apiUrl: hubspot.url }, { token: hubspot.token, webhookSecret: APP_SECRET }, SYSTEM);
    loop = startSyncLoop(context, 3_600_000, () => undefined);
    pullSoon = loop.pullSoon;
  });
  afterAll(async () => {
    loop?.stop();
    await server?.close();
    await hubspot?.close();
  });

  const post = (body: string, headers: Record<string, string>) => fetch(`${server.url}/api/v1/webhooks/hubspot`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('refuses a webhook without a signature, with a wrong one, or an old one, and starts nothing', async () => {
    const body = JSON.stringify([{ subscriptionType: 'contact.creation', objectId: 1 }]);
    const now = String(Date.now());
    expect((await post(body, {})).status).toBe(401);
    const forged = await post(body, { 'x-hubspot-signature-v3': hubspotSignatureV3('not-the-secret', 'POST', `${server.url}/api/v1/webhooks/hubspot`, body, now), 'x-hubspot-request-timestamp': now });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { message: string } }).error.message).toMatch(/does not match/);
    const old = String(Date.now() - 10 * 60_000);
    const stale = await post(body, { 'x-hubspot-signature-v3': hubspotSignatureV3(APP_SECRET, 'POST', `${server.url}/api/v1/webhooks/hubspot`, body, old), 'x-hubspot-request-timestamp': old });
    expect(stale.status).toBe(401);
    expect(started).toEqual([]);
  });

  it('a contact created in HubSpot is in Handshake within seconds of its webhook, not at the next interval', async () => {
    const webhooks = hubspot.portal.webhooks(`${server.url}/api/v1/webhooks/hubspot`, APP_SECRET);
    hubspot.portal.addContact({ email: 'nadia.haddad@orbit-systems.io', firstname: 'Nadia', jobtitle: 'Head of Sales' });
    await webhooks.settled();
    expect(webhooks.deliveries.map((d) => d.status)).toEqual([204]);
    expect(started).toEqual(['hubspot']);
    await expect.poll(async () => (await server.database.db.query.leads.findFirst({ where: eq(leads.email, 'nadia.haddad@orbit-systems.io') }))?.title, { timeout: 15_000 }).toBe('Head of Sales');
    webhooks.stop();
  });
});
