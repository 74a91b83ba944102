import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../server/domain/audit';
import { connectCrm } from '../../server/connectors/connections';
import { connectorContext } from '../support/connectors';
import { startHubSpotStandIn, type HubSpotStandIn } from '../support/crm/hubspot-stand-in';
import { startTestServer, type TestServer } from '../support/server';
import { failure } from '../support/trpc-failure';

// connections.status: the CRM connections as `connect status` shows them, for an admin's
// people page — never the credentials they were connected with.

describe('connections.status', () => {
  let server: TestServer;
  let hubspot: HubSpotStandIn;

  beforeAll(async () => {
    server = await startTestServer();
    hubspot = await startHubSpotStandIn({ now: () => Date.now() });
  });
  afterAll(async () => {
    await server?.close();
    await hubspot?.close();
  });

  it("shows an admin each connected CRM's state without its token, and refuses anyone else", async () => {
    const admin = await server.user({ email: 'sam@example.com', name: 'Sam', role: 'admin' });
    const manager = await server.user({ email: 'maria@example.com', name: 'Maria', role: 'manager' });
    expect(await admin.api.connections.status.query()).toEqual([]);

    const { account } = await connectCrm(connectorContext(server.database, () => new Date()), 'hubspot', { apiUrl: hubspot.url }, { token: hubspot.token }, SYSTEM);
    const statuses = await admin.api.connections.status.query();
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toMatchObject({ crm: 'hubspot', account, apiUrl: hubspot.url, lastPullAt: null, lastPushAt: null, outbox: { pending: 0, delivered: 0, failed: 0 }, lastError: null, pausedUntil: null });
    expect(JSON.stringify(statuses)).not.toContain(hubspot.token);

    expect(await failure(manager.api.connections.status.query())).toMatchObject({ code: 'FORBIDDEN' });
  });
});
