import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../server/domain/audit';
import { addIngestKey, addUser } from '../../server/domain/users';
import { startServer, type RunningServer } from '../../server/server';
import { api } from '../support/server';
import { startSqld, type Sqld } from '../support/sqld';

// The scale-out path: the same server code on a real libSQL server (sqld) over HTTP.

describe('on a libSQL server (sqld)', () => {
  let sqld: Sqld;
  let server: RunningServer;

  beforeAll(async () => {
    sqld = await startSqld();
    server = await startServer({ dbUrl: sqld.url, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await sqld?.stop();
  });

  it('migrates, ingests, scores, hands over, and keeps one decision per handover', async () => {
    const { token } = await addUser(server.database, { email: 'sam.rep@example.com', name: 'Sam Rep', role: 'rep', timeZone: 'America/New_York' }, SYSTEM);
    const key = await addIngestKey(server.database, 'sqld test', SYSTEM);
    const now = Date.now();
    const at = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000).toISOString();
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });

    const leads = await post('/leads', {
      leads: [
        {
          email: 'dana.cfo@bigco.com',
          title: 'CFO',
          company: { name: 'BigCo', domain: 'bigco.com', employees: 800, industry: 'Financial Services', country: 'US' },
          source: 'webinar',
        },
      ],
    });
    expect(leads.status).toBe(200);
    const events = await post('/events', {
      events: [{ id: 'sqld-ev-1', email: 'dana.cfo@bigco.com', type: 'demo_request', at: at(1), properties: {} }],
    });
    expect(events.status).toBe(200);

    const rep = api(server.url, token);
    const packet = await rep.packet.get.query({ email: 'dana.cfo@bigco.com' });
    expect(packet.evaluation.stage).toMatchObject({ stage: 'sql', path: 'direct' });
    expect(packet.handover).not.toBeNull();
    expect(packet.owner?.email).toBe('sam.rep@example.com');

    const results = await Promise.allSettled([
      rep.decision.accept.mutate({ leadId: packet.lead.id, idempotencyKey: 'sqld-accept-1' }),
      rep.decision.reject.mutate({ leadId: packet.lead.id, idempotencyKey: 'sqld-reject-1', reason: 'bad_timing' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await rep.packet.get.query({ email: 'dana.cfo@bigco.com' })).decision).not.toBeNull();
  });
});
